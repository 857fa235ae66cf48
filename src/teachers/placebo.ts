import type { Teacher } from '../core/types.js';
import { UNARY_PARAPHRASES } from './unary.js';

// The placebo control: feedback as long as the scripted teacher's, in the same register, that
// says nothing about the error. Comparing scripted with placebo separates what the feedback's
// information does from what an extra turn with a longer message does.
//
// The length is matched per attempt: the scripted text is written (and discarded) to know how long
// the placebo must be. The sentences are the same for every task and attempt, drawn in a seeded
// order, and never mention the answer, the problem or the format of the reply.

export const PLACEBO_SENTENCES = [
  'Take another careful look before you answer again.',
  'Think it through once more, one step at a time.',
  'Give it some more thought.',
  'Go back over your reasoning calmly.',
  'Take your time with the next attempt.',
  'It can help to slow down and reread what you wrote.',
  'Consider it afresh.',
  'Have another go when you are ready.',
] as const;

export const placeboTeacher: Teacher = {
  name: 'placebo',
  mode: 'feedback',
  // It reads the scripted feedback, which sees the answer; so its texts go through the leak guard.
  privileged: true,
  async feedback({ task, domain, verdict, rng }) {
    const target = domain.scriptedFeedback(task, verdict, rng).length;
    const parts: string[] = [rng.pick(UNARY_PARAPHRASES).replace(/ (Try|Please|Give).*$/, '')];
    // Sentences in a seeded order, each kept when it brings the length closer to the target.
    const pool = [...PLACEBO_SENTENCES];
    let length = (parts[0] as string).length;
    while (pool.length > 0) {
      const sentence = pool.splice(rng.int(0, pool.length - 1), 1)[0] as string;
      if (Math.abs(length + 1 + sentence.length - target) < Math.abs(length - target)) {
        parts.push(sentence);
        length += 1 + sentence.length;
      }
    }
    return { text: parts.join(' ') };
  },
};
