import type { SyncDomain } from '../../core/types.js';
import { defineDomain } from '../define.js';
import { extractGrid } from './extract.js';
import { arcFeedback } from './feedback.js';
import { arcLeaks } from './leaks.js';
import { ARC_DIFFICULTIES, generateArcTasks } from './generate.js';
import { renderGrid } from './grid.js';
import { parseArcRecord, parseArcRecords } from './load.js';
import type { ArcDetails, ArcPrivileged } from './types.js';
import { verifyArc } from './verify.js';

/** Compare two answers as grids when both read as grids, else as text. */
function sameGridAnswer(a: string, b: string): boolean {
  const ga = extractGrid(a);
  const gb = extractGrid(b);
  return ga && gb ? renderGrid(ga) === renderGrid(gb) : a.trim() === b.trim();
}

export const arcDomain: SyncDomain<ArcPrivileged, ArcDetails> = defineDomain({
  name: 'arc',
  description: 'ARC-style grid puzzles: infer a hidden rule from examples and write the test output grid. Loads ARC JSON tasks too.',
  difficulties: ARC_DIFFICULTIES,
  defaultDifficulty: 2,
  systemPrompt:
    'Work out the rule from the examples and apply it to the test input. Reason briefly if you like, then write "Answer:" on a line of its own followed by the output grid, one row per line, digits separated by spaces.',
  generate: generateArcTasks,
  parseRecord: parseArcRecord,
  parseRecords: parseArcRecords,
  referenceAttempt: (task) => `Answer:\n${task.privileged.answer}`,
  extract: (attempt) => {
    const grid = extractGrid(attempt);
    return grid ? renderGrid(grid) : null;
  },
  verify: verifyArc,
  sameAnswer: sameGridAnswer,
  scriptedFeedback: arcFeedback,
  leaks: arcLeaks,
});

export type { ArcDetails, ArcPrivileged } from './types.js';
export { applyRule, type RuleSpec } from './rules.js';
export { extractGrid } from './extract.js';
