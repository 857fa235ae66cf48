import { z } from 'zod';
import { TaskFormatError } from '../../core/errors.js';
import type { Task } from '../../core/types.js';
import { checkRecord, isObject, parseNativeTask, recordId, type RecordLocation } from '../records.js';
import { indexOf, LETTERS, letterOf, renderChoicePrompt, shuffleOptions } from './options.js';
import type { ChoicePrivileged } from './types.js';

// Multiple-choice records:
//   GPQA (CSV):  "Question", "Correct Answer", "Incorrect Answer 1" … "Incorrect Answer 3" (+ "Record ID",
//                "High-level domain", "Subdomain", …); the right answer is always a fixed column, so the
//                options are shuffled, per task, by a seed derived from its id.
//   MMLU-Pro:    {"question_id", "question", "options": [...], "answer": "C", "answer_index": 2, "category", "src"};
//                kept in the published order, where the letter answer refers to it.
//   native:      what `didactic tasks --json` prints

const gpqa = z.object({
  Question: z.string().min(1),
  'Correct Answer': z.string().min(1),
  'Incorrect Answer 1': z.string().min(1),
  'Incorrect Answer 2': z.string().min(1),
  'Incorrect Answer 3': z.string().min(1),
});
const mmluPro = z.object({
  question: z.string().min(1),
  options: z.array(z.string()).min(2).max(LETTERS.length),
  answer: z.string().regex(/^[A-P]$/, 'must be one option letter'),
  answer_index: z.number().int().min(0).optional(),
  category: z.string().optional(),
  src: z.string().optional(),
});
const nativePrivileged = z.looseObject({
  answer: z.string().regex(/^[A-P]$/),
  options: z.array(z.string()).min(2),
  correctText: z.string(),
});

export function parseChoiceRecord(record: unknown, where: RecordLocation): Task<ChoicePrivileged> {
  if (!isObject(record)) throw new TaskFormatError(where, 'expected a JSON object');
  if ('privileged' in record) {
    const task = parseNativeTask(record, where, 'choice');
    const privileged = checkRecord(z.object({ privileged: nativePrivileged }), record, where, 'didactic task').privileged;
    return { ...task, privileged };
  }
  if ('Question' in record || 'Correct Answer' in record) return parseGpqa(record, where);
  if ('options' in record) return parseMmluPro(record, where);
  throw new TaskFormatError(
    { ...where, field: 'question' },
    'missing: a choice task needs GPQA columns ("Question", "Correct Answer", "Incorrect Answer 1-3"), MMLU-Pro fields ("question", "options", "answer") or "privileged" (didactic task)',
  );
}

function parseGpqa(record: Record<string, unknown>, where: RecordLocation): Task<ChoicePrivileged> {
  const r = checkRecord(gpqa, record, where, 'GPQA');
  const id = recordId(record, where, ['Record ID', 'id']);
  const options = [r['Correct Answer'], r['Incorrect Answer 1'], r['Incorrect Answer 2'], r['Incorrect Answer 3']].map((o) => o.trim());
  const shown = shuffleOptions(options, 0, id);
  const subject = record.Subdomain ?? record['High-level domain'];
  return {
    id,
    domain: 'choice',
    prompt: renderChoicePrompt(r.Question, shown.options),
    privileged: { answer: letterOf(shown.correct), options: shown.options, correctText: options[0] as string },
    metadata: {
      source: where.file,
      line: where.line,
      format: 'gpqa',
      options: options.length,
      ...(typeof subject === 'string' ? { subject } : {}),
    },
  };
}

function parseMmluPro(record: Record<string, unknown>, where: RecordLocation): Task<ChoicePrivileged> {
  const r = checkRecord(mmluPro, record, where, 'MMLU-Pro');
  const correct = indexOf(r.answer);
  if (correct >= r.options.length) {
    throw new TaskFormatError({ ...where, field: 'answer' }, `"${r.answer}" names no option: there are ${r.options.length}`);
  }
  if (r.answer_index !== undefined && r.answer_index !== correct) {
    throw new TaskFormatError({ ...where, field: 'answer_index' }, `${r.answer_index} disagrees with answer "${r.answer}"`);
  }
  return {
    id: recordId(record, where, ['question_id', 'id']),
    domain: 'choice',
    prompt: renderChoicePrompt(r.question, r.options),
    privileged: { answer: r.answer, options: r.options, correctText: r.options[correct] as string },
    metadata: {
      source: where.file,
      line: where.line,
      format: 'mmlu-pro',
      options: r.options.length,
      ...(r.category ? { subject: r.category } : {}),
    },
  };
}
