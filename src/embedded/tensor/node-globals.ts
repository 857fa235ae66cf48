import { availableParallelism } from 'node:os';
import { resolveObjectURL } from 'node:buffer';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker as ThreadWorker } from 'node:worker_threads';
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
//
// Kernels then travel over a second path. The library runs a step's kernels one after
// another (a training step is about 380), and each waited for its threads' answers through
// both event loops: 0.12 ms a kernel measured here (0.075 ms out, 0.043 ms back). So once a
// thread has its memory it stops listening to its event loop: it watches a shared counter
// (spinning briefly, then `Atomics.wait`), takes the kernel's message off a channel
// synchronously, and raises an answer counter the main thread waits on. The main thread runs
// a chunk of each kernel itself meanwhile (patches/: the pool has one worker fewer than the
// thread count), so the two threads work side by side.
const BOOTSTRAP = `
const { parentPort, receiveMessageOnPort } = require('node:worker_threads');
const queued = [];
let loaded = false;
let fast = null; // { port, signal }: signal[0] kernels posted, [1] kernels done, [2] last status
globalThis.self = globalThis;
globalThis.postMessage = (data) => {
  if (fast !== null && data && data.type === 'done') {
    if (!data.ok) fast.port.postMessage(data);
    Atomics.store(fast.signal, 2, data.ok ? 0 : 1);
    Atomics.add(fast.signal, 1, 1);
    Atomics.notify(fast.signal, 1);
    return;
  }
  parentPort.postMessage(data);
};
// A thread that has just answered looks for the next kernel for this long before it sleeps:
// waking a sleeping thread costs more than the small kernels of a training step take.
const SPIN_MS = 1;
function serve() {
  const { port, signal } = fast;
  for (let handled = 0; ; handled++) {
    // Timed waits keep the loop interruptible, so terminating the thread still works.
    const spinUntil = performance.now() + SPIN_MS;
    while (Atomics.load(signal, 0) === handled && performance.now() < spinUntil);
    while (Atomics.load(signal, 0) === handled) Atomics.wait(signal, 0, handled, 1000);
    // The message is queued on the port before the counter is raised.
    let received;
    while ((received = receiveMessageOnPort(port)) === undefined);
    globalThis.onmessage({ data: received.message });
  }
}
let serving = false;
function handle(data) {
  globalThis.onmessage({ data });
  if (data && data.type === 'init' && fast !== null) serving = true;
}
parentPort.on('message', (data) => {
  if (!loaded) {
    if (data && typeof data.didacticWorkerSource === 'string') {
      fast = data.port ? { port: data.port, signal: data.signal } : null;
      (0, eval)(data.didacticWorkerSource);
      loaded = true;
      for (const queuedData of queued.splice(0)) handle(queuedData);
    } else queued.push(data);
  } else handle(data);
  if (serving) serve();
});
`;

let readyThreads = 0;
let threadAnswers = 0;

/**
 * Kernel threads that have loaded the library's worker code and answered its first message:
 * one fewer than THREADS, since the main thread is the other.
 */
export function kernelThreadsReady(): number {
  return readyThreads;
}

/** Kernels (or chunks of kernels) the kernel threads have run and answered so far. */
export function kernelThreadAnswers(): number {
  return threadAnswers;
}

/** How long the main thread waits for one kernel before it calls the thread lost. */
const KERNEL_TIMEOUT_MS = 600_000;

class NodeWorker {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: { message: string }) => void) | null = null;
  readonly #thread: ThreadWorker;
  readonly #port: MessagePort;
  readonly #signal = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  #answered = 0;
  #ready = false;

  constructor(url: string | URL) {
    this.#thread = new ThreadWorker(BOOTSTRAP, { eval: true });
    const blob = resolveObjectURL(String(url));
    if (blob === undefined) throw new Error(`kernel worker: no blob behind ${String(url)}`);
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    // Messages posted before the source arrives wait in the thread's queue, in order.
    void blob
      .text()
      .then((source) => this.#thread.postMessage({ didacticWorkerSource: source, port: port2, signal: this.#signal }, [port2]));
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
    this.#port.unref();
  }

  postMessage(data: unknown): void {
    const type = (data as { type?: unknown } | null)?.type;
    if (!this.#ready || (type !== 'kernel' && type !== 'routine')) {
      this.#thread.postMessage(data);
      return;
    }
    this.#port.postMessage(data);
    Atomics.add(this.#signal, 0, 1);
    Atomics.notify(this.#signal, 0);
    // The library posts to every thread, runs its own chunk and only then awaits the
    // answers, so the answer is collected in a microtask: waiting here would serialise them.
    queueMicrotask(() => this.#collect());
  }

  #collect(): void {
    const want = this.#answered + 1;
    const began = performance.now();
    for (let done = Atomics.load(this.#signal, 1); done < want; done = Atomics.load(this.#signal, 1)) {
      if (performance.now() - began > KERNEL_TIMEOUT_MS) {
        this.onmessage?.({ data: { type: 'done', ok: false, error: 'kernel thread did not answer' } });
        return;
      }
      Atomics.wait(this.#signal, 1, done, 1000);
    }
    this.#answered = want;
    threadAnswers++;
    const ok = Atomics.load(this.#signal, 2) === 0;
    const error = ok ? undefined : receiveMessageOnPort(this.#port)?.message;
    this.onmessage?.({ data: ok ? { type: 'done', ok: true } : (error ?? { type: 'done', ok: false, error: 'kernel failed' }) });
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
