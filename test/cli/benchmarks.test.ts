import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';

// Each benchmark's published layout, one hand-written record (test/fixtures/benchmarks/), loaded
// as distributed and run through a two-turn eval with a scripted student that is wrong first and
// right after feedback: acc@1 = 0 and acc@2 = 1 only if the file was read, the reference taken
// from the right field and the replies extracted and verified.

const FIXTURES = join(ROOT, 'test/fixtures/benchmarks');
const STUDENT = `module:${join(ROOT, 'test/fixtures/scripted-student.js')}`;

interface Case {
  name: string;
  domain: string;
  /** A path under test/fixtures/benchmarks, or a function writing the file into a temp dir. */
  data: string | ((dir: string) => string);
  tasks: number;
  script: Array<{ match: string; replies: string[] }>;
}

const natalia = { match: 'Natalia sold clips', replies: ['Answer: 70', 'Answer: 72'] };
const gsm8kRecord = JSON.parse(readFileSync(join(FIXTURES, 'math/gsm8k-test.jsonl'), 'utf8'));
const humanEval = readFileSync(join(FIXTURES, 'code/HumanEval.jsonl'));

const cases: Case[] = [
  { name: 'GSM8K JSONL', domain: 'math', data: 'math/gsm8k-test.jsonl', tasks: 1, script: [natalia] },
  {
    name: 'GSM8K Parquet (the Hugging Face copy)',
    domain: 'math',
    data: (dir) => {
      const file = join(dir, 'test-00000-of-00001.parquet');
      const columns = ['question', 'answer'].map((name) => ({ name, data: [gsm8kRecord[name]], type: 'STRING' as const }));
      writeFileSync(file, Buffer.from(parquetWriteBuffer({ columnData: columns })));
      return file;
    },
    tasks: 1,
    script: [natalia],
  },
  {
    name: 'MATH (a directory of one JSON file per problem)',
    domain: 'math',
    data: 'math/MATH',
    tasks: 2,
    script: [
      { match: 'x + 7 = 10', replies: ['So $\\boxed{4}$.', 'So $\\boxed{3}$.'] },
      { match: 'side length 5', replies: ['$\\boxed{20}$', '$\\boxed{25}$'] },
    ],
  },
  {
    name: 'MATH-500',
    domain: 'math',
    data: 'math/math500-test.jsonl',
    tasks: 1,
    script: [{ match: 'polar coordinates', replies: ['$\\boxed{(3, 0)}$', '$\\boxed{\\left( 3, \\frac{\\pi}{2} \\right)}$'] }],
  },
  {
    name: 'Omni-MATH',
    domain: 'math',
    data: 'math/omni-math.jsonl',
    tasks: 1,
    script: [{ match: '2^{10}', replies: ['Answer: 4', 'Answer: 2'] }],
  },
  {
    name: 'AIME-style {id, problem, answer}',
    domain: 'math',
    data: 'math/aime-2024.jsonl',
    tasks: 1,
    script: [{ match: 'divisors of $2024$', replies: ['Answer: 12', 'Answer: 16'] }],
  },
  {
    name: "MINT's processed files (JSON Lines named .json)",
    domain: 'math',
    data: 'math/mint-test_prompts.json',
    tasks: 1,
    script: [{ match: 'A baker makes', replies: ['Answer: 50', 'Answer: 60'] }],
  },
  {
    name: 'HumanEval.jsonl.gz',
    domain: 'code',
    data: (dir) => {
      const file = join(dir, 'HumanEval.jsonl.gz');
      writeFileSync(file, gzipSync(humanEval));
      return file;
    },
    tasks: 1,
    script: [
      {
        match: 'def add(',
        replies: [
          '```python\ndef add(x: int, y: int):\n    return x - y\n```',
          '```python\ndef add(x: int, y: int):\n    return x + y\n```',
        ],
      },
    ],
  },
  {
    name: 'MBPP-sanitized (a JSON array with prompt and test_imports)',
    domain: 'code',
    data: 'code/sanitized-mbpp.json',
    tasks: 1,
    script: [
      {
        match: 'shared elements',
        replies: [
          '```python\ndef similar_elements(a, b):\n    return tuple(a)\n```',
          '```python\ndef similar_elements(a, b):\n    return tuple(set(a) & set(b))\n```',
        ],
      },
    ],
  },
  {
    name: 'HumanEval+ (EvalPlus: expected values from the canonical solution, floats within atol)',
    domain: 'code',
    data: 'code/HumanEvalPlus-v0.1.10.jsonl',
    tasks: 1,
    script: [
      {
        match: 'def truncate_number(',
        replies: [
          '```python\ndef truncate_number(number: float) -> float:\n    return round(number % 1.0, 2)\n```',
          '```python\ndef truncate_number(number: float) -> float:\n    return number % 1.0\n```',
        ],
      },
    ],
  },
  {
    name: 'MBPP+ (EvalPlus)',
    domain: 'code',
    data: 'code/MbppPlus-v0.2.0.jsonl',
    tasks: 1,
    script: [
      {
        match: 'identify non-prime numbers',
        replies: [
          '```python\ndef is_not_prime(n):\n    return n % 2 == 0\n```',
          '```python\ndef is_not_prime(n):\n    return n < 2 or any(n % d == 0 for d in range(2, int(n ** 0.5) + 1))\n```',
        ],
      },
    ],
  },
  {
    name: 'ARC-AGI (a directory of task files, one task per test pair)',
    domain: 'arc',
    data: 'arc/ARC-AGI/data/evaluation',
    tasks: 2,
    script: [
      { match: '3 0\n0 0', replies: ['Answer:\n3 0\n0 0', 'Answer:\n0 3\n0 0'] },
      { match: '0 0\n4 0', replies: ['Answer:\n0 0\n4 0', 'Answer:\n0 0\n0 4'] },
    ],
  },
  {
    name: 'ARC Prize challenges joined with their solutions',
    domain: 'arc',
    data: 'arc/arc-prize/arc-agi_evaluation_challenges.json',
    tasks: 1,
    script: [{ match: '5 0\n0 0', replies: ['Answer:\n5 0\n0 0', 'Answer:\n0 5\n0 0'] }],
  },
  {
    name: 'TinyZero Countdown JSONL (nums, each number exactly once)',
    domain: 'countdown',
    data: 'countdown/countdown-tasks-3to4.jsonl',
    tasks: 1,
    script: [{ match: '44, 19, 35', replies: ['Answer: 44 + 19', 'Answer: 44 + 19 + 35'] }],
  },
  {
    name: 'TinyZero Countdown Parquet (a list column of int64)',
    domain: 'countdown',
    data: (dir) => {
      const file = join(dir, 'train-00000-of-00001.parquet');
      const columns = [
        { name: 'target', data: [98n], type: 'INT64' as const },
        { name: 'nums', data: [[44n, 19n, 35n]] },
      ];
      writeFileSync(file, Buffer.from(parquetWriteBuffer({ columnData: columns })));
      return file;
    },
    tasks: 1,
    script: [{ match: '44, 19, 35', replies: ['Answer: 44 + 19', 'Answer: 44 + 19 + 35'] }],
  },
  {
    name: 'GPQA CSV (options shuffled; the option text accepted)',
    domain: 'choice',
    data: 'mc/gpqa_diamond.csv',
    tasks: 1,
    script: [{ match: 'atmosphere by volume', replies: ['Answer: D', 'Answer: Nitrogen'] }],
  },
  {
    name: 'MMLU-Pro JSONL (ten options, letter answer)',
    domain: 'choice',
    data: 'mc/mmlu-pro-test.jsonl',
    tasks: 1,
    script: [{ match: 'prime number', replies: ['Answer: A', 'So \\boxed{C}'] }],
  },
  {
    name: 'MMLU-Pro Parquet (a list column of options)',
    domain: 'choice',
    data: (dir) => {
      const record = JSON.parse(readFileSync(join(FIXTURES, 'mc/mmlu-pro-test.jsonl'), 'utf8'));
      const file = join(dir, 'test-00000-of-00001.parquet');
      const columns = [
        { name: 'question_id', data: [BigInt(record.question_id)], type: 'INT64' as const },
        { name: 'question', data: [record.question], type: 'STRING' as const },
        { name: 'options', data: [record.options] },
        { name: 'answer', data: [record.answer], type: 'STRING' as const },
        { name: 'answer_index', data: [BigInt(record.answer_index)], type: 'INT64' as const },
        { name: 'category', data: [record.category], type: 'STRING' as const },
      ];
      writeFileSync(file, Buffer.from(parquetWriteBuffer({ columnData: columns })));
      return file;
    },
    tasks: 1,
    script: [{ match: 'prime number', replies: ['Answer: A', 'Answer: C'] }],
  },
];

