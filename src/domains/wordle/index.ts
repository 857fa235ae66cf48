import type { SyncDomain } from '../../core/types.js';
import { defineDomain } from '../define.js';
import { extractGuess } from './extract.js';
import { wordleFeedback } from './feedback.js';
import { wordleLeaks } from './leaks.js';
import { generateWordleTasks, WORDLE_DIFFICULTIES } from './generate.js';
import { parseWordleRecord } from './load.js';
import type { WordleDetails, WordlePrivileged } from './types.js';
import { verifyWordle } from './verify.js';

export const wordleDomain: SyncDomain<WordlePrivileged, WordleDetails> = defineDomain({
  name: 'wordle',
  description: 'Wordle over a shipped list of five-letter words; one guess per turn, the feedback is the colour pattern.',
  difficulties: WORDLE_DIFFICULTIES,
  defaultDifficulty: 2,
  systemPrompt:
    'You are playing Wordle. Use the marks on your earlier guesses to narrow down the word. Reason briefly if you like, then give one guess on its own last line as "Answer: WORD".',
  generate: generateWordleTasks,
  parseRecord: parseWordleRecord,
  extract: extractGuess,
  verify: verifyWordle,
  sameAnswer: (a, b) => a.trim().toUpperCase() === b.trim().toUpperCase(),
  scriptedFeedback: wordleFeedback,
  leaks: wordleLeaks,
});

export type { WordleDetails, WordlePrivileged } from './types.js';
export { score } from './pattern.js';
export { wordList } from './words.js';
