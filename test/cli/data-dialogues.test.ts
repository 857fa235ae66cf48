import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../src/core/types.js';
import { getDomain } from '../../src/domains/registry.js';
import { RunStore } from '../../src/store/run-store.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { tinyModelDir } from '../helpers/tiny-model.js';
import { makeRun } from '../helpers/runs.js';

interface Message {
  role: string;
  content: string;
  train?: boolean;
}

const dir = tempDir('didactic-dialogues-');
const run = join(dir, 'run');
const read = (file: string): Message[][] =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { messages: Message[] }).messages);

let tasks: Map<string, Task>;
let teacherTexts: string[];
let solved: { condition: string; solvedAt: number }[];

beforeAll(async () => {
  await makeRun(run, ['--teacher', 'scripted,none']);
  const store = RunStore.open(run, { create: false });
  tasks = new Map(store.tasks().map((t) => [t.prompt, t]));
  const episodes = store.episodes({ status: 'done' });
  teacherTexts = episodes.flatMap((e) => e.turns.flatMap(({ turn }) => (turn.role === 'teacher' ? [turn.text] : [])));
  solved = episodes.flatMap((e) => (e.solvedAt === null ? [] : [{ condition: e.condition, solvedAt: e.solvedAt }]));
  store.close();
});

describe('didactic data dialogues', () => {
  it('writes each correction as the dialogue so far and a reply with the reference answer, trained on that reply alone', async () => {
    const out = join(dir, 'corrected.jsonl');
    const r = await runCli(['data', 'dialogues', run, '--kind', 'corrected', '--out', out]);
    expect(r.status).toBe(0);
    const examples = read(out);
    expect(teacherTexts.length).toBeGreaterThan(10);
    expect(examples).toHaveLength(teacherTexts.length);
    expect(r.stderr).toContain(`wrote ${examples.length} corrected examples from 60 episodes`);
    const math = getDomain('math');
    for (const messages of examples) {
      const task = tasks.get(messages[1]?.content ?? '');
      expect(task).toBeDefined();
      const last = messages.at(-1);
      expect(last?.role).toBe('assistant');
      expect(last?.train).toBeUndefined();
      expect(math.verify(task as Task, last?.content ?? '')).toMatchObject({ correct: true });
      // Dialogue turns alternate: the student's earlier attempts are context, the teacher speaks as the user.
      const middle = messages.slice(2, -1);
      expect(middle.length % 2).toBe(0);
      middle.forEach((m, i) =>
        expect(i % 2 === 0 ? m.role === 'assistant' && m.train === false : m.role === 'user' && teacherTexts.includes(m.content)).toBe(
          true,
        ),
      );
    }
  });

  it('keeps the solving attempt of each solved episode; a no-feedback episode becomes a single-turn example', async () => {
    const out = join(dir, 'solved.jsonl');
    expect((await runCli(['data', 'dialogues', run, '--out', out])).status).toBe(0);
    const examples = read(out);
    expect(examples).toHaveLength(solved.length);
    const expectedLengths = solved.map((s) => (s.condition === 'none' ? 3 : 3 + 2 * (s.solvedAt - 1))).sort();
    expect(examples.map((m) => m.length).sort()).toEqual(expectedLengths);
    expect(expectedLengths.some((n) => n > 3)).toBe(true);
    for (const messages of examples) expect(messages.filter((m) => m.role === 'assistant' && m.train !== false)).toHaveLength(1);

    const only = join(dir, 'solved-none.jsonl');
    expect((await runCli(['data', 'dialogues', run, '--condition', 'none', '--out', only])).status).toBe(0);
    expect(read(only)).toHaveLength(solved.filter((s) => s.condition === 'none').length);
  });

  it('consolidates: each episode solved after feedback becomes the opening prompt → the answer that succeeded', async () => {
    const out = join(dir, 'consolidated.jsonl');
    const r = await runCli(['data', 'dialogues', run, '--kind', 'consolidated', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const examples = read(out);
    const rescued = solved.filter((s) => s.condition !== 'none' && s.solvedAt >= 2);
    expect(rescued.length).toBeGreaterThan(0);
    expect(examples).toHaveLength(rescued.length);
    const math = getDomain('math');
    for (const messages of examples) {
      expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant']);
      const task = tasks.get(messages[1]?.content ?? '') as Task;
      expect(math.verify(task, messages[2]?.content ?? '')).toMatchObject({ correct: true });
    }
  });

  it('feeds train sft --from, which fine-tunes an existing model instead of starting a new one', async () => {
    const data = join(dir, 'corrected.jsonl');
    const model = join(dir, 'tuned');
    const r = await runCli([
      'train',
      'sft',
      '--from',
      `embedded:${tinyModelDir()}`,
      '--data',
      data,
      '--out',
      model,
      '--steps',
      '2',
      '--batch-size',
      '2',
      '--warmup',
      '0',
      '--eval-every',
      '1',
      '--checkpoint-every',
      '2',
    ]);
    expect(r.stderr).toContain('fine-tuning');
    expect(r.stderr).toContain('preset tiny');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`saved to ${model}`);
    const bad = await runCli(['train', 'sft', '--from', 'openai:gpt-4o', '--data', data, '--out', join(dir, 'x')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--from must be an embedded model');
  });

  it('names what is wrong with a bad request', async () => {
    const out = join(dir, 'bad.jsonl');
    const kind = await runCli(['data', 'dialogues', run, '--kind', 'everything', '--out', out]);
    expect(kind.status).toBe(2);
    expect(kind.stderr).toContain('--kind must be one of solved, corrected, consolidated, got "everything"');
    const condition = await runCli(['data', 'dialogues', run, '--condition', 'unary', '--out', out]);
    expect(condition.status).toBe(2);
    expect(condition.stderr).toMatch(/--condition unary: the run in .* has only (scripted, none|none, scripted)/);
    const missing = await runCli(['data', 'dialogues', join(dir, 'nowhere'), '--out', out]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no run found in');
  });
});
