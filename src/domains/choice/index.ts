import type { SyncDomain } from '../../core/types.js';
import { defineDomain } from '../define.js';
import { findChoice } from './extract.js';
import { choiceFeedback } from './feedback.js';
import { CHOICE_DIFFICULTIES, generateChoiceTasks } from './generate.js';
import { choiceLeaks } from './leaks.js';
import { parseChoiceRecord } from './load.js';
import { normalizeOption } from './options.js';
import type { ChoiceDetails, ChoicePrivileged } from './types.js';
import { verifyChoice } from './verify.js';

export const choiceDomain: SyncDomain<ChoicePrivileged, ChoiceDetails> = defineDomain({
  name: 'choice',
  description:
    'Multiple-choice questions (GPQA CSV, MMLU-Pro records, or generated): one letter, or the option text; chance level beside accuracy.',
  difficulties: CHOICE_DIFFICULTIES,
  defaultDifficulty: 1,
  systemPrompt:
    'Answer the multiple-choice question. Reason briefly if you like, then give the letter of your choice on its own last line as "Answer: <letter>".',
  generate: generateChoiceTasks,
  parseRecord: parseChoiceRecord,
  extract: (attempt) => findChoice(attempt, null).value,
  verify: verifyChoice,
  sameAnswer: (a, b) => normalizeOption(a) === normalizeOption(b),
  scriptedFeedback: choiceFeedback,
  leaks: choiceLeaks,
});

export type { ChoiceDetails, ChoicePrivileged } from './types.js';
