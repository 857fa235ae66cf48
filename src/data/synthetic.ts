import { openingMessages } from '../core/episode.js';
import { UsageError } from '../core/errors.js';
import { createRng, deriveSeed } from '../core/random.js';
import type { Domain, Rng, Task, Verdict } from '../core/types.js';
import type { MathPrivileged } from '../domains/math/types.js';
import { MOVES } from '../domains/maze/grid.js';
import type { MazePrivileged } from '../domains/maze/types.js';
import type { TemplatedMessage } from '../embedded/chat-template.js';
import type { SftExample } from '../embedded/sft-data.js';

// Synthetic dialogues for a start that can take a second turn. A model trained only on
// single-turn answers has never seen a feedback turn: after feedback it often writes no answer
// at all, and its tokenizer spells the feedback letter by letter. These examples put one to three
// earlier wrong attempts and real scripted feedback in front of a trained final reply, so the
// model learns to answer after feedback. With `feedback: 'shuffled'` each feedback text is the
// scripted teacher's feedback on a *different* wrong attempt (a decoy), so what it says — too
// high or too low, which step is wrong — carries no information about the attempt it follows:
// the model starts with no use of feedback, and any later use of it is learned by RL.
//
// Replies write their working where the task has steps ("add 3 and 4: 7"), so that feedback
// naming a step has something to act on. Maze attempts go wrong the way a path does: right for
// some moves, then a wrong turn (into a wall, off the grid, or away from the goal) or a stop
// short of it, so the maze teacher's "your first 2 moves are fine; move 3 hits a wall" names a
// place in the attempt, which the model can act on by keeping the moves before it.

export type SyntheticFeedback = 'shuffled' | 'true';
export const SYNTHETIC_FEEDBACK: readonly SyntheticFeedback[] = ['shuffled', 'true'];

export interface SyntheticOptions {
  domain: Domain;
  n: number;
  seed: number;
  difficulty: number;
  /** Share of examples that are dialogues; the rest are single-turn answers in the same style. */
  dialogueShare: number;
  /** Most earlier wrong attempts in a dialogue (1–3 by default). */
  maxEarlier: number;
  feedback: SyntheticFeedback;
}

/** How a domain's attempts are written: the correct reply and a seeded wrong one. */
interface AttemptWriter {
  correct(task: Task): string;
  wrong(task: Task, rng: Rng): string;
}

const WRITERS: Record<string, AttemptWriter> = {
  math: {
    correct: (task) => mathReply(task as Task<MathPrivileged>, null),
    wrong: (task, rng) => {
      const steps = (task as Task<MathPrivileged>).privileged.steps ?? [];
      // The first step that goes wrong; every later value is off too.
      return mathReply(task as Task<MathPrivileged>, { from: rng.int(0, Math.max(0, steps.length - 1)), rng });
    },
  },
  maze: {
    correct: (task) => `Answer: ${task.privileged.answer}`,
    wrong: (task, rng) => `Answer: ${wrongPath((task as Task<MazePrivileged>).privileged.answer, rng)}`,
  },
};

export const SYNTHETIC_DOMAINS = Object.keys(WRITERS);

export async function syntheticExamples(options: SyntheticOptions): Promise<SftExample[]> {
  const writer = WRITERS[options.domain.name];
  if (!writer) throw new UsageError(`synthetic dialogues are written for: ${SYNTHETIC_DOMAINS.join(', ')} (not ${options.domain.name})`);
  const { domain } = options;
  const tasks = domain.generate({ n: options.n, seed: options.seed, difficulty: options.difficulty });
  const examples: SftExample[] = [];
  for (const [i, task] of tasks.entries()) {
    const rng = createRng(deriveSeed(options.seed, 'synthetic', i));
    const messages: TemplatedMessage[] = openingMessages(task, domain);
    const earlier = rng.next() < options.dialogueShare ? rng.int(1, options.maxEarlier) : 0;
    for (let k = 0; k < earlier; k++) {
      const attempt = await wrongAttempt(domain, writer, task, rng);
      // The decoy is another wrong attempt at the same task: feedback of the same kind and wording,
      // about an error this attempt may not have made.
      const about = options.feedback === 'shuffled' ? await wrongAttempt(domain, writer, task, rng) : attempt;
      const feedback = domain.scriptedFeedback(task, about.verdict, rng);
      if (domain.leaks(task, feedback)) throw new Error(`scripted ${domain.name} feedback leaked the answer of ${task.id}`);
      messages.push({ role: 'assistant', content: attempt.text, train: false }, { role: 'user', content: feedback });
    }
    const reply = writer.correct(task);
    const verdict = await domain.verify(task, reply);
    if (!verdict.correct) throw new Error(`the synthetic reply to ${task.id} does not verify: ${verdict.summary}`);
    messages.push({ role: 'assistant', content: reply });
    examples.push({ messages });
  }
  return examples;
}

/** A wrong attempt and the verifier's verdict on it (drawn again in the rare case it is right). */
async function wrongAttempt(domain: Domain, writer: AttemptWriter, task: Task, rng: Rng): Promise<{ text: string; verdict: Verdict }> {
  for (let tries = 0; tries < 20; tries++) {
    const text = writer.wrong(task, rng);
    const verdict = await domain.verify(task, text);
    if (!verdict.correct) return { text, verdict };
  }
  throw new Error(`could not draw a wrong attempt at ${task.id}`);
}

/**
 * A math reply: each step but the last as "description: value", then the answer line. One-step
 * problems are answered on the answer line alone. With `wrong`, values from step `from` on are
 * off by a small nonzero amount, the way an arithmetic slip propagates.
 */
function mathReply(task: Task<MathPrivileged>, wrong: { from: number; rng: Rng } | null): string {
  const steps = task.privileged.steps ?? [{ description: 'the answer', value: task.privileged.answer }];
  const values = steps.map((s, k) => (wrong && k >= wrong.from ? offBy(s.value, wrong.rng) : s.value));
  const working = steps.slice(0, -1).map((s, k) => `${s.description}: ${values[k]}`);
  return [...working, `Answer: ${values[values.length - 1]}`].join('\n');
}

function offBy(value: string, rng: Rng): string {
  const slip = rng.int(1, 9) * (rng.next() < 0.5 ? -1 : 1);
  const fraction = /^(-?\d+)\/(\d+)$/.exec(value);
  if (fraction) return `${Number(fraction[1]) + slip}/${fraction[2]}`;
  const x = Number(value);
  if (!Number.isFinite(x)) return `${value}${Math.abs(slip)}`;
  // Keep the decimals of the original, so the slip reads like arithmetic, not a format change.
  const decimals = (value.split('.')[1] ?? '').length;
  return (x + slip * 10 ** -decimals).toFixed(decimals);
}

/**
 * A wrong maze path: the first `keep` moves of the reference, then either nothing (a stop short
 * of the goal, a third of the time) or one to three random moves. `wrongAttempt` draws again in
 * the rare case the result still reaches the goal.
 */
function wrongPath(reference: string, rng: Rng): string {
  const keep = rng.int(0, reference.length - 1);
  const prefix = reference.slice(0, keep);
  if (keep > 0 && rng.next() < 1 / 3) return prefix;
  let tail = '';
  for (let n = rng.int(1, 3); n > 0; n--) tail += rng.pick(MOVES);
  return prefix + tail;
}
