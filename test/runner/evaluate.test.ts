import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { assertSameRun, evaluate, type EvaluateOptions } from '../../src/runner/evaluate.js';
import type { RunConfig } from '../../src/store/run-store.js';
import { NOISY_STUDENT, ROOT, tempDir } from '../helpers/cli.js';

// The runner entry point behind `didactic eval`, called directly with the test-double student.

const options = (out: string, extra: Partial<EvaluateOptions> = {}): EvaluateOptions => ({
  student: NOISY_STUDENT,
  out,
  domain: ['math'],
  teacher: ['scripted', 'none'],
  turns: 2,
  tasks: 4,
  seed: 3,
  difficulty: 1,
  concurrency: 2,
  feedback: 'both',
  leakRetries: 2,
  maxCalls: 4,
  maxRetries: 0,
  retryBaseMs: 0,
  timeout: 10_000,
  ...extra,
});

describe('evaluate', () => {
  it('runs every episode, writes summary.json, summary.md and usage.json, and returns what it wrote', async () => {
    const out = join(tempDir(), 'run');
    const seen: number[] = [];
    const result = await evaluate(options(out, { onProgress: ({ done }) => seen.push(done) }));
    expect(result).toMatchObject({ resumed: false, skipped: 0, errored: [] });
    expect(seen.at(-1)).toBe(8);
    expect(result.summary.results.map((r) => [r.condition, r.episodes])).toEqual([
      ['scripted', 4],
      ['none', 4],
    ]);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toEqual(result.summary);
    expect(JSON.parse(readFileSync(join(out, 'usage.json'), 'utf8'))).toEqual(result.usage);
    expect(result.usage.byRole.student?.calls).toBeGreaterThan(0);
    expect(existsSync(join(out, 'summary.md'))).toBe(true);

    const again = await evaluate(options(out));
    expect(again).toMatchObject({ resumed: true, skipped: 8, errored: [] });
    expect(again.summary).toEqual(result.summary);
  });

  it('returns the episodes that errored, first one first', async () => {
    const out = join(tempDir(), 'errored');
    const student = `module:${join(ROOT, 'test/fixtures/failing-student.js')}`;
    const result = await evaluate(options(out, { student, teacher: ['scripted'], tasks: 2 }));
    expect(result.errored.map((e) => e.id)).toEqual([1, 2]);
    expect(result.errored[0]?.error).toMatch(/boom: no such key/);
    expect(result.summary.results[0]).toMatchObject({ episodes: 2, errored: 2 });
  });

  it('checks its input before any model is called or the run directory is written', async () => {
    const out = join(tempDir(), 'bad');
    const cases: Array<[Partial<EvaluateOptions>, string]> = [
      [{ feedback: 'loud' as EvaluateOptions['feedback'] }, '--feedback must be one of hindsight, future, both, got "loud"'],
      [{ teacher: ['scripted', 'scripted'] }, '--teacher lists a condition twice'],
      [{ domain: ['math', 'maze'], data: 'tasks.jsonl' }, '--data loads tasks for one domain; give exactly one --domain'],
      [{ difficulty: 9 }, '--difficulty for math must be one of 1, 2, 3, 4, 5'],
      [{ temperature: -1 }, '--temperature must be a number ≥ 0'],
      [{ student: 'nosuch:model' }, 'unknown model spec "nosuch:model"'],
    ];
    for (const [extra, message] of cases) {
      await expect(evaluate(options(out, extra))).rejects.toThrow(message);
      expect(existsSync(out)).toBe(false);
    }
  });
});

describe('assertSameRun', () => {
  const config: RunConfig = {
    student: 'module:x.js',
    teachers: ['scripted'],
    domains: ['math'],
    turns: 2,
    tasks: 4,
    seed: 1,
    difficulty: null,
    data: null,
    settings: { temperature: 0.5 },
    roleSettings: { teacher: {}, judge: {} },
    feedback: 'both',
    teacherPrompt: null,
    leakJudge: null,
    leakRetries: 2,
    didacticVersion: '0.1.0',
  };

  it('accepts the same run, whatever the didactic version that wrote it', () => {
    expect(() => assertSameRun('runs/a', config, { ...config, didacticVersion: '9.9.9' })).not.toThrow();
  });

  it('names the first setting that differs, as stored and as asked', () => {
    expect(() => assertSameRun('runs/a', config, { ...config, turns: 4 })).toThrow(
      new UsageError(
        'runs/a holds a run with turns = 2, but this command asks for 4; rerun with the same settings to resume it, or choose another --out',
      ),
    );
    expect(() => assertSameRun('runs/a', config, { ...config, settings: {} })).toThrow(
      'holds a run with settings = {"temperature":0.5}, but this command asks for {}',
    );
  });

  it('reads a field a run written before it existed as its default', () => {
    const { roleSettings: _r, feedback: _f, teacherPrompt: _t, leakJudge: _l, leakRetries: _n, ...old } = config;
    expect(() => assertSameRun('runs/old', old, config)).not.toThrow();
    expect(() => assertSameRun('runs/old', old, { ...config, feedback: 'future' })).toThrow(
      'holds a run with feedback = "both", but this command asks for "future"',
    );
  });
});
