import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// The built CLI (dist/), run in a subprocess as a user would. Three ways, by what the test needs:
// runCli awaits (the default), runCliSync blocks, spawnCli hands back the process (to signal it
// or read it live). Block only for a command that ends in a second or two: a test worker blocked
// for a minute misses vitest's RPC deadline, and the whole run fails with "Timeout calling
// onTaskUpdate" even though every test passed.

export const ROOT = resolve(import.meta.dirname, '../..');
export const CLI = join(ROOT, 'dist/src/cli/main.js');
export const NOISY_STUDENT = `module:${join(ROOT, 'test/fixtures/noisy-student.js')}`;

export interface CliResult {
  /** The exit code; null when the process was killed by a signal (runCliSync only). */
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCliSync(args: string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 1 << 24 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ status, stdout, stderr });
      },
    );
  });
}

/** A script of the repository (a recipe) run with bash from the repository root, as its header says to. */
export function runScript(script: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      'bash',
      [join(ROOT, script), ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 1 << 24 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ status, stdout, stderr });
      },
    );
  });
}

export function spawnCli(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function tempDir(prefix = 'didactic-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Rows of a markdown table as trimmed cells, header and separator excluded. */
export function tableRows(stdout: string): string[][] {
  const lines = stdout.split('\n').filter((l) => l.startsWith('|'));
  return lines.slice(2).map((l) =>
    l
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim()),
  );
}
