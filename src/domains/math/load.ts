import { z } from 'zod';
import { TaskFormatError } from '../../core/errors.js';
import type { Task } from '../../core/types.js';
import { checkRecord, isObject, parseNativeTask, recordId, type RecordLocation } from '../records.js';
import { lastBoxed } from './extract.js';
import type { MathPrivileged, MathStep } from './types.js';

// Math task records, in the layouts the public datasets ship (any container, see src/io/):
//   GSM8K:      {"question", "answer": "... #### 72"}
//   MATH:       {"problem", "solution": "... \\boxed{\\frac{1}{2}} ...", "level": "Level 3", "type": "Algebra"}
//   MATH-500:   {"problem", "solution", "answer", "subject", "level": 3, "unique_id"}
//   Omni-MATH:  {"problem", "solution", "answer", "domain": [...], "difficulty": 6.5, "source"}
//   AIME-style: {"problem", "answer"[, "id", "solution"]}
//   plain:      {"prompt", "answer"}, and MINT's processed files {"id", "prompt", "reference"}
//   native:     what `didactic tasks --json` prints ({"id", "domain", "prompt", "privileged", "metadata"})
// An `answer` field wins over the last \boxed{} of a solution: the dataset's authors wrote it as the answer.

const gsm8k = z.object({ question: z.string().min(1), answer: z.string().min(1) });
const answerValue = z.union([z.string().min(1), z.number()]);
const problem = z.object({
  problem: z.string().min(1),
  solution: z.string().min(1).optional(),
  answer: answerValue.optional(),
  level: z.union([z.string(), z.number()]).optional(),
  type: z.string().optional(),
  subject: z.string().optional(),
  difficulty: z.number().optional(),
  domain: z.array(z.string()).optional(),
  source: z.string().optional(),
});
const plain = z.object({ prompt: z.string().min(1), answer: answerValue });
const mint = z.object({ prompt: z.string().min(1), reference: answerValue });
const step = z.object({ description: z.string(), value: z.string() });
const nativePrivileged = z.looseObject({ answer: z.string().min(1), steps: z.array(step).optional(), solution: z.string().optional() });

export function parseMathRecord(record: unknown, where: RecordLocation): Task<MathPrivileged> {
  if (!isObject(record)) throw new TaskFormatError(where, 'expected a JSON object');
  const id = recordId(record, where, ['unique_id', 'id', 'task_id']);
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
  if ('problem' in record) return parseProblemRecord(record, where, id);
  if ('prompt' in record && 'reference' in record) {
    const r = checkRecord(mint, record, where, 'MINT {prompt, reference}');
    return { id, domain: 'math', prompt: r.prompt, privileged: { answer: String(r.reference) }, metadata: { ...metadata, format: 'mint' } };
  }
  if ('prompt' in record) {
    const r = checkRecord(plain, record, where, 'plain {prompt, answer}');
    return { id, domain: 'math', prompt: r.prompt, privileged: { answer: String(r.answer) }, metadata: { ...metadata, format: 'plain' } };
  }
  throw new TaskFormatError(
    { ...where, field: 'prompt' },
    'missing: a math task needs "question" (GSM8K), "problem" (MATH, MATH-500, Omni-MATH, AIME-style), "prompt" (plain, MINT) or "privileged" (didactic task)',
  );
}

/** MATH and the layouts derived from it, told apart by the fields they add. */
function parseProblemRecord(record: Record<string, unknown>, where: RecordLocation, id: string): Task<MathPrivileged> {
  const format =
    'unique_id' in record
      ? 'MATH-500'
      : 'domain' in record || 'difficulty' in record
        ? 'Omni-MATH'
        : 'answer' in record
          ? 'AIME-style {problem, answer}'
          : 'MATH';
  const r = checkRecord(problem, record, where, format);
  const answer = r.answer === undefined ? (r.solution ? lastBoxed(r.solution) : null) : String(r.answer);
  if (!answer) {
    throw new TaskFormatError(
      { ...where, field: r.solution ? 'solution' : 'answer' },
      r.solution
        ? 'MATH solution has no \\boxed{...} answer, and there is no "answer" field'
        : 'missing: a problem needs an "answer", or a "solution" with \\boxed{...}',
    );
  }
  // MATH writes "Level 3"; MATH-500 writes 3; Omni-MATH grades difficulty on a scale of its own.
  const level = typeof r.level === 'number' ? r.level : r.level ? Number(/\d+/.exec(r.level)?.[0]) : r.difficulty;
  const subject = r.type ?? r.subject ?? r.domain?.[0];
  return {
    id,
    domain: 'math',
    prompt: r.problem,
    privileged: { answer, ...(r.solution ? { solution: r.solution } : {}) },
    metadata: {
      source: where.file,
      line: where.line,
      format: format.split(' ')[0]?.toLowerCase() ?? 'math',
      ...(level !== undefined && Number.isFinite(level) ? { difficulty: level } : {}),
      ...(subject ? { subject } : {}),
      ...(r.source ? { origin: r.source } : {}),
    },
  };
}
