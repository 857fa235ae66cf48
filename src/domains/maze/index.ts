import type { SyncDomain } from '../../core/types.js';
import { defineDomain } from '../define.js';
import { extractMoves } from './extract.js';
import { mazeFeedback } from './feedback.js';
import { mazeLeaks } from './leaks.js';
import { generateMazeTasks, MAZE_DIFFICULTIES } from './generate.js';
import { parseMazeRecord } from './load.js';
import type { MazeDetails, MazePrivileged } from './types.js';
import { verifyMaze } from './verify.js';

export const mazeDomain: SyncDomain<MazePrivileged, MazeDetails> = defineDomain({
  name: 'maze',
  description: 'Seeded grid mazes; the answer is a move string such as RRDDL, checked by simulation.',
  difficulties: MAZE_DIFFICULTIES,
  // The level at which the shipped embedded model is neither hopeless nor perfect on turn 1;
  // pass --difficulty for stronger models.
  defaultDifficulty: 1,
  systemPrompt:
    'Solve the maze. Reason briefly if you like, then give your path on its own last line as "Answer: <moves>", using the letters U, D, L and R.',
  generate: generateMazeTasks,
  parseRecord: parseMazeRecord,
  extract: extractMoves,
  verify: verifyMaze,
  sameAnswer: (a, b) => a.toUpperCase() === b.toUpperCase(),
  scriptedFeedback: mazeFeedback,
  leaks: mazeLeaks,
});

export type { MazeDetails, MazePrivileged } from './types.js';