describe('benchmarks as distributed: load and eval (subprocess)', () => {
  it.each(cases)(
    '$name',
    async ({ domain, data, tasks, script }) => {
      const dir = tempDir();
      const path = typeof data === 'string' ? join(FIXTURES, data) : data(dir);
      const scriptFile = join(dir, 'script.json');
      writeFileSync(scriptFile, JSON.stringify(script));
      const out = join(dir, 'run');
      const args = ['eval', '--student', STUDENT, '--domain', domain, '--data', path, '--tasks', '10', '--turns', '2'];
      const r = await runCli([...args, '--teacher', 'scripted', '--out', out], { DIDACTIC_STUDENT_SCRIPT: scriptFile });
      expect(r.stderr).not.toMatch(/error/i);
      expect(r.status).toBe(0);
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
      expect(summary.results[0]).toMatchObject({ domain, episodes: tasks, errored: 0, cumulativeAccuracy: [0, 1] });
      if (domain === 'choice') {
        // Chance beside accuracy: a guesser that never repeats a refuted option, among 4 or 10.
        const options = path.includes('gpqa') ? 4 : 10;
        expect(summary.results[0].chance).toEqual([1 / options, 2 / options]);
        expect(r.stdout).toMatch(/\| chance @2 \|/);
      }
      if (domain === 'arc') {
        // Both test inputs of the one ARC task are solved by attempt 2.
        expect(summary.results[0].arcTwoAttempt).toEqual({ score: 1, tasks: 1 });
        expect(r.stdout).toMatch(/\| ARC 2-try \|/);
      }
    },
    120_000,
  );
});
