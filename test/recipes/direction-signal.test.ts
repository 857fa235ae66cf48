import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli.js';
import { makeRun } from '../helpers/runs.js';

// scripts/experiments/direction-signal.mjs on a real run of the test-double student, which moves
// the way "too low"/"too high" points: under the scripted teacher it moves the right way more
// often than under the unary one, which does not say the direction.

function runNode(script: string, args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(ROOT, script), ...args], { cwd: ROOT }, (error, stdout, stderr) => {
      done({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('direction-signal', () => {
  it('counts the moves after a directed verdict, per condition, with the solve rate of each kind', async () => {
    const run = join(tempDir(), 'eval-run');
    await makeRun(run, ['--teacher', 'scripted,unary']);
    const r = await runNode('scripts/experiments/direction-signal.mjs', [run]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const rows = new Map(
      r.stdout
        .split('\n')
        .filter((line) => line.startsWith('| eval-run |'))
        .map((line) => {
          const cells = line.split('|').map((c) => c.trim());
          return [cells[2], { directed: Number(cells[3]), right: Number.parseFloat(cells[4] as string), solvedWrong: cells[6] }];
        }),
    );
    const scripted = rows.get('scripted');
    const unary = rows.get('unary');
    expect(scripted?.directed).toBeGreaterThan(0);
    expect(unary?.directed).toBeGreaterThan(0);
    expect(scripted?.right).toBeGreaterThan(unary?.right ?? 100);
    // An answer that moved away from the reference cannot be it.
    expect(scripted?.solvedWrong).toMatch(/^(0\.0%|–)$/);

    const usage = await runNode('scripts/experiments/direction-signal.mjs', []);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/usage: node scripts\/experiments\/direction-signal\.mjs/);
  });
});
