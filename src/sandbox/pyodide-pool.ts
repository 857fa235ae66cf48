import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { parseHarnessOutput } from './result.js';
import { compiledFile, dependencyDir } from '../package-files.js';
import type { WorkerInit, WorkerReply } from './pyodide-worker.js';
import { DEFAULT_LIMITS, type Sandbox, type SandboxJob, type SandboxLimits, type SandboxResult } from './types.js';

export interface PyodidePoolOptions extends Partial<SandboxLimits> {
  /** Warm workers kept ready; default min(2, CPUs). */
  size?: number;
  /** Jobs a worker runs before it is replaced by a fresh one (about 3 s to load); default 1000. */
  jobsPerWorker?: number;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  busy: boolean;
  jobs: number;
  dead: boolean;
}

interface Pending {
  job: SandboxJob;
  resolve: (result: SandboxResult) => void;
}

/**
 * Python in Pyodide, one interpreter per worker thread, kept warm. A job that runs past its
 * timeout, exhausts memory or kills its interpreter ends the worker; a fresh one takes its place.
 */
export class PyodidePool implements Sandbox {
  readonly kind = 'pyodide' as const;
  private readonly limits: SandboxLimits;
  private readonly size: number;
  private readonly jobsPerWorker: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  private startFailure: string | null = null;

  constructor(options: PyodidePoolOptions = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...stripUndefined(options) };
    this.size = options.size ?? Math.max(1, Math.min(2, availableParallelism()));
    this.jobsPerWorker = options.jobsPerWorker ?? 1000;
    for (let i = 0; i < this.size; i++) this.slots.push(this.spawn());
  }

  /** Resolves once every worker has loaded Python (about 3 s each, in parallel). */
  async warm(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.ready));
  }

  run(job: SandboxJob): Promise<SandboxResult> {
    if (this.closed) return Promise.reject(new Error('the sandbox is closed'));
    if (this.startFailure !== null) return Promise.resolve(startFailed(this.startFailure));
    return new Promise((resolve) => {
      this.queue.push({ job, resolve });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }

  private spawn(): Slot {
    const init: WorkerInit = {
      indexURL: `${dependencyDir('pyodide')}/`,
      memoryMb: this.limits.memoryMb,
      outputBytes: this.limits.outputBytes,
    };
    const worker = new Worker(compiledFile('sandbox/pyodide-worker.js'), {
      workerData: init,
      // The worker gets no environment variables, no arguments, and its own small JS heap.
      env: {},
      argv: [],
      execArgv: [],
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32, stackSizeMb: 8 },
    });
    worker.unref();
    const slot: Slot = { worker, ready: Promise.resolve(), busy: true, jobs: 0, dead: false };
    let started = false;
    slot.ready = new Promise((resolve, reject) => {
      const onMessage = (reply: WorkerReply): void => {
        if (reply.type !== 'ready') return;
        worker.off('message', onMessage);
        started = true;
        slot.busy = false;
        resolve();
        this.dispatch();
      };
      worker.on('message', onMessage);
      worker.once('error', (error) => {
        if (!started) reject(error);
      });
      worker.once('exit', (code) => {
        if (!started) reject(new Error(`the worker exited with code ${code} while loading Python`));
      });
    });
    // Python that cannot even start (a broken install) fails every waiting job instead of hanging.
    slot.ready.catch((error: unknown) => {
      slot.dead = true;
      if (this.closed) return;
      this.startFailure = `the Pyodide sandbox could not start: ${error instanceof Error ? error.message : String(error)}`;
      for (const pending of this.queue.splice(0)) pending.resolve(startFailed(this.startFailure));
    });
    worker.once('exit', () => {
      const idle = started && !slot.busy && !slot.dead;
      slot.dead = true;
      // An idle worker that died on its own (it should not) is replaced, so capacity never shrinks.
      if (idle && !this.closed) this.replace(slot);
    });
    return slot;
  }

  private replace(slot: Slot): void {
    slot.dead = true;
    void slot.worker.terminate();
    const index = this.slots.indexOf(slot);
    if (index >= 0 && !this.closed) this.slots[index] = this.spawn();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.busy || slot.dead) continue;
      const pending = this.queue.shift() as Pending;
      this.execute(slot, pending);
    }
  }

  private execute(slot: Slot, { job, resolve }: Pending): void {
    slot.busy = true;
    slot.jobs++;
    const id = this.nextId++;
    const started = performance.now();
    const timeoutMs = job.timeoutMs ?? this.limits.timeoutMs;
    let settled = false;
    const finish = (result: Omit<SandboxResult, 'wallMs'>, healthy: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      slot.worker.off('message', onMessage);
      slot.worker.off('error', onError);
      slot.worker.off('exit', onExit);
      resolve({ ...result, wallMs: performance.now() - started });
      if (healthy && slot.jobs < this.jobsPerWorker) slot.busy = false;
      else this.replace(slot);
      this.dispatch();
    };
    const failed = (
      status: SandboxResult['status'],
      reason: string,
      output = '',
      outputTruncated = false,
    ): Omit<SandboxResult, 'wallMs'> => ({
      status,
      reason,
      calls: [],
      statements: [],
      output,
      outputTruncated,
    });
    const onMessage = (reply: WorkerReply): void => {
      if (reply.type === 'result' && reply.id === id) {
        finish(
          { ...parseHarnessOutput(reply.json, job), output: reply.output, outputTruncated: reply.outputTruncated },
          reply.retire === undefined,
        );
      } else if (reply.type === 'crashed' && reply.id === id) {
        finish(failed('crashed', `the interpreter stopped: ${reply.reason}`, reply.output, reply.outputTruncated), false);
      }
    };
    const onError = (error: Error): void => {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ERR_WORKER_OUT_OF_MEMORY') finish(failed('memory', 'the program ran out of memory'), false);
      else finish(failed('crashed', `the sandbox worker failed: ${error.message}`), false);
    };
    const onExit = (code: number): void => finish(failed('crashed', `the sandbox worker exited (code ${code})`), false);
    const timer = setTimeout(() => finish(failed('timeout', `no result within ${timeoutMs} ms`), false), timeoutMs);
    slot.worker.on('message', onMessage);
    slot.worker.on('error', onError);
    slot.worker.on('exit', onExit);
    // Time spent waiting for a fresh worker to load is not charged to the job.
    slot.ready.then(
      () =>
        slot.worker.postMessage({
          type: 'run',
          id,
          job: JSON.stringify({
            code: job.code,
            calls: job.calls,
            statements: job.statements ?? [],
            ...(job.stdin ? { stdin: job.stdin } : {}),
          }),
        }),
      (error: unknown) => finish(failed('crashed', `the sandbox worker could not start: ${String(error)}`), false),
    );
  }
}

function startFailed(reason: string): SandboxResult {
  return { status: 'crashed', reason, calls: [], statements: [], output: '', outputTruncated: false, wallMs: 0 };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
