import type { ChatMessage, EpisodeResult } from '../core/types.js';
import type { WeightedSequence } from '../embedded/batches.js';
import { applyChatTemplate } from '../embedded/chat-template.js';
import type { Tokenizer } from '../embedded/tokenizer.js';
import { roleWeights } from './loss.js';
import type { Generation } from './rollout.js';

// Training sequences of one episode. The public transcript is re-tokenised with THE chat
// template; where that reproduces the rollout exactly (every attempt's prompt and sampled ids),
// the episode is one sequence. The tokenizer's encoding of a text is canonical but the sampler
// may draw a non-canonical split ("Ans"+"wer" instead of "Answer"), and a long dialogue may have
// been cut to the model's window; then each attempt becomes its own sequence built from the
// exact ids the sampler saw and drew. Either way the trained tokens are the rollout's tokens.

export type TokenRole = 'context' | 'student' | 'teacher';

export interface EpisodeSequence extends WeightedSequence {
  /** What each token is: context (system, task, role tokens), a student token or a teacher token. */
  roles: TokenRole[];
  /** Log-probability under the rollout policy of each student token (NaN elsewhere). */
  policyLogprobs: number[];
}

export interface EpisodeSequences {
  sequences: EpisodeSequence[];
  /** True when the whole episode was one re-tokenised sequence. */
  retokenised: boolean;
}

/** The episode's weights by role (src/rl/loss.ts `roleWeights`); the trainer's objective adds the KL term. */
export interface SequenceWeights {
  /** Weight on the student's tokens (the advantage). */
  student: number;
  /** Weight on the teacher's tokens (teacher modelling λ; 0 = teacher turns are context). */
  teacher: number;
}

/** The public transcript of an episode: opening messages, then attempts and feedback in order. */
export function publicTranscript(opening: readonly ChatMessage[], episode: EpisodeResult): ChatMessage[] {
  const messages = opening.slice();
  for (const turn of episode.turns) messages.push({ role: turn.role === 'student' ? 'assistant' : 'user', content: turn.text });
  return messages;
}

export function episodeSequences(
  tokenizer: Tokenizer,
  maxSeq: number,
  transcript: readonly ChatMessage[],
  generations: readonly Generation[],
  weights: SequenceWeights,
): EpisodeSequences {
  const whole = retokenised(tokenizer, maxSeq, transcript, generations, weights);
  if (whole) return { sequences: [whole], retokenised: true };
  return { sequences: perAttempt(tokenizer, maxSeq, generations, weights), retokenised: false };
}

function retokenised(
  tokenizer: Tokenizer,
  maxSeq: number,
  transcript: readonly ChatMessage[],
  generations: readonly Generation[],
  w: SequenceWeights,
): EpisodeSequence | null {
  const full = applyChatTemplate(tokenizer, transcript).ids;
  if (full.length > maxSeq) return null;
  const ids: number[] = [];
  const roles: TokenRole[] = [];
  const policyLogprobs: number[] = [];
  const end = tokenizer.id('<|end|>');
  let userIndex = 0;
  let attempt = 0;
  for (const message of transcript) {
    const body = tokenizer.encode(message.content);
    if (message.role === 'assistant') {
      const g = generations[attempt++];
      if (!g) return null;
      // The prompt the sampler saw must be exactly this prefix plus the assistant role token.
      if (!sameIds(g.promptIds, [...ids, tokenizer.id('<|assistant|>')]) || !sameIds(g.ids, body)) return null;
      const stopped = g.finish === 'stop';
      ids.push(tokenizer.id('<|assistant|>'), ...body, end);
      roles.push('context', ...body.map((): TokenRole => 'student'), stopped ? 'student' : 'context');
      policyLogprobs.push(NaN, ...g.logprobs, NaN);
      continue;
    }
    const teacher = message.role === 'user' && userIndex > 0;
    if (message.role === 'user') userIndex++;
    const role = message.role === 'system' ? '<|system|>' : teacher ? '<|teacher|>' : '<|user|>';
    ids.push(tokenizer.id(role), ...body, end);
    const kind: TokenRole = teacher ? 'teacher' : 'context';
    roles.push('context', ...body.map(() => kind), kind);
    policyLogprobs.push(...Array<number>(body.length + 2).fill(NaN));
  }
  if (attempt !== generations.length) return null;
  return { ids, weights: roleWeights(roles, w.student, w.teacher), roles, policyLogprobs };
}

function perAttempt(tokenizer: Tokenizer, maxSeq: number, generations: readonly Generation[], w: SequenceWeights): EpisodeSequence[] {
  const end = tokenizer.id('<|end|>');
  const teacherRole = tokenizer.id('<|teacher|>');
  return generations.map((g) => {
    // The same left truncation as the sampler: the prompt it actually saw.
    const prompt = g.promptIds.slice(Math.max(0, g.promptIds.length - (maxSeq - Math.max(1, g.ids.length + 1))));
    const stopped = g.finish === 'stop';
    const roles: TokenRole[] = prompt.map(() => 'context');
    // With teacher modelling, the feedback just before this attempt ends the prompt: <|teacher|> body <|end|> <|assistant|>.
    if (w.teacher !== 0) {
      const start = prompt.lastIndexOf(teacherRole);
      if (start >= 0 && prompt[prompt.length - 1] !== teacherRole) for (let i = start + 1; i < prompt.length - 1; i++) roles[i] = 'teacher';
    }
    const ids = [...prompt, ...g.ids, ...(stopped ? [end] : [])];
    roles.push(...g.ids.map((): TokenRole => 'student'), ...(stopped ? ['student' as const] : []));
    const policyLogprobs = [...prompt.map(() => NaN), ...g.logprobs, ...(stopped ? [NaN] : [])];
    return { ids, weights: roleWeights(roles, w.student, w.teacher), roles, policyLogprobs };
  });
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
