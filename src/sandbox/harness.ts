// The Python side of every sandbox: load the untrusted program, evaluate the test calls, and turn
// each result into a plain tagged value (see PyValue). It reports values and exceptions only;
// deciding pass or fail happens on the host. Shared by the Pyodide and the bubblewrap sandboxes.
//
// The untrusted code runs after this module, so everything the harness needs is bound to local
// names first: a program that replaces builtins or json later cannot change how results are read.

export const HARNESS_MODULE = '__didactic_harness__';

export const HARNESS_SOURCE = String.raw`
import builtins as _b, io as _io, json as _json, sys as _sys

_type, _isinstance, _repr, _len, _str, _list = type, isinstance, repr, len, str, list
_BaseException = BaseException
_dumps = _json.dumps
_compile, _exec, _eval = compile, exec, eval
_int, _float, _strt, _bool, _dict, _getattr, _SyntaxError = int, float, str, bool, dict, getattr, SyntaxError
_StringIO, _SystemExit, _exit = _io.StringIO, SystemExit, _sys.exit
_SEQ = {list: "list", tuple: "tuple", set: "set", frozenset: "frozenset"}
_MAX_DEPTH = 40
_MAX_ITEMS = 10000


def _short(text, limit=300):
    return text if _len(text) <= limit else text[:limit] + "..."


def _safe_repr(v):
    try:
        return _short(_str(_repr(v)))
    except _BaseException:
        return "<unprintable>"


def _canon(v, depth=0):
    t = _type(v)
    if v is None:
        return {"t": "none"}
    if t is _bool:
        return {"t": "bool", "v": v is True}
    if t is _int:
        return {"t": "int", "v": _int.__repr__(v)}
    if t is _float:
        return {"t": "float", "v": _float.__repr__(v)}
    if t is _strt:
        return {"t": "str", "v": _strt.__str__(v)}
    if depth >= _MAX_DEPTH:
        return {"t": "other", "type": "nested too deeply", "repr": "..."}
    if t in _SEQ:
        items = _list(v)
        if _len(items) > _MAX_ITEMS:
            return {"t": "other", "type": t.__name__, "repr": "<too many items>"}
        return {"t": _SEQ[t], "v": [_canon(x, depth + 1) for x in items]}
    if t is _dict:
        pairs = _list(_dict.items(v))
        if _len(pairs) > _MAX_ITEMS:
            return {"t": "other", "type": "dict", "repr": "<too many items>"}
        return {"t": "dict", "v": [[_canon(k, depth + 1), _canon(x, depth + 1)] for k, x in pairs]}
    return {"t": "other", "type": _short(_getattr(t, "__qualname__", "object"), 80), "repr": _safe_repr(v)}


def _error(e, lines):
    out = {"type": _type(e).__name__, "message": _short(_safe_str(e), 500)}
    try:
        # Walk the traceback by hand: a recursion bomb leaves a very long one, and formatting
        # every frame would take longer than the program itself.
        tb, line = e.__traceback__, None
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == "<submission>":
                line = tb.tb_lineno
            tb = tb.tb_next
        if line is None and _isinstance(e, _SyntaxError) and e.filename == "<submission>":
            line = e.lineno
        if line:
            out["line"] = line
            if 0 < line <= _len(lines):
                out["source"] = _short(lines[line - 1].strip(), 200)
    except _BaseException:
        pass
    return out


def _safe_str(e):
    try:
        return _str(e)
    except _BaseException:
        return "<unprintable message>"


def _run_script(compiled, text, lines, canon=_canon, error=_error, exec_=_exec):
    # One run of the whole program as a script: a fresh namespace, the input as standard input and
    # standard output captured. exit() ends a run normally, as it would on a judge.
    saved_in, saved_out = _sys.stdin, _sys.stdout
    out = _StringIO()
    _sys.stdin, _sys.stdout = _StringIO(text), out
    try:
        try:
            # exit()/quit() come from the site module, which a python3 -S sandbox never loads.
            exec_(compiled, {"__name__": "__main__", "__builtins__": _b, "exit": _exit, "quit": _exit})
        except _SystemExit as e:
            if e.code not in (None, 0):
                raise
        return {"ok": True, "value": canon(out.getvalue())}
    except _BaseException as e:
        return {"ok": False, "error": error(e, lines)}
    finally:
        _sys.stdin, _sys.stdout = saved_in, saved_out


def run_job(job_json):
    # Bound before the program runs: rebinding the module's names later does not reach this call.
    canon, error, dumps, compile_, exec_, eval_, append = _canon, _error, _dumps, _compile, _exec, _eval, _list.append
    job = _json.loads(job_json)
    code = job["code"]
    lines = code.split("\n")
    ns = {"__name__": "solution", "__builtins__": _b}
    calls, statements = [], []
    result = {"calls": calls, "statements": statements}
    stdin = job.get("stdin")
    try:
        compiled = compile_(code, "<submission>", "exec")
        # A script reads its input when it runs, so loading one only compiles it.
        if stdin is None:
            exec_(compiled, ns)
        result["load"] = {"ok": True}
    except _BaseException as e:
        result["load"] = {"ok": False, "error": error(e, lines)}
        return dumps(result)
    for text in stdin or []:
        append(calls, _run_script(compiled, text, lines))
    for src in job["calls"]:
        try:
            value = eval_(compile_(src, "<test>", "eval"), ns)
            append(calls, {"ok": True, "value": canon(value)})
        except _BaseException as e:
            append(calls, {"ok": False, "error": error(e, lines)})
    for src in job.get("statements", []):
        try:
            exec_(compile_(src, "<test>", "exec"), ns)
            append(statements, {"ok": True})
        except _BaseException as e:
            append(statements, {"ok": False, "error": error(e, lines)})
    return dumps(result)
`;
