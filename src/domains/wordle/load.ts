import { z } from 'zod';
import { TaskFormatError } from '../../core/errors.js';
import type { Task } from '../../core/types.js';
import { checkRecord, isObject, parseNativeTask, recordId, type RecordLocation } from '../records.js';
import { renderWordlePrompt } from './generate.js';
import type { WordlePrivileged } from './types.js';

// Wordle task files: didactic's own task format, or just the target:
//   {"target": "crane"}                                  (plain Wordle)
//   {"target": "crane", "candidates": ["crane", ...]}    (the prompt lists the candidates)

const word = z.string().regex(/^[A-Za-z]{5}$/, 'must be a five-letter word (letters A-Z only)');
const nativePrivileged = z.looseObject({ answer: word, candidates: z.array(word).exactOptional() });
const plain = z.object({ target: word, candidates: z.array(word).min(2).optional() });

export function parseWordleRecord(record: unknown, where: RecordLocation): Task<WordlePrivileged> {
  if (!isObject(record)) throw new TaskFormatError(where, 'expected a JSON object');
  if ('privileged' in record) {
    const task = parseNativeTask(record, where, 'wordle');
    const privileged = checkRecord(z.object({ privileged: nativePrivileged }), record, where, 'didactic task').privileged;
    return {
      ...task,
      privileged: {
        ...privileged,
        answer: privileged.answer.toUpperCase(),
        ...(privileged.candidates ? { candidates: privileged.candidates.map((w) => w.toUpperCase()) } : {}),
      },
    };
  }
  if (!('target' in record)) {
    throw new TaskFormatError(
      { ...where, field: 'target' },
      'missing: a wordle task needs "target" (a five-letter word) or "privileged" (didactic task)',
    );
  }
  const r = checkRecord(plain, record, where, 'wordle {target}');
  const answer = r.target.toUpperCase();
  const candidates = r.candidates?.map((w) => w.toUpperCase());
  if (candidates && !candidates.includes(answer)) {
    throw new TaskFormatError({ ...where, field: 'candidates' }, 'the candidates must include the target');
  }
  return {
    id: recordId(record, where),
    domain: 'wordle',
    prompt: renderWordlePrompt({ target: answer, ...(candidates ? { candidates } : {}) }),
    privileged: { answer, ...(candidates ? { candidates } : {}) },
    metadata: { source: where.file, line: where.line },
  };
}
