import { availableParallelism } from 'node:os';
import { Worker as ThreadWorker } from 'node:worker_threads';
import 'core-js/actual/iterator/index.js';

// Browser globals @jax-js/jax looks for, provided for Node 20. This module must be imported
// before the library, because the library sizes its WebAssembly memory when it loads:
// - its einsum / attention code uses iterator helpers, which Node 20 lacks (core-js adds them);
// - it only spreads kernels over threads when a browser-style `Worker` global exists, so we
//   provide one over worker_threads that runs the library's worker source (a blob URL);
// - it sizes the pool from `navigator.hardwareConcurrency`, which Node 20 does not define.
// DIDACTIC_THREADS sets the thread count (default: up to 2, the cores this is tuned for).

const BOOTSTRAP = `
const { parentPort, workerData } = require('node:worker_threads');
const { resolveObjectURL } = require('node:buffer');
const queued = [];
globalThis.self = globalThis;
globalThis.postMessage = (data) => parentPort.postMessage(data);
parentPort.on('message', (data) => {
  if (typeof globalThis.onmessage === 'function') globalThis.onmessage({ data });
  else queued.push(data);
});
resolveObjectURL(workerData.url).text().then((source) => {
  (0, eval)(source);
  for (const data of queued.splice(0)) globalThis.onmessage({ data });
});
`;

class NodeWorker {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: { message: string }) => void) | null = null;
  readonly #thread: ThreadWorker;

  constructor(url: string | URL) {
    this.#thread = new ThreadWorker(BOOTSTRAP, { eval: true, workerData: { url: String(url) } });
    this.#thread.on('message', (data: unknown) => this.onmessage?.({ data }));
    this.#thread.on('error', (error: Error) => this.onerror?.({ message: error.message }));
    // Idle kernel threads must not keep a finished command alive.
    this.#thread.unref();
  }

  postMessage(data: unknown): void {
    this.#thread.postMessage(data);
  }

  terminate(): void {
    void this.#thread.terminate();
  }
}

const fromEnv = Number(process.env.DIDACTIC_THREADS);
export const THREADS = Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Math.min(2, availableParallelism());

const g = globalThis as Record<string, unknown>;
if (THREADS > 1 && g.Worker === undefined) g.Worker = NodeWorker;
if (g.navigator === undefined) g.navigator = { hardwareConcurrency: THREADS };
else Object.defineProperty(g.navigator, 'hardwareConcurrency', { value: THREADS, configurable: true });
