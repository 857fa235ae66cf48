import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

// One attempt through the user's check command: the attempt on stdin, the task's privileged data
// as JSON in the file named by $DIDACTIC_PRIVILEGED, a JSON verdict on stdout. Under bubblewrap
// the command sees the host read-only, no network and no host processes, under a memory and CPU
// limit; on the host (only when the user said so) it runs as the user, with the time limit alone.

export interface CheckLimits {
  timeoutMs: number;
  memoryMb: number;
}

export interface CheckRunner {
  /** `bwrap` or `host`: where the command runs. */
  readonly where: 'bwrap' | 'host';
  run(attempt: string, privileged: unknown): Promise<CheckOutcome>;
}

export type CheckOutcome =
  | { kind: 'verdict'; correct: boolean; summary?: string; details?: unknown }
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'failed'; problem: string };

const verdictSchema = z.object({ correct: z.boolean(), summary: z.string().exactOptional(), details: z.unknown().exactOptional() });

const SANDBOX_PRIVILEGED = '/run/didactic/privileged.json';
const OUTPUT_CAP = 1 << 20;

/** Whether bubblewrap is installed and can make namespaces here. */
export function bwrapWorks(): boolean {
  const probe = spawnSync('bwrap', ['--unshare-all', '--ro-bind', '/', '/', '--', '/bin/true'], { timeout: 10_000 });
  return probe.status === 0;
}

export function createCheckRunner(command: string, where: 'bwrap' | 'host', limits: CheckLimits): CheckRunner {
  return { where, run: (attempt, privileged) => runCheck(command, where, limits, attempt, privileged) };
}

// In the sandbox the whole host is visible read-only (the check script and its interpreter live
// wherever the user keeps them); /run is a private tmpfs holding the only writable directory and
// the privileged data, which bwrap copies in from a pipe, so it never sits in a host file that
// code run by another check could read.
const SCRATCH = '/run/didactic/tmp';

function sandboxArgs(command: string, limits: CheckLimits): string[] {
  const cwd = process.cwd();
  return [
    '--unshare-all',
    '--die-with-parent',
    '--new-session',
    '--cap-drop',
    'ALL',
    '--ro-bind',
    '/',
    '/',
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--tmpfs',
    '/run',
    '--dir',
    SCRATCH,
    '--file',
    '3',
    SANDBOX_PRIVILEGED,
    '--chdir',
    cwd,
    '--clearenv',
    // The user's PATH finds the same interpreters as on the host; the host is read-only in here.
    '--setenv',
    'PATH',
    process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    '--setenv',
    'HOME',
    SCRATCH,
    '--setenv',
    'TMPDIR',
    SCRATCH,
    '--setenv',
    'DIDACTIC_PRIVILEGED',
    SANDBOX_PRIVILEGED,
    '--',
    'prlimit',
    `--as=${limits.memoryMb * 1024 * 1024}`,
    `--cpu=${Math.max(1, Math.ceil(limits.timeoutMs / 1000))}`,
    `--fsize=${16 * 1024 * 1024}`,
    '--core=0',
    '/bin/sh',
    '-c',
    command,
  ];
}

async function runCheck(
  command: string,
  where: 'bwrap' | 'host',
  limits: CheckLimits,
  attempt: string,
  privileged: unknown,
): Promise<CheckOutcome> {
  if (where === 'bwrap') {
    const child = spawn('bwrap', sandboxArgs(command, limits), { stdio: ['pipe', 'pipe', 'pipe', 'pipe'], env: {} });
    const data = child.stdio[3] as NodeJS.WritableStream;
    data.on('error', () => {});
    data.end(JSON.stringify(privileged));
    return collect(child, attempt, limits.timeoutMs);
  }
  const dir = mkdtempSync(join(tmpdir(), 'didactic-check-'));
  const file = join(dir, 'privileged.json');
  writeFileSync(file, JSON.stringify(privileged));
  try {
    // Its own process group, so a timeout kills whatever the command started too.
    const child = spawn('/bin/sh', ['-c', command], {
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, DIDACTIC_PRIVILEGED: file },
    });
    return await collect(child, attempt, limits.timeoutMs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function collect(child: ReturnType<typeof spawn>, attempt: string, timeoutMs: number): Promise<CheckOutcome> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    const keep = (into: 'out' | 'err') => (chunk: Buffer) => {
      if (into === 'out' && stdout.length < OUTPUT_CAP) stdout += chunk.toString('utf8');
      if (into === 'err' && stderr.length < OUTPUT_CAP) stderr += chunk.toString('utf8');
    };
    child.stdout?.on('data', keep('out'));
    child.stderr?.on('data', keep('err'));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ kind: 'failed', problem: `could not start: ${error.message}` });
    });
    child.stdin?.on('error', () => {});
    child.stdin?.end(attempt);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut || signal === 'SIGXCPU') {
        resolve({ kind: 'timeout', timeoutMs });
        return;
      }
      resolve(parseVerdict(stdout, stderr, code, signal));
    });
  });
}

function parseVerdict(stdout: string, stderr: string, code: number | null, signal: NodeJS.Signals | null): CheckOutcome {
  const lines = stdout.trim().split('\n');
  // The verdict is the whole output, or its last line when the command printed other things first.
  for (const text of [stdout.trim(), lines[lines.length - 1] ?? '']) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      continue;
    }
    const parsed = verdictSchema.safeParse(json);
    if (parsed.success) return { kind: 'verdict', ...parsed.data };
    const issue = parsed.error.issues[0];
    return {
      kind: 'failed',
      problem: `printed JSON whose field "${issue?.path.join('.') || 'correct'}" is ${issue?.message ?? 'invalid'}`,
    };
  }
  const status = signal ? `was killed (${signal})` : `exited with status ${code}`;
  const tail = stderr.trim().split('\n').slice(-3).join(' | ');
  return { kind: 'failed', problem: `${status} without printing a JSON verdict {"correct": …}${tail ? `; stderr: ${tail}` : ''}` };
}
