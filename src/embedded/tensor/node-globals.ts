import { availableParallelism } from 'node:os';
import { resolveObjectURL } from 'node:buffer';
import { Worker as ThreadWorker } from 'node:worker_threads';
import 'core-js/actual/iterator/index.js';

// Browser globals @jax-js/jax looks for, provided for Node 20. This module must be imported
// before the library, because the library sizes its WebAssembly memory when it loads:
// - its einsum / attention code uses iterator helpers, which Node 20 lacks (core-js adds them);
// - it only spreads kernels over threads when a browser-style `Worker` global exists, so we
//   provide one over worker_threads that runs the library's worker source (a blob URL);
// - it sizes the pool from `navigator.hardwareConcurrency`, which Node 20 does not define.
// DIDACTIC_THREADS sets the thread count (default: up to 2, the cores this is tuned for).

// The library hands its worker a blob URL, but blob URLs do not cross Node threads
// (`resolveObjectURL` inside the thread finds nothing, the thread dies, and every kernel
// silently ran on the main thread alone). So the main thread reads the blob and posts its
// source as the first message; the thread holds the library's messages until it has run it.
const BOOTSTRAP = `
const { parentPort } = require('node:worker_threads');
const queued = [];
let loaded = false;
globalThis.self = globalThis;
globalThis.postMessage = (data) => parentPort.postMessage(data);
parentPort.on('message', (data) => {
  if (!loaded) {
    if (data && typeof data.didacticWorkerSource === 'string') {
      (0, eval)(data.didacticWorkerSource);
      loaded = true;
      for (const queuedData of queued.splice(0)) globalThis.onmessage({ data: queuedData });
    } else queued.push(data);
    return;
  }
  globalThis.onmessage({ data });
});
`;

let readyThreads = 0;

/** Kernel threads that have loaded the library's worker code and answered its first message. */
export function kernelThreadsReady(): number {
  return readyThreads;
}

class NodeWorker {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: { message: string }) => void) | null = null;
  readonly #thread: ThreadWorker;
  #ready = false;

  constructor(url: string | URL) {
    this.#thread = new ThreadWorker(BOOTSTRAP, { eval: true });
    const blob = resolveObjectURL(String(url));
    if (blob === undefined) throw new Error(`kernel worker: no blob behind ${String(url)}`);
    // Messages posted before the source arrives wait in the thread's queue, in order.
    void blob.text().then((source) => this.#thread.postMessage({ didacticWorkerSource: source }));
    this.#thread.on('message', (data: unknown) => {
      if (!this.#ready && (data as { type?: unknown } | null)?.type === 'ready') {
        this.#ready = true;
        readyThreads++;
      }
      this.onmessage?.({ data });
    });
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
