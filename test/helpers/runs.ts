import { spawn } from 'node:child_process';
import { CLI, runCli } from './cli.js';

// Runs and viewers for the browser tests, made with the built CLI (dist/) as a user would.

/** A small real run made by `didactic eval` with the test-double student. */
export async function makeRun(out: string, extra: string[] = []): Promise<void> {
  const result = await runCli([
    'eval',
    '--student',
    'module:test/fixtures/noisy-student.js',
    '--domain',
    'math',
    '--difficulty',
    '1',
    '--tasks',
    '30',
    '--turns',
    '4',
    '--out',
    out,
    ...extra,
  ]);
  if (result.status !== 0) throw new Error(`eval failed (${result.status}): ${result.stderr}`);
}

/** Start `didactic view` and wait for the line that gives its address. */
export function startViewerProcess(run: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [CLI, 'view', run, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const match = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
      if (match?.[1]) {
        resolve({
          url: match[1],
          stop: () =>
            new Promise<void>((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`didactic view exited with ${code}: ${stderr}`)));
  });
}
