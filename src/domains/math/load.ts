import { z } from 'zod';
import { TaskFormatError } from '../../core/errors.js';
import type { Task } from '../../core/types.js';
import { checkRecord, isObject, parseNativeTask, recordId, type RecordLocation } from '../records.js';
import { lastBoxed } from './extract.js';
import type { MathPrivileged, MathStep } from './types.js';

// Task files for the math domain, one JSON object per line, in any of four formats:
//   GSM8K:  {"question": "...", "answer": "... #### 72"}
//   MATH:   {"problem": "...", "solution": "... \\boxed{\\frac{1}{2}} ...", "level": "Level 3", "type": "Algebra"}
//   plain:  {"prompt": "...", "answer": "3/4"}            (answer may also be a number)
//   native: what `didactic tasks --json` prints            ({"id", "domain", "prompt", "privileged", "metadata"})

const gsm8k = z.object({ question: z.string().min(1), answer: z.string().min(1) });
const math = z.object({
  problem: z.string().min(1),
  solution: z.string().min(1),
  level: z.string().optional(),
  type: z.string().optional(),
});
const plain = z.object({ prompt: z.string().min(1), answer: z.union([z.string().min(1), z.number()]) });
const step = z.object({ description: z.string(), value: z.string() });
const nativePrivileged = z.looseObject({ answer: z.string().min(1), steps: z.array(step).optional(), solution: z.string().optional() });

export function parseMathRecord(record: unknown, where: RecordLocation): Task<MathPrivileged> {
  if (!isObject(record)) throw new TaskFormatError(where, 'expected a JSON object');
  const id = recordId(record, where);
  const metadata = { source: where.file, line: where.line };

  if ('privileged' in record) {
    const task = parseNativeTask(record, where, 'math');
    const privileged = checkRecord(z.object({ privileged: nativePrivileged }), record, where, 'didactic task').privileged;
    return { ...task, privileged: privileged as MathPrivileged & { steps?: MathStep[] } };
  }
  if ('question' in record) {
    const r = checkRecord(gsm8k, record, where, 'GSM8K');
    const marker = r.answer.lastIndexOf('####');
    if (marker < 0) throw new TaskFormatError({ ...where, field: 'answer' }, 'GSM8K answer has no "#### <answer>" line');
    const answer = r.answer
      .slice(marker + 4)
      .trim()
      .replace(/,(?=\d{3}\b)/g, '');
    if (!answer) throw new TaskFormatError({ ...where, field: 'answer' }, 'nothing after "####"');
    // GSM8K solutions carry calculator annotations like <<3*4=12>>; they are not for reading.
    const solution = r.answer
      .slice(0, marker)
      .replace(/<<[^>]*>>/g, '')
      .trim();
    return { id, domain: 'math', prompt: r.question, privileged: { answer, solution }, metadata: { ...metadata, format: 'gsm8k' } };
  }
  if ('problem' in record) {
    const r = checkRecord(math, record, where, 'MATH');
    const answer = lastBoxed(r.solution);
    if (!answer) throw new TaskFormatError({ ...where, field: 'solution' }, 'MATH solution has no \\boxed{...} answer');
    const level = r.level ? Number(/\d+/.exec(r.level)?.[0]) : undefined;
    return {
      id,
      domain: 'math',
      prompt: r.problem,
      privileged: { answer, solution: r.solution },
      metadata: { ...metadata, format: 'math', ...(level ? { difficulty: level } : {}), ...(r.type ? { subject: r.type } : {}) },
    };
  }
  if ('prompt' in record) {
    const r = checkRecord(plain, record, where, 'plain {prompt, answer}');
    return { id, domain: 'math', prompt: r.prompt, privileged: { answer: String(r.answer) }, metadata: { ...metadata, format: 'plain' } };
  }
  throw new TaskFormatError(
    { ...where, field: 'prompt' },
    'missing: a math task needs "question" (GSM8K), "problem" (MATH), "prompt" (plain) or "privileged" (didactic task)',
  );
}
