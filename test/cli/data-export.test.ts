import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

// `didactic data export` as a trainer's data loader meets it: JSON Lines and Parquet read back
// (Parquet with hyparquet), the column layout each trainer loads, a task reference the server
// resolves, and no reference answer unless asked.

const dir = tempDir('didactic-export-');

interface Message {
  role: string;
  content: string;
}
interface Reference {
  protocol: number;
  task: { domain: string; id: string };
  difficulty: number | null;
  source: string;
  max_attempts: number;
  discount: number;
  teacher?: string;
}
interface TaskRecord {
  id: string;
  prompt: string;
  privileged: { answer: string; [key: string]: unknown };
}
type Row = Record<string, unknown>;

const jsonl = (text: string): Row[] =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Row);

async function exportRows(args: string[], out: string): Promise<Row[]> {
  const r = await runCli(['data', 'export', ...args, '--out', out]);
  expect(r.stderr).toMatch(/^wrote \d+ /);
  expect(r.status).toBe(0);
  if (out.endsWith('.parquet')) {
    const bytes = readFileSync(out);
    const rows = await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
    // INT64 comes back as bigint; the JSON Lines file holds plain numbers.
    return JSON.parse(JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))) as Row[];
  }
  return jsonl(readFileSync(out, 'utf8'));
}

async function tasks(args: string[]): Promise<TaskRecord[]> {
  const r = await runCli(['tasks', '--json', ...args]);
  expect(r.status).toBe(0);
  return jsonl(r.stdout) as unknown as TaskRecord[];
}

/** Where each layout keeps the reference and the reward-side answer. */
const layouts: Record<string, { reference: (row: Row) => string; answer: (row: Row) => string; columns: string[] }> = {
  verl: {
    columns: ['data_source', 'prompt', 'ability', 'reward_model', 'extra_info', 'agent_name'],
    reference: (row) => (row.extra_info as { didactic: string }).didactic,
    answer: (row) => (row.reward_model as { ground_truth: string }).ground_truth,
  },
  'verl-0.7': {
    columns: ['data_source', 'prompt', 'ability', 'reward_model', 'extra_info', 'agent_name'],
    reference: (row) => (row.extra_info as { interaction_kwargs: { didactic: string } }).interaction_kwargs.didactic,
    answer: (row) => (row.reward_model as { ground_truth: string }).ground_truth,
  },
  openrlhf: {
    columns: ['prompt', 'label', 'datasource', 'answer'],
    reference: (row) => row.label as string,
    answer: (row) => row.answer as string,
  },
  trl: { columns: ['prompt', 'didactic', 'answer'], reference: (row) => row.didactic as string, answer: (row) => row.answer as string },
  skyrl: {
    columns: ['data_source', 'prompt', 'env_class', 'reward_spec', 'extra_info'],
    reference: (row) => (row.extra_info as { didactic: string }).didactic,
    answer: (row) => (row.reward_spec as { ground_truth: string }).ground_truth,
  },
  verifiers: { columns: ['prompt', 'answer', 'info'], reference: (row) => row.info as string, answer: (row) => row.answer as string },
};

