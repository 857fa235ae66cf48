import type { Teacher } from '../core/types.js';

// Paraphrases, after LLF-Bench: a student should not be able to overfit one wording of "wrong".
export const UNARY_PARAPHRASES = [
  'That is not correct. Try again.',
  'Incorrect. Please try again.',
  "That's not right. Give it another try.",
  'No, that answer is wrong. Try once more.',
  'Not quite. Please try again.',
] as const;

/** Says only that the attempt is wrong: the "try again" control. */
export const unaryTeacher: Teacher = {
  name: 'unary',
  mode: 'feedback',
  privileged: false,
  async feedback({ rng }) {
    return { text: rng.pick(UNARY_PARAPHRASES) };
  },
};
