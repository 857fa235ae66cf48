import { spawn, spawnSync } from 'node:child_process';
import { UsageError } from '../core/errors.js';
import { HARNESS_SOURCE } from './harness.js';
import { parseHarnessOutput } from './result.js';
import { DEFAULT_LIMITS, type Sandbox, type SandboxJob, type SandboxLimits, type SandboxResult } from './types.js';

export interface BwrapOptions extends Partial<SandboxLimits> {
  /** The native interpreter; it must live under /usr, the only host tree mounted. Default /usr/bin/python3. */
  python?: string;
  /** The bwrap executable; default `bwrap` from PATH. */
  bwrap?: string;
}

// The harness reads the job from stdin and writes its result to fd 3, a pipe only the host reads;
// the program's own stdout and stderr are separate, capped streams.
export const HARNESS_BOOTSTRAP = `${HARNESS_SOURCE}
import os as _os
_data = run_job(_sys.stdin.read()).encode()
while _data:
    _data = _data[_os.write(3, _data):]
`;

/**
 * Native CPython inside bubblewrap: every namespace unshared (no network, no view of host
 * processes), only /usr mounted and read-only, a private /tmp, an empty environment, and
 * prlimit caps on address space, file size, open files and CPU time. One process per job.
 */
export class BwrapSandbox implements Sandbox {
  readonly kind = 'bwrap' as const;
  private readonly limits: SandboxLimits;
  private readonly python: string;
  private readonly bwrap: string;
  private readonly children = new Set<ReturnType<typeof spawn>>();

  constructor(options: BwrapOptions = {}) {
    this.limits = {
      memoryMb: options.memoryMb ?? DEFAULT_LIMITS.memoryMb,
      outputBytes: options.outputBytes ?? DEFAULT_LIMITS.outputBytes,
      timeoutMs: options.timeoutMs ?? DEFAULT_LIMITS.timeoutMs,
    };
    this.python = options.python ?? '/usr/bin/python3';
    this.bwrap = options.bwrap ?? 'bwrap';
    checkBwrap(this.bwrap, this.python);
  }

  run(job: SandboxJob): Promise<SandboxResult> {
    const timeoutMs = job.timeoutMs ?? this.limits.timeoutMs;
    const cpuSeconds = Math.max(1, Math.ceil(timeoutMs / 1000));
    const args = [
      ...bwrapIsolation(),
      '--',
      'prlimit',
      `--as=${this.limits.memoryMb * 1024 * 1024}`,
      `--fsize=${16 * 1024 * 1024}`,
      '--nofile=64',
      `--cpu=${cpuSeconds}`,
      '--core=0',
      this.python,
      '-I',
      '-S',
      '-c',
      HARNESS_BOOTSTRAP,
    ];
    const started = performance.now();
    return new Promise((resolve) => {
      const child = spawn(this.bwrap, args, { stdio: ['pipe', 'pipe', 'pipe', 'pipe'], env: {} });
      this.children.add(child);
      let output = '';
      let outputBytes = 0;
      let truncated = false;
      const keep = (chunk: Buffer): void => {
        outputBytes += chunk.length;
        if (outputBytes <= this.limits.outputBytes) output += chunk.toString('utf8');
        else if (!truncated) {
          truncated = true;
          const room = this.limits.outputBytes - (outputBytes - chunk.length);
          if (room > 0) output += chunk.subarray(0, room).toString('utf8');
        }
      };
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      const resultChunks: Buffer[] = [];
      let resultBytes = 0;
      const resultPipe = child.stdio[3] as NodeJS.ReadableStream;
      resultPipe.on('data', (chunk: Buffer) => {
        resultBytes += chunk.length;
        // A result far larger than any honest one is the program writing to the channel; stop it.
        if (resultBytes > 32 * 1024 * 1024) child.kill('SIGKILL');
        else resultChunks.push(chunk);
      });
      resultPipe.on('error', () => {});
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeoutMs);
      child.stdin?.on('error', () => {});
      child.stdin?.end(
        JSON.stringify({ code: job.code, calls: job.calls, statements: job.statements ?? [], ...(job.stdin ? { stdin: job.stdin } : {}) }),
      );
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        this.children.delete(child);
        const base = { output, outputTruncated: truncated, wallMs: performance.now() - started };
        if (timedOut) {
          resolve({ ...base, status: 'timeout', reason: `no result within ${timeoutMs} ms`, calls: [], statements: [] });
          return;
        }
        const json = Buffer.concat(resultChunks).toString('utf8');
        if (json.length === 0) {
          const why =
            signal === 'SIGXCPU'
              ? 'the CPU time limit was reached'
              : `the interpreter exited (${signal ?? `code ${code}`}) before reporting`;
          resolve({ ...base, status: signal === 'SIGXCPU' ? 'timeout' : 'crashed', reason: why, calls: [], statements: [] });
          return;
        }
        resolve({ ...base, ...parseHarnessOutput(json, job) });
      });
    });
  }

  async close(): Promise<void> {
    for (const child of this.children) child.kill('SIGKILL');
    this.children.clear();
  }
}

/** The bubblewrap arguments: what the sandboxed process can see. */
export function bwrapIsolation(): string[] {
  return [
    '--unshare-all',
    '--die-with-parent',
    '--new-session',
    '--cap-drop',
    'ALL',
    '--ro-bind',
    '/usr',
    '/usr',
    '--symlink',
    'usr/lib',
    '/lib',
    '--symlink',
    'usr/lib64',
    '/lib64',
    '--symlink',
    'usr/bin',
    '/bin',
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--tmpfs',
    '/tmp',
    '--remount-ro',
    '/',
    '--chdir',
    '/tmp',
    '--clearenv',
    '--setenv',
    'PATH',
    '/usr/bin',
    '--setenv',
    'HOME',
    '/tmp',
    '--setenv',
    'PYTHONDONTWRITEBYTECODE',
    '1',
  ];
}

/** Fail early, with the fix, when bubblewrap is missing or cannot create namespaces here. */
export function checkBwrap(bwrap = 'bwrap', python = '/usr/bin/python3'): void {
  const probe = spawnSync(bwrap, [...bwrapIsolation(), '--', python, '-c', 'pass'], { encoding: 'utf8', timeout: 10_000 });
  if (probe.error && (probe.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new UsageError(
      `--sandbox bwrap needs bubblewrap, which is not installed (no "${bwrap}" on PATH). Install it with "apt-get install -y bubblewrap", or use the default --sandbox pyodide.`,
    );
  }
  if (probe.status !== 0) {
    const why = (probe.stderr || probe.error?.message || `exit status ${probe.status}`).trim();
    throw new UsageError(`--sandbox bwrap: bubblewrap could not start ${python} in a sandbox here: ${why}`);
  }
}
