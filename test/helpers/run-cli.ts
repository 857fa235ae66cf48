import { execFile } from 'node:child_process';
import { CLI } from './cli.js';

export { CLI };

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the built CLI in a subprocess without blocking this process (test servers live here). */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
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