describe('didactic data export', () => {
  const generated = ['--domain', 'math', '--n', '4', '--seed', '3', '--difficulty', '2'];

  for (const [format, layout] of Object.entries(layouts)) {
    it(`${format}: JSON Lines and Parquet hold the same rows, in the trainer's layout, referencing tasks as \`tasks --json\` names them`, async () => {
      const [expected, fromJsonl, fromParquet] = await Promise.all([
        tasks(generated),
        exportRows(['--format', format, ...generated], join(dir, `${format}.jsonl`)),
        exportRows(['--format', format, ...generated], join(dir, `${format}.parquet`)),
      ]);
      expect(fromParquet).toEqual(fromJsonl);
      expect(fromJsonl).toHaveLength(4);
      fromJsonl.forEach((row, i) => {
        expect(Object.keys(row).sort()).toEqual([...layout.columns].sort());
        const prompt = row.prompt as Message[];
        expect(prompt.map((m) => m.role)).toEqual(['system', 'user']);
        expect(prompt[1]?.content).toBe(expected[i]?.prompt);
        const reference = JSON.parse(layout.reference(row)) as Reference;
        expect(reference).toEqual({
          protocol: 1,
          task: { domain: 'math', id: expected[i]?.id },
          difficulty: 2,
          source: 'generator:math',
          max_attempts: 3,
          discount: 0.7,
        });
        expect(layout.answer(row)).toBe('');
      });
    });
  }

  it('selects the trainer-specific parts: the agent loop a verl row runs, the interaction name, the SkyRL env class', async () => {
    const [[verl], [legacy], [skyrl]] = await Promise.all([
      exportRows(['--format', 'verl', ...generated], join(dir, 'sel-verl.jsonl')),
      exportRows(['--format', 'verl-0.7', ...generated], join(dir, 'sel-legacy.parquet')),
      exportRows(['--format', 'skyrl', ...generated], join(dir, 'sel-skyrl.parquet')),
    ]);
    expect(verl).toMatchObject({
      data_source: 'didactic/math',
      ability: 'math',
      agent_name: 'didactic_agent',
      extra_info: { split: 'train', index: 0 },
    });
    expect(legacy).toMatchObject({ agent_name: 'tool_agent', extra_info: { interaction_kwargs: { name: 'didactic' } } });
    expect(skyrl).toMatchObject({ env_class: 'didactic', reward_spec: { method: 'rule', ground_truth: '' } });
  });

  it('writes no privileged data without --include-answers, and the answers only into the reward-side column with it', async () => {
    const code = ['--domain', 'code', '--n', '3'];
    const expected = await tasks(code);
    const formats = ['verl', 'skyrl', 'openrlhf'];
    const made = await Promise.all(
      formats.map(async (format) => ({
        format,
        plain: await exportRows(['--format', format, ...code], join(dir, `code-${format}.parquet`)),
        withAnswers: await exportRows(['--format', format, ...code, '--include-answers'], join(dir, `code-${format}-answers.jsonl`)),
      })),
    );
    for (const { format, plain, withAnswers } of made) {
      const text = JSON.stringify(plain);
      for (const task of expected) {
        expect(text).not.toContain(JSON.stringify(task.privileged.answer).slice(1, -1));
        // The prompt shows one example call; the other unit tests are the verifier's alone.
        const hidden = (task.privileged.tests as { call: string }[]).filter((t) => !task.prompt.includes(t.call));
        expect(hidden.length).toBeGreaterThan(0);
        for (const test of hidden) expect(text).not.toContain(test.call);
      }
      withAnswers.forEach((row, i) => {
        expect(layouts[format]?.answer(row)).toBe(expected[i]?.privileged.answer);
        expect(JSON.stringify(row.prompt)).not.toContain(expected[i]?.privileged.answer.trim().split('\n')[1]);
      });
    }
  });

  it('exports the tasks of a --data file under their ids, with the episode settings asked for', async () => {
    const file = join(dir, 'tasks.jsonl');
    const r = await runCli(['tasks', '--json', '--domain', 'maze', '--n', '2', '--seed', '9']);
    writeFileSync(file, r.stdout);
    const expected = await tasks(['--domain', 'maze', '--data', file, '--n', '2']);
    const rows = await exportRows(
      ['--format', 'trl', '--domain', 'maze', '--data', file, '--n', '2', '--max-attempts', '5', '--discount', '0.5', '--teacher', 'unary'],
      join(dir, 'file.jsonl'),
    );
    const refs = rows.map((row) => JSON.parse(row.didactic as string) as Reference);
    expect(refs.map((ref) => ref.task.id)).toEqual(expected.map((t) => t.id));
    expect(refs[0]).toMatchObject({ source: file, max_attempts: 5, discount: 0.5, teacher: 'unary' });
  });

  it('refuses a bad format, file type, discount or --data with two domains, naming the flag', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['--format', 'openai', '--domain', 'math', '--out', join(dir, 'a.jsonl')],
        /--format must be one of verl, verl-0\.7, openrlhf, trl, skyrl, verifiers/,
      ],
      [['--format', 'trl', '--domain', 'math', '--out', join(dir, 'a.csv')], /--out must end in \.jsonl, \.json or \.parquet/],
      [['--format', 'trl', '--domain', 'math', '--discount', '1.5', '--out', join(dir, 'a.jsonl')], /--discount must be in \(0, 1\]/],
      [
        ['--format', 'trl', '--domain', 'math,maze', '--data', 'x.jsonl', '--out', join(dir, 'a.jsonl')],
        /--data takes exactly one --domain/,
      ],
      [['--format', 'trl', '--domain', 'nope', '--out', join(dir, 'a.jsonl')], /nope/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(['data', 'export', ...args]);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(message);
    }
  });
});
