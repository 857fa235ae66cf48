import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDialogueData, writeSingleTurnData } from '../../src/data/files.js';
import { tempDir } from '../helpers/cli.js';

const lines = (file: string): Array<{ messages: Array<{ role: string; content: string }> }> =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

describe('data files', () => {
  it('writes single-turn examples of each domain, split over the difficulties asked', () => {
    const out = join(tempDir(), 'sft.jsonl');
    expect(writeSingleTurnData({ domain: ['math', 'maze'], n: 3, seed: 1, out })).toBe(6);
    expect(lines(out)).toHaveLength(6);
    expect(writeSingleTurnData({ domain: ['math'], n: 4, seed: 1, difficulty: [1, 2], out })).toBe(4);
    expect(lines(out)[0]?.messages.at(-1)?.content).toMatch(/^Answer: /);
  });

  it('checks the difficulties against the domain, and the kind of dialogue data', async () => {
    const out = join(tempDir(), 'x.jsonl');
    expect(() => writeSingleTurnData({ domain: ['math'], n: 1, seed: 1, difficulty: [Number.NaN], out })).toThrow(
      '--difficulty for math must be among 1, 2, 3, 4, 5, got NaN',
    );
    await expect(writeDialogueData(tempDir(), { kind: 'everything', out })).rejects.toThrow(
      '--kind must be one of solved, corrected, consolidated, got "everything"',
    );
  });
});
