import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli, NOISY_STUDENT, tempDir } from '../helpers/cli.js';

const base = ['eval', '--student', NOISY_STUDENT, '--domain', 'math', '--difficulty', '1', '--turns', '3', '--seed', '4'];

function summaryOf(dir: string): Record<string, unknown> & { results: Array<Record<string, unknown>> } {
  return JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
}

describe('didactic eval (subprocess)', () => {
  it('prints a table per condition and writes a versioned summary.json and summary.md', async () => {
    const out = join(tempDir(), 'run');
    const r = await runCli([...base, '--tasks', '30', '--teacher', 'scripted,unary,none', '--out', out]);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\| domain \| condition \|/);
    for (const c of ['scripted', 'unary', 'none']) expect(r.stdout).toMatch(new RegExp(`\\| math +\\| ${c} `));
    expect(r.stdout).toMatch(/acc@1 \| acc@2 \| acc@3/);
    expect(r.stderr).toMatch(/episodes: 90\/90/); // plain progress lines when not a TTY
    const s = summaryOf(out);
    expect(s).toMatchObject({ schemaVersion: 2, turns: 3, leakRate: 0 });
    expect(s.results).toHaveLength(3);
    for (const entry of s.results) {
      expect(entry).toMatchObject({ domain: 'math', episodes: 30, errored: 0 });
      expect(entry.cumulativeAccuracy).toHaveLength(3);
      expect(entry.interval95).toHaveLength(3);
      const acc = entry.cumulativeAccuracy as number[];
      expect([...acc].sort((a, b) => a - b)).toEqual(acc); // cumulative: never decreases
    }
    // Attempt 1 is the same draw under every condition.
    expect(new Set(s.results.map((e) => (e.cumulativeAccuracy as number[])[0])).size).toBe(1);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(/pass@k/);
  });

  it('gives identical results whatever the concurrency', async () => {
    const a = join(tempDir(), 'c1');
    const b = join(tempDir(), 'c8');
    expect((await runCli([...base, '--tasks', '25', '--concurrency', '1', '--out', a])).status).toBe(0);
    expect((await runCli([...base, '--tasks', '25', '--concurrency', '8', '--out', b])).status).toBe(0);
    expect(summaryOf(a)).toEqual(summaryOf(b));
  });

  it('--json prints summary.json', async () => {
    const out = join(tempDir(), 'json');
    const r = await runCli([...base, '--tasks', '5', '--teacher', 'scripted', '--json', '--out', out]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(summaryOf(out));
  });

  it('resumes after SIGKILL: no episode redone, none duplicated, same summary as an uninterrupted run', async () => {
    const args = [...base, '--tasks', '40', '--teacher', 'scripted,unary,none', '--concurrency', '3'];
    const reference = join(tempDir(), 'ref');
    expect((await runCli([...args, '--out', reference])).status).toBe(0);

    const out = join(tempDir(), 'killed');
    const child = spawnCli([...args, '--out', out], { DIDACTIC_FIXTURE_DELAY_MS: '25' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // Wait until some episodes are committed, then kill without warning.
    let done = 0;
    for (let i = 0; i < 600 && done < 15; i++) {
      await new Promise((r) => setTimeout(r, 50));
      try {
        const db = new Database(join(out, 'run.sqlite'), { readonly: true, fileMustExist: true });
        done = (db.prepare("SELECT COUNT(*) AS n FROM episodes WHERE status = 'done'").get() as { n: number }).n;
        db.close();
      } catch {
        // the run has not created its database yet
      }
    }
    child.kill('SIGKILL');
    await exited;
    const db = new Database(join(out, 'run.sqlite'), { readonly: true });
    const before = db.prepare("SELECT id, domain, condition, task_id FROM episodes WHERE status = 'done'").all() as Array<{ id: number }>;
    db.close();
    expect(before.length).toBeGreaterThanOrEqual(15);
    expect(before.length).toBeLessThan(120);

    const resumed = await runCli([...args, '--out', out]);
    expect(resumed.status).toBe(0);
    expect(resumed.stderr).toMatch(/already done/);
    const after = new Database(join(out, 'run.sqlite'), { readonly: true });
    const rows = after.prepare('SELECT id, domain, condition, task_id, status FROM episodes').all() as Array<{
      id: number;
      domain: string;
      condition: string;
      task_id: string;
      status: string;
    }>;
    const keys = new Set(rows.map((r) => `${r.domain}/${r.condition}/${r.task_id}`));
    after.close();
    expect(rows).toHaveLength(120);
    expect(keys.size).toBe(120);
    expect(rows.every((r) => r.status === 'done')).toBe(true);
    // Episodes finished before the kill kept their rows: they were not redone.
    const ids = new Set(rows.map((r) => r.id));
    for (const e of before) expect(ids.has(e.id)).toBe(true);
    expect(summaryOf(out)).toEqual(summaryOf(reference));
  });
});

describe('progress on a terminal', () => {
  it('draws a progress bar with an ETA when stderr is a TTY', async () => {
    const { spawnSync } = await import('node:child_process');
    const { CLI } = await import('../helpers/cli.js');
    const which = spawnSync('sh', ['-c', 'command -v script'], { encoding: 'utf8' });
    if (which.status !== 0) return; // util-linux `script` provides the pseudo-terminal; present on Debian
    const out = join(tempDir(), 'tty');
    const command = [process.execPath, CLI, ...base, '--tasks', '10', '--out', out].map((a) => `'${a}'`).join(' ');
    const r = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/episodes \[.*\] \d+% \| \d+\/30 \| ETA/);
  });
});
