// One sandbox worker thread: a Pyodide interpreter with its ways out of WebAssembly removed.
// Runs jobs one at a time for the pool in pyodide-pool.ts; the pool enforces the wall-clock
// timeout by terminating this thread, so nothing here needs to police time.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { HARNESS_MODULE, HARNESS_SOURCE } from './harness.js';
import { RESET_SOURCE } from './reset.js';

export interface WorkerInit {
  indexURL: string;
  memoryMb: number;
  outputBytes: number;
}
export type WorkerRequest = { type: 'run'; id: number; job: string };
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'result'; id: number; json: string; output: string; outputTruncated: boolean; retire?: string }
  | { type: 'crashed'; id: number; reason: string; output: string; outputTruncated: boolean };

const init = workerData as WorkerInit;
const port = parentPort;
if (!port) throw new Error('pyodide-worker.js must run in a worker thread');

// Network first, before Pyodide captures anything: nothing in this thread may open a connection.
const g = globalThis as Record<string, unknown>;
for (const name of ['fetch', 'WebSocket', 'EventSource', 'XMLHttpRequest', 'WebSocketStream']) delete g[name];

// Memory: Emscripten grows the WebAssembly heap through Memory.prototype.grow and treats a throw as
// "out of memory", which Python reports as MemoryError. worker resourceLimits only cover the JS heap.
const maxBytes = init.memoryMb * 1024 * 1024;
interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}
// The project's TypeScript lib has no WebAssembly declarations; this is the one member used.
const memoryPrototype = (g.WebAssembly as { Memory: { prototype: WasmMemory } }).Memory.prototype;
const realGrow = memoryPrototype.grow;
memoryPrototype.grow = function grow(this: WasmMemory, pages: number): number {
  if (this.buffer.byteLength + pages * 65536 > maxBytes) throw new RangeError('sandbox memory limit');
  return realGrow.call(this, pages);
};

// The worker's own stdout and stderr are streams nobody reads (reading them would keep the host
// process alive); Python's output is captured below, and anything else the runtime logs is dropped.
for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) console[method] = () => {};

let output = '';
let outputBytes = 0;
let outputTruncated = false;
const decoder = new TextDecoder();
const capture = {
  write(buffer: Uint8Array): number {
    outputBytes += buffer.length;
    if (outputBytes <= init.outputBytes) output += decoder.decode(buffer, { stream: true });
    else if (!outputTruncated) {
      outputTruncated = true;
      const room = init.outputBytes - (outputBytes - buffer.length);
      if (room > 0) output += decoder.decode(buffer.subarray(0, room));
    }
    // Report everything as written: the program goes on, only the kept text is capped.
    return buffer.length;
  },
};

const pyodide: PyodideAPI = await loadPyodide({
  indexURL: init.indexURL,
  env: { HOME: '/home/pyodide' },
  stdout: () => {},
  stderr: () => {},
});
pyodide.setStdout(capture);
pyodide.setStderr(capture);
harden(pyodide);
pyodide.runPython(
  `import sys, types\n_m = types.ModuleType(${JSON.stringify(HARNESS_MODULE)})\nexec(${JSON.stringify(HARNESS_SOURCE)}, _m.__dict__)\nexec(${JSON.stringify(RESET_SOURCE)}, _m.__dict__)\nsys.modules[${JSON.stringify(HARNESS_MODULE)}] = _m\ndel _m, sys, types`,
);
const harness = pyodide.pyimport(HARNESS_MODULE) as unknown as {
  run_job(job: string): string;
  snapshot(): void;
  reset(): void;
};
const runJob = harness.run_job;
const reset = harness.reset;
harness.snapshot();

port.on('message', (request: WorkerRequest) => {
  output = '';
  outputBytes = 0;
  outputTruncated = false;
  let json: string;
  try {
    json = runJob(request.job);
  } catch (error) {
    // The harness catches every Python exception, so this is the interpreter itself going away:
    // os._exit(), a stack overflow in WebAssembly, a fatal error. This worker is done.
    port.postMessage({ type: 'crashed', id: request.id, reason: describe(error), output, outputTruncated } satisfies WorkerReply);
    return;
  }
  let retire: string | undefined;
  try {
    reset();
  } catch (error) {
    // A worker that cannot be reset must not run another job; the pool replaces it.
    retire = describe(error);
  }
  port.postMessage({ type: 'result', id: request.id, json, output, outputTruncated, ...(retire ? { retire } : {}) } satisfies WorkerReply);
});
port.postMessage({ type: 'ready' } satisfies WorkerReply);

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 300 ? `…${text.slice(-300)}` : text;
}

/**
 * Cut every path from Python to the host: the `js` and `pyodide_js` modules (which expose the
 * worker's globals, `process` and `mountNodeFS`), the `require` Pyodide installs globally, the
 * WebSocket-backed socket layer, and the Function constructors a JS proxy could use to compile
 * code that reaches back out.
 */
function harden(py: PyodideAPI): void {
  delete g.require;
  // Emscripten implements os.system with child_process.spawnSync from its own module scope. Built-in
  // module objects are per thread, so disabling them here changes nothing outside this worker.
  const childProcess = createRequire(import.meta.url)('node:child_process') as Record<string, unknown>;
  for (const [name, value] of Object.entries(childProcess)) {
    if (typeof value !== 'function') continue;
    childProcess[name] =
      name === 'spawnSync'
        ? () => ({ status: 127, signal: null, output: [], pid: 0, stdout: null, stderr: null })
        : () => {
            throw new Error('processes are disabled in the sandbox');
          };
  }
  const module = (
    py as unknown as {
      _module: {
        SOCKFS?: { websocket_sock_ops?: Record<string, unknown> };
        ERRNO_CODES?: Record<string, number>;
        FS: { ErrnoError: new (errno: number) => Error };
      };
    }
  )._module;
  const ops = module.SOCKFS?.websocket_sock_ops;
  if (ops) {
    const refused = (): never => {
      throw new module.FS.ErrnoError(module.ERRNO_CODES?.ECONNREFUSED ?? 14);
    };
    for (const op of ['createPeer', 'connect', 'listen', 'sendmsg']) ops[op] = refused;
  }
  for (const name of ['js', 'pyodide_js']) py.unregisterJsModule(name);
  py.runPython(
    `import sys\nfor _n in [n for n in sys.modules if n in ("js", "pyodide_js") or n.startswith(("js.", "pyodide_js."))]:\n    del sys.modules[_n]\ndel _n, sys`,
  );
  const blocked = function blockedCodeGeneration(): never {
    throw new EvalError('code generation is disabled in the sandbox');
  };
  const samples = [() => {}, async () => {}, function* () {}, async function* () {}];
  for (const sample of samples) {
    Object.defineProperty(Object.getPrototypeOf(sample), 'constructor', { value: blocked, writable: false, configurable: false });
  }
  g.eval = blocked;
}
