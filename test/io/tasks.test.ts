import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mathDomain } from '../../src/domains/math/index.js';
import { checkDifficulty, domainTasks, selectTasks } from '../../src/io/tasks.js';
import { tempDir } from '../helpers/cli.js';

describe('choosing tasks', () => {
  it("generates n tasks at the difficulty asked, or at the domain's default", async () => {
    expect((await selectTasks(mathDomain, { n: 2, seed: 1, difficulty: 2 })).map((t) => t.id)).toEqual(['math-d2-s1-0', 'math-d2-s1-1']);
    expect(await selectTasks(mathDomain, { n: 1, seed: 1 })).toEqual(
      mathDomain.generate({ n: 1, seed: 1, difficulty: mathDomain.defaultDifficulty }),
    );
  });

  it('takes the first n tasks of a file instead, when one is given', async () => {
    const file = join(tempDir(), 'tasks.jsonl');
    writeFileSync(file, ['{"id": "a", "prompt": "p", "answer": 1}', '{"id": "b", "prompt": "q", "answer": 2}'].join('\n'));
    expect((await selectTasks(mathDomain, { n: 1, seed: 1, data: file })).map((t) => t.id)).toEqual(['a']);
  });

  it('names the difficulties a domain has when another is asked for', async () => {
    expect(() => checkDifficulty(mathDomain, undefined)).not.toThrow();
    expect(() => checkDifficulty(mathDomain, 9)).toThrow('--difficulty for math must be one of 1, 2, 3, 4, 5');
    await expect(domainTasks('math', { n: 1, seed: 1, difficulty: 9 })).rejects.toThrow('--difficulty for math must be one of');
    await expect(domainTasks('chess', { n: 1, seed: 1 })).rejects.toThrow('unknown domain "chess"');
  });
});
