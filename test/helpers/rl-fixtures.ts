import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Domain, Task, Teacher } from '../../src/core/types.js';
import { saveModel } from '../../src/embedded/checkpoint.js';
import { presetConfig } from '../../src/embedded/config.js';
import { Tokenizer } from '../../src/embedded/tokenizer.js';
import { initWeights } from '../../src/embedded/weights.js';

// A trivially learnable task for RL tests: the answer is correct when it starts with the letter
// A. An untrained tiny model writes A first about once in every vocabulary-size draws, so the
// reward starts low but not at zero, and the policy gradient has something to find.

const LETTERS = 'A B C D E F G H I J K L';

export function tinyLetterModel(seed = 1): string {
  const dir = mkdtempSync(join(tmpdir(), 'didactic-rl-tiny-'));
  const tokenizer = Tokenizer.train([`Say a letter. ${LETTERS}`, 'Wrong. Try again.'], { minCount: 1 });
  const config = presetConfig('tiny', tokenizer.vocabSize);
  saveModel(dir, { config, tokenizer, weights: initWeights(config, seed) });
  return dir;
}

export const letterDomain: Domain = {
  name: 'letter',
  description: 'say A',
  difficulties: [1],
  defaultDifficulty: 1,
  systemPrompt: 'Say a letter.',
  generate: ({ n, seed }) =>
    Array.from(
      { length: n },
      (_, i): Task => ({
        id: `letter-${seed}-${i}`,
        domain: 'letter',
        prompt: 'Say a letter.',
        privileged: { answer: 'A' },
        metadata: { source: 'test' },
      }),
    ),
  parseRecord: () => {
    throw new Error('not used');
  },
  extract: (text) => text.trim().slice(0, 1) || null,
  verify: (_task, text) => ({
    correct: text.trim().startsWith('A'),
    extracted: text.trim().slice(0, 1) || null,
    summary: '',
    details: null,
  }),
  sameAnswer: (a, b) => a === b,
  scriptedFeedback: () => 'Wrong. Try again.',
  leaks: () => false,
};

export const wrongTeacher: Teacher = {
  name: 'wrong',
  mode: 'feedback',
  privileged: false,
  feedback: async () => ({ text: 'Wrong. Try again.' }),
};
