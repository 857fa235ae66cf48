// Undo what one job did to the interpreter before the next job runs in the same worker: modules
// it imported, names it replaced in any module (builtins, sys, json, …), files it wrote, the
// working directory, environment variables and interpreter settings. Workers are also replaced after a fixed number of
// jobs, which bounds whatever a job could change below the level of module attributes.

export const RESET_SOURCE = String.raw`
import os as _os, shutil as _shutil, sys as _sys2, gc as _gc

# One mutable holder, so restoring this module's own namespace keeps the snapshot.
_state = {}
_HOME = "/home/pyodide"
_scratch_dirs = ("/tmp", _HOME)
_MISSING = object()


def snapshot():
    # Emscripten sets "_" to the host path of the worker script; the program has no use for it.
    _os.environ.pop("_", None)
    _state["environ"] = dict(_os.environ)
    modules = dict(_sys2.modules)
    _state["modules"] = modules
    _state["dicts"] = {name: (m, dict(m.__dict__)) for name, m in modules.items() if _type(_getattr(m, "__dict__", None)) is _dict}
    _state["limit"] = _sys2.getrecursionlimit()
    # The harness's own functions, whose code and defaults a job could have swapped.
    _state["functions"] = [(f, f.__code__, f.__defaults__, f.__kwdefaults__) for f in (run_job, _canon, _error, _safe_repr, _safe_str, _short, snapshot, reset)]


def reset():
    saved_modules, saved_dicts, limit = _state["modules"], _state["dicts"], _state["limit"]
    modules = _sys2.modules
    for name in [n for n in _list(modules) if n not in saved_modules]:
        del modules[name]
    for name, module in saved_modules.items():
        modules[name] = module
    for name, (module, saved) in saved_dicts.items():
        current = module.__dict__
        for key in [k for k in current if k not in saved]:
            del current[key]
        for key, value in saved.items():
            if current.get(key, _MISSING) is not value:
                current[key] = value
    for f, code, defaults, kwdefaults in _state["functions"]:
        f.__code__, f.__defaults__, f.__kwdefaults__ = code, defaults, kwdefaults
    _sys2.setrecursionlimit(limit)
    if dict(_os.environ) != _state["environ"]:
        _os.environ.clear()
        _os.environ.update(_state["environ"])
    _sys2.settrace(None)
    _sys2.setprofile(None)
    for directory in _scratch_dirs:
        for entry in _os.listdir(directory):
            path = directory + "/" + entry
            if _os.path.isdir(path) and not _os.path.islink(path):
                _shutil.rmtree(path, ignore_errors=True)
            else:
                try:
                    _os.remove(path)
                except OSError:
                    pass
    _os.chdir(_HOME)
    _gc.collect(0)
`;
