import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { arcDomain } from '../../src/domains/arc/index.js';
import { codeDomain } from '../../src/domains/code/index.js';
import { mathDomain } from '../../src/domains/math/index.js';
import { readTaskRecords } from '../../src/io/containers.js';
import { loadTasks } from '../../src/io/tasks.js';
import { tempDir } from '../helpers/cli.js';

const gsm8k = { question: 'What is 2 + 2?', answer: '2 + 2 = 4\n#### 4' };

function write(dir: string, name: string, content: string | Uint8Array): string {
  const file = join(dir, name);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, content);
  return file;
}

describe('task containers', () => {
  it('reads JSONL, a JSON array (each record at its line), one JSON object, and the same gzipped', async () => {
    const dir = tempDir();
    const lines = write(dir, 'a.jsonl', `${JSON.stringify(gsm8k)}\n\n${JSON.stringify(gsm8k)}\n`);
    expect((await readTaskRecords(lines)).map((r) => r.where.line)).toEqual([1, 3]);
    const array = write(dir, 'b.json', `[\n  ${JSON.stringify(gsm8k)},\n\n  {\n "question": "x", "answer": "#### 1"}\n]\n`);
    expect((await readTaskRecords(array)).map((r) => r.where.line)).toEqual([2, 4]);
    const zipped = write(dir, 'b.json.gz', gzipSync(readFileText(array)));
    expect(await readTaskRecords(zipped)).toEqual(
      (await readTaskRecords(array)).map((r) => ({ ...r, where: { ...r.where, file: zipped } })),
    );
    const one = write(dir, 'task-7.json', JSON.stringify({ problem: 'p', answer: 3 }, null, 2));
    expect((await loadTasks(one, mathDomain)).map((t) => t.id)).toEqual(['task-7']);
  });

  it('tells gzip and Parquet by their bytes, whatever the name', async () => {
    const dir = tempDir();
    const gz = write(dir, 'data.jsonl', gzipSync(JSON.stringify(gsm8k)));
    expect((await loadTasks(gz, mathDomain))[0]?.privileged.answer).toBe('4');
    const columns = [
      { name: 'question', data: ['q1', 'q2'] },
      { name: 'answer', data: ['#### 1', 'x'] },
    ];
    const parquet = write(dir, 'rows.bin', Buffer.from(parquetWriteBuffer({ columnData: columns })));
    await expect(loadTasks(parquet, mathDomain)).rejects.toThrow(
      `${parquet}:row 2: field "answer": GSM8K answer has no "#### <answer>" line`,
    );
  });

  it('reads a directory recursively, in path order, naming one-task files by their path under it', async () => {
    const dir = tempDir();
    write(dir, 'b/1.json', JSON.stringify({ problem: 'p', solution: '\\boxed{2}', level: 'Level 2' }));
    write(dir, 'a/1.json', JSON.stringify({ problem: 'q', solution: '\\boxed{1}' }));
    write(dir, 'a/notes.txt', 'not a task');
    write(dir, '.hidden/1.json', '{');
    const tasks = await loadTasks(dir, mathDomain);
    expect(tasks.map((t) => [t.id, t.privileged.answer, t.metadata.difficulty])).toEqual([
      ['a/1', '1', undefined],
      ['b/1', '2', 2],
    ]);
    await expect(loadTasks(tempDir(), mathDomain)).rejects.toThrow('the directory holds no task files');
  });

  it('reports a field of the wrong type as such, at file:line', async () => {
    const dir = tempDir();
    const file = write(dir, 'm.jsonl', `${JSON.stringify(gsm8k)}\n${JSON.stringify({ problem: 7, answer: '1' })}\n`);
    await expect(loadTasks(file, mathDomain)).rejects.toThrow(`${file}:2: field "problem": expected a string, got number`);
    const arc = write(
      dir,
      'x.json',
      JSON.stringify({ train: [{ input: [[1]], output: 'grid' }], test: [{ input: [[1]], output: [[1]] }] }),
    );
    await expect(loadTasks(arc, arcDomain)).rejects.toThrow(`${arc}:1: field "train.0.output": expected an array, got string`);
    const broken = write(dir, 'broken.json', '[\n  {"question": "x",\n   "answer": }\n]');
    await expect(loadTasks(broken, mathDomain)).rejects.toThrow(`${broken}:2: invalid JSON`);
  });

  it("accepts MATH-500 integer levels and prefers a dataset's answer field over the solution's \\boxed", () => {
    const where = { file: 'm.jsonl', line: 1 };
    const task = mathDomain.parseRecord(
      { problem: 'p', solution: '\\boxed{0.5}', answer: '\\frac12', level: 4, unique_id: 'test/x/1.json' },
      where,
    );
    expect([task.id, task.privileged.answer, task.metadata.difficulty]).toEqual(['test/x/1.json', '\\frac12', 4]);
    expect(() => mathDomain.parseRecord({ problem: 'p' }, where)).toThrow('m.jsonl:1: field "answer": missing');
  });

  it('joins ARC Prize challenges with their solutions, and says which file is missing', async () => {
    const dir = tempDir();
    const challenge = { train: [{ input: [[1]], output: [[2]] }], test: [{ input: [[3]] }, { input: [[4]] }] };
    const challenges = write(dir, 'arc-agi_test_challenges.json', JSON.stringify({ abc: challenge }));
    await expect(loadTasks(challenges, arcDomain)).rejects.toThrow('arc-agi_test_solutions.json');
    write(dir, 'arc-agi_test_solutions.json', JSON.stringify({ abc: [[[4]], [[5]]] }));
    const tasks = await loadTasks(dir, arcDomain);
    expect(tasks.map((t) => [t.id, t.privileged.answer])).toEqual([
      ['abc.0', '4'],
      ['abc.1', '5'],
    ]);
  });

  it('reads MBPP-sanitized test_imports into the setup', () => {
    const task = codeDomain.parseRecord(
      {
        task_id: 9,
        prompt: 'Square root.',
        code: 'import math\ndef r(x):\n  return math.sqrt(x)',
        test_imports: ['import math'],
        test_list: ['assert math.isclose(r(4), 2)'],
      },
      { file: 's.json', line: 2 },
    );
    expect([task.id, task.privileged.setup, task.metadata.format]).toEqual(['9', 'import math', 'mbpp-sanitized']);
  });
});

function readFileText(file: string): Buffer {
  return readFileSync(file);
}
