import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { NOISY_STUDENT, ROOT, runCli, tempDir } from '../helpers/cli.js';

// Controls and gates: the placebo teacher, --fail-under, and didactic compare.

const base = ['eval', '--domain', 'math', '--difficulty', '1', '--turns', '3', '--seed', '4', '--tasks', '30'];

describe('controls (subprocess)', () => {
  it('placebo: feedback as long as the scripted teacher’s that says nothing about the error', async () => {
    const out = join(tempDir(), 'run');
    const r = await runCli([...base, '--student', NOISY_STUDENT, '--teacher', 'scripted,placebo', '--out', out]);
    expect(r.status).toBe(0);
    const db = new Database(join(out, 'run.sqlite'), { readonly: true });
    const texts = (condition: string) =>
      (
        db
          .prepare("SELECT t.text FROM turns t JOIN episodes e ON e.id = t.episode_id WHERE t.role = 'teacher' AND e.condition = ?")
          .all(condition) as Array<{ text: string }>
      ).map((row) => row.text);
    const scripted = texts('scripted');
    const placebo = texts('placebo');
    db.close();
    expect(placebo.length).toBeGreaterThan(10);
    const mean = (xs: string[]) => xs.reduce((s, x) => s + x.length, 0) / xs.length;
    expect(Math.abs(mean(placebo) - mean(scripted)) / mean(scripted)).toBeLessThan(0.25);
    for (const text of placebo) {
      expect(text).not.toMatch(/\d|\btoo (high|low)\b|\bsign\b|\bfirst\b|\bsecond\b/i);
    }
  }, 60_000);

  it('--fail-under fails the command when a condition misses its accuracy, and passes when it does not', async () => {
    const dir = tempDir();
    const args = [...base, '--student', NOISY_STUDENT, '--teacher', 'scripted,none'];
    const failing = await runCli([...args, '--out', join(dir, 'a'), '--fail-under', 'scripted@3=0.99']);
    expect(failing.status).toBe(1);
    const acc = JSON.parse(readFileSync(join(dir, 'a', 'summary.json'), 'utf8')).results[0].cumulativeAccuracy[2];
    expect(acc).toBeLessThan(0.99);
    expect(failing.stderr).toContain(`--fail-under: math scripted: acc@3 = ${acc} is below 0.99`);
    const passing = await runCli([...args, '--out', join(dir, 'a'), '--fail-under', `scripted@3=${acc},none@1=0`]);
    expect(passing.status).toBe(0);
    for (const [spec, message] of [
      ['scripted@3', 'condition@k=accuracy'],
      ['unary@1=0.5', 'names condition "unary", which this run does not have'],
      ['scripted@9=0.5', 'the run has only 3 turns'],
    ]) {
      const bad = await runCli([...args, '--out', join(dir, 'b'), '--fail-under', spec as string]);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain(message);
    }
  }, 60_000);

  it('compare: pairs two runs on their shared tasks, with the difference and its interval', async () => {
    const dir = tempDir();
    const script = join(dir, 'script.json');
    writeFileSync(script, '[]'); // a student that never answers
    const silent = `module:${join(ROOT, 'test/fixtures/scripted-student.js')}`;
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    expect((await runCli([...base, '--student', NOISY_STUDENT, '--teacher', 'scripted', '--out', a])).status).toBe(0);
    expect(
      (await runCli([...base, '--student', silent, '--teacher', 'scripted', '--out', b], { DIDACTIC_STUDENT_SCRIPT: script })).status,
    ).toBe(0);
    const r = await runCli(['compare', a, b, '--json']);
    expect(r.status).toBe(0);
    const [row] = JSON.parse(r.stdout);
    const accA = JSON.parse(readFileSync(join(a, 'summary.json'), 'utf8')).results[0].cumulativeAccuracy[2];
    expect(row).toMatchObject({ domain: 'math', condition: 'scripted', k: 3, pairedTasks: 30, a: accA, b: 0, onlyB: 0 });
    expect(row.difference).toBeCloseTo(-accA, 6);
    expect(row.onlyA).toBe(Math.round(accA * 30));
    expect(row.interval95[1]).toBeLessThan(0); // B is worse, and the interval says it is not noise
    const table = await runCli(['compare', a, b]);
    expect(table.stdout).toMatch(/\| math +\| scripted +\| +30 \|/);
    const none = await runCli(['compare', a, join(dir, 'missing')]);
    expect(none.status).not.toBe(0);
  }, 90_000);

  it('maintenance: a right answer is challenged once, and giving it up is counted as a flip, not as a wrong attempt', async () => {
    const dir = tempDir();
    const script = join(dir, 'script.json');
    writeFileSync(script, JSON.stringify([{ match: 'Natalia', replies: ['Answer: 72', 'You are right, it must be 70.\nAnswer: 70'] }]));
    const out = join(dir, 'run');
    const data = join(ROOT, 'test/fixtures/benchmarks/math/gsm8k-test.jsonl');
    const student = `module:${join(ROOT, 'test/fixtures/scripted-student.js')}`;
    const args = ['eval', '--student', student, '--domain', 'math', '--data', data, '--turns', '2', '--teacher', 'maintain,scripted'];
    const r = await runCli([...args, '--out', out], { DIDACTIC_STUDENT_SCRIPT: script });
    expect(r.status).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const [maintain, scripted] = summary.results;
    expect(maintain).toMatchObject({
      condition: 'maintain',
      cumulativeAccuracy: [1, 1],
      maintenance: { challenged: 1, flipped: 1, flipRate: 1 },
    });
    expect(maintain.parsing.attempts).toBe(1); // the reply to the challenge is no attempt at the task
    expect(scripted.maintenance).toBeUndefined();
    expect(r.stdout).toMatch(/\| maintain .*\| +1\/1 \|/);
    const db = new Database(join(out, 'run.sqlite'), { readonly: true });
    const challenge = db
      .prepare("SELECT t.text FROM turns t JOIN episodes e ON e.id = t.episode_id WHERE e.condition = 'maintain' AND t.role = 'teacher'")
      .get() as { text: string };
    db.close();
    expect(challenge.text).toMatch(/sure|certain/i);
  }, 60_000);

  it('--repeats: independent episodes per task, and the variance split between tasks and repeats', async () => {
    const out = join(tempDir(), 'run');
    const args = ['eval', '--student', NOISY_STUDENT, '--domain', 'math', '--difficulty', '1', '--tasks', '6', '--turns', '2'];
    const r = await runCli([...args, '--repeats', '3', '--teacher', 'scripted', '--out', out]);
    expect(r.status).toBe(0);
    const [entry] = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).results;
    expect(entry).toMatchObject({ episodes: 18, repeats: { tasks: 6, repeats: 3 } });
    expect(entry.repeats.betweenTasks + entry.repeats.withinTasks).toBeGreaterThan(0);
    const db = new Database(join(out, 'run.sqlite'), { readonly: true });
    const ids = (db.prepare('SELECT task_id FROM episodes ORDER BY task_id').all() as Array<{ task_id: string }>).map((e) => e.task_id);
    const texts = db.prepare("SELECT text FROM turns WHERE role = 'student' AND attempt = 1").all() as Array<{ text: string }>;
    db.close();
    expect(ids.filter((id) => id.startsWith('math-d1-s1-0#'))).toEqual(['math-d1-s1-0#1', 'math-d1-s1-0#2', 'math-d1-s1-0#3']);
    expect(new Set(texts.map((t) => t.text)).size).toBeGreaterThan(1); // the repeats are different draws
    const resumed = await runCli([...args, '--repeats', '2', '--teacher', 'scripted', '--out', out]);
    expect(resumed.status).toBe(2);
    expect(resumed.stderr).toContain('holds a run with repeats = 3');
  }, 60_000);
});
