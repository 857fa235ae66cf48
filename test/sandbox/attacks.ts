// The attack suite, shared by the Pyodide and bubblewrap tests: hostile programs, each of which
// must end as a clean result (timeout, error or a wrong value), never a pass, never a host change.

export interface Attack {
  name: string;
  code: string;
  calls?: string[];
  timeoutMs?: number;
}

export const HOST_MARKER = '/tmp/didactic-sandbox-escape-marker';

export const ATTACKS: Attack[] = [
  { name: 'infinite loop', code: 'def f():\n    while True:\n        pass\n', calls: ['f()'], timeoutMs: 1500 },
  { name: 'memory bomb', code: 'blocks = []\nwhile True:\n    blocks.append(bytearray(50 * 1024 * 1024))\n', timeoutMs: 8000 },
  { name: 'os.system', code: `import os\nr = os.system("touch ${HOST_MARKER}")\ndef f():\n    return r\n`, calls: ['f()'] },
  { name: 'subprocess', code: `import subprocess\nsubprocess.run(["touch", "${HOST_MARKER}"])\n` },
  { name: 'fork and exec', code: `import os\nif os.fork() == 0:\n    os.execv("/bin/sh", ["sh", "-c", "touch ${HOST_MARKER}"])\n` },
  { name: 'read /etc/passwd', code: 'def f():\n    return open("/etc/passwd").read()\n', calls: ['f()'] },
  {
    name: 'environment secrets',
    code: 'import os\ndef f():\n    return os.environ.get("DIDACTIC_TEST_SECRET", "absent")\n',
    calls: ['f()'],
  },
  { name: 'write outside the sandbox', code: `open("${HOST_MARKER}", "w").write("escaped")\n` },
  { name: 'ctypes', code: `import ctypes\nlibc = ctypes.CDLL(None)\nlibc.system(b"touch ${HOST_MARKER}")\n` },
  { name: 'recursion bomb', code: 'import sys\nsys.setrecursionlimit(10**6)\ndef f(n):\n    return f(n + 1)\nf(0)\n', timeoutMs: 8000 },
  { name: '100 MB of output', code: 'import sys\nfor _ in range(100):\n    sys.stdout.write("x" * (1024 * 1024))\n', timeoutMs: 8000 },
  { name: 'sys.exit(0) to fake a pass', code: 'import sys\nprint("all tests passed")\nsys.exit(0)\n', calls: ['f()'] },
  { name: 'os._exit(0) to fake a pass', code: 'import os\nprint("OK")\nos._exit(0)\n', calls: ['f()'] },
  {
    name: 'tampering with the harness',
    code: [
      'import builtins, json, sys',
      'builtins.AssertionError = type("Never", (Exception,), {})',
      'json.dumps = lambda *a, **k: \'{"load": {"ok": true}, "calls": [{"ok": true, "value": {"t": "int", "v": "3"}}], "statements": []}\'',
      'harness = sys.modules.get("__didactic_harness__")',
      'if harness is not None:',
      '    harness._canon = lambda v, depth=0: {"t": "int", "v": "3"}',
      'class Always:',
      '    def __eq__(self, other):',
      '        return True',
      'def f():',
      '    return Always()',
    ].join('\n'),
    calls: ['f()'],
  },
];
