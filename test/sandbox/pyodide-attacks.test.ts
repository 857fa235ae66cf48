import { createServer, type Server } from 'node:http';
import { existsSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dependencyDir } from '../../src/package-files.js';
import { PyodidePool } from '../../src/sandbox/pyodide-pool.js';
import type { SandboxResult } from '../../src/sandbox/types.js';
import { ATTACKS, HOST_MARKER } from './attacks.js';

// One warm pool for the whole suite: every attack runs in it, and after each one an honest
// program must still get the right answer — the pool recovers and nothing carries over.

let pool: PyodidePool;
let server: Server;
let port = 0;
let requests = 0;
const HONEST = { code: 'def add(a, b):\n    return a + b\n', calls: ['add(2, 3)'] };

beforeAll(async () => {
  process.env.DIDACTIC_TEST_SECRET = 'hunter2-secret';
  rmSync(HOST_MARKER, { force: true });
  server = createServer((_req, res) => {
    requests++;
    res.end('reached');
  });
  server.on('upgrade', (_req, socket) => {
    requests++;
    socket.destroy();
  });
  server.on('connection', () => {
    requests++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  pool = new PyodidePool({ size: 1, memoryMb: 256, outputBytes: 64 * 1024 });
  await pool.warm();
}, 60_000);

afterAll(async () => {
  await pool?.close();
  await new Promise((resolve) => server?.close(resolve));
  delete process.env.DIDACTIC_TEST_SECRET;
});

function expectHonestStillWorks(result: SandboxResult): void {
  expect(result.status).toBe('completed');
  expect(result.calls[0]).toEqual({ ok: true, value: { t: 'int', v: '5' } });
}

function neverPasses(result: SandboxResult, expected: string): void {
  // Whatever happened, no call produced the expected value.
  for (const call of result.calls) if (call.ok) expect(call.value).not.toEqual({ t: 'int', v: expected });
}

describe('Pyodide sandbox under attack', () => {
  it('runs an honest program', async () => {
    const result = await pool.run(HONEST);
    expectHonestStillWorks(result);
  }, 30_000);

  for (const attack of ATTACKS) {
    it(`contains: ${attack.name}`, async () => {
      const result = await pool.run({
        code: attack.code,
        calls: attack.calls ?? [],
        ...(attack.timeoutMs ? { timeoutMs: attack.timeoutMs } : {}),
      });
      expect(['completed', 'timeout', 'memory', 'crashed']).toContain(result.status);
      neverPasses(result, '3');
      expect(existsSync(HOST_MARKER)).toBe(false);
      expect(result.output).not.toContain('root:x:0:0');
      expect(JSON.stringify(result)).not.toContain('hunter2-secret');
      expect(result.output.length).toBeLessThanOrEqual(64 * 1024);
      expectHonestStillWorks(await pool.run(HONEST));
    }, 60_000);
  }

  it('reports the specific ending of each kind of attack', async () => {
    const loop = await pool.run({ code: 'while True: pass', calls: [], timeoutMs: 1000 });
    expect(loop.status).toBe('timeout');
    const memory = await pool.run({ code: 'x = bytearray(400 * 1024**2)', calls: [] });
    expect(memory.load).toMatchObject({ ok: false, error: { type: 'MemoryError' } });
    const exit = await pool.run({ code: 'import sys\nsys.exit(0)', calls: ['1'] });
    expect(exit.load).toMatchObject({ ok: false, error: { type: 'SystemExit', line: 2 } });
    const output = await pool.run({ code: 'print("y" * 100_000_000)', calls: [] });
    expect(output.outputTruncated).toBe(true);
    expect(output.output.length).toBe(64 * 1024);
  }, 60_000);

  it('cannot reach a live local HTTP server by socket, urllib or the JS bridge', async () => {
    const attempts = [
      `import socket\ns = socket.create_connection(("127.0.0.1", ${port}), timeout=2)\ns.sendall(b"GET / HTTP/1.0\\r\\n\\r\\n")\nr = s.recv(100)`,
      `import urllib.request\nr = urllib.request.urlopen("http://127.0.0.1:${port}/", timeout=2).read()`,
      `import http.client\nc = http.client.HTTPConnection("127.0.0.1", ${port}, timeout=2)\nc.request("GET", "/")\nr = c.getresponse().read()`,
      `import js\nr = js.fetch("http://127.0.0.1:${port}/")`,
      `import pyodide_js\nr = pyodide_js`,
      `from pyodide.http import open_url\nr = open_url("http://127.0.0.1:${port}/").read()`,
      `from pyodide.ffi import to_js\nf = to_js([]).constructor.constructor("return fetch")()\nr = f("http://127.0.0.1:${port}/")`,
    ];
    for (const code of attempts) {
      const result = await pool.run({ code, calls: ['r'], timeoutMs: 5000 });
      expect(result.status === 'completed' ? result.load?.ok : false, code).toBe(false);
    }
    // Give any stray connection time to arrive before checking that none did.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(requests).toBe(0);
    // The server itself is reachable from the host, so the zero above means something.
    const response = await fetch(`http://127.0.0.1:${port}/`);
    expect(await response.text()).toBe('reached');
    expect(requests).toBeGreaterThan(0);
  }, 60_000);

  it('control: the same socket code in an unhardened Pyodide does reach the server', async () => {
    // Shows that the test above can fail: this is what the worker's hardening takes away.
    const { loadPyodide } = await import('pyodide');
    const bare = await loadPyodide({ indexURL: `${dependencyDir('pyodide')}/` });
    const before = requests;
    bare.runPython(`import socket\ns = socket.socket()\ns.connect(("127.0.0.1", ${port}))\ns.send(b"GET / HTTP/1.0\\r\\n\\r\\n")`);
    for (let i = 0; i < 50 && requests === before; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(requests).toBeGreaterThan(before);
  }, 60_000);

  it('leaves no module-level JS object that reaches the host', async () => {
    const result = await pool.run({
      code: [
        'import gc, sys',
        'from pyodide.ffi import JsProxy',
        'found = [o for o in gc.get_objects() if isinstance(o, JsProxy)]',
        'reach = []',
        'for o in found:',
        '    for name in ("process", "require", "fetch", "mountNodeFS", "globalThis"):',
        '        try:',
        '            if getattr(o, name, None) is not None:',
        '                reach.append(name)',
        '        except Exception:',
        '            pass',
      ].join('\n'),
      calls: ['reach'],
    });
    expect(result.calls[0]).toEqual({ ok: true, value: { t: 'list', v: [] } });
  }, 30_000);

  it('does not carry state from one job to the next', async () => {
    await pool.run({
      code: 'import builtins, json, os\nbuiltins.len = lambda x: 99\njson.loads = None\nos.environ["LEFT"] = "1"\nopen("/tmp/left-behind", "w").write("x")\nimport sys\nsys.setrecursionlimit(50)',
      calls: [],
    });
    const after = await pool.run({
      code: 'import os, json\ndef f():\n    return [len([1, 2]), json.loads("[1]"), os.path.exists("/tmp/left-behind"), "LEFT" in os.environ]',
      calls: ['f()'],
    });
    expect(after.calls[0]).toEqual({
      ok: true,
      value: {
        t: 'list',
        v: [
          { t: 'int', v: '2' },
          { t: 'list', v: [{ t: 'int', v: '1' }] },
          { t: 'bool', v: false },
          { t: 'bool', v: false },
        ],
      },
    });
  }, 30_000);
});
