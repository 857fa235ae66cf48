import type { ChatMessage, EpisodeResult } from '../core/types.js';
import type { WeightedSequence } from '../embedded/batches.js';
import { applyChatTemplate } from '../embedded/chat-template.js';
import { promptWindow } from '../embedded/sample.js';
import type { Tokenizer } from '../embedded/tokenizer.js';
import { roleWeights } from './loss.js';
import type { Generation } from './rollout.js';

// Training sequences of one episode. The public transcript is re-tokenised with THE chat
// template; where that reproduces the rollout exactly (every attempt's prompt and sampled ids),
// the episode is one sequence. The tokenizer's encoding of a text is canonical but the sampler
// may draw a non-canonical split ("Ans"+"wer" instead of "Answer"), and a long dialogue may have
// been cut to the model's window; then each attempt becomes its own sequence built from the
// exact ids the sampler saw and drew. Either way the trained tokens are the rollout's tokens,
// under the context the sampler saw: `promptWindow`, the sampler's own truncation rule, decides
// both, so a long dialogue is never trained under more context than it was sampled with.

export type TokenRole = 'context' | 'student' | 'teacher';

export interface EpisodeSequence extends WeightedSequence {
  /** What each token is: context (system, task, role tokens), a student token or a teacher token. */
  roles: TokenRole[];
  /** Log-probability under the rollout policy of each student token (NaN elsewhere). */
  policyLogprobs: number[];
  /**
   * Which attempt (0-based) each token belongs to: a student token to the attempt it is part of,
   * a teacher token to the attempt its feedback answers; −1 on context.
   */
  attempts: number[];
}

export interface EpisodeSequences {
  sequences: EpisodeSequence[];
  /** True when the whole episode was one re-tokenised sequence. */
  retokenised: boolean;
}

/** The episode's weights by role (src/rl/loss.ts `roleWeights`); the trainer's objective adds the KL term. */
export interface SequenceWeights {
  /** Weight on the student's tokens of each attempt (the attempt's advantage). */
  student: readonly number[];
  /** Weight on the teacher's tokens (teacher modelling λ; 0 = teacher turns are context). */
  teacher: number;
}

/** The public transcript of an episode: opening messages, then attempts and feedback in order. */
export function publicTranscript(opening: readonly ChatMessage[], episode: EpisodeResult): ChatMessage[] {
  const messages = opening.slice();
  for (const turn of episode.turns) messages.push({ role: turn.role === 'student' ? 'assistant' : 'user', content: turn.text });
  return messages;
}

/** The model's window and the sampler's reply budget: together they fix the sampled contexts. */
export interface SamplingWindow {
  maxSeq: number;
  maxTokens: number;
}

export function episodeSequences(
  tokenizer: Tokenizer,
  window: SamplingWindow,
  transcript: readonly ChatMessage[],
  generations: readonly Generation[],
  weights: SequenceWeights,
): EpisodeSequences {
  const whole = retokenised(tokenizer, window, transcript, generations, weights);
  if (whole) return { sequences: [whole], retokenised: true };
  return { sequences: perAttempt(tokenizer, window, generations, weights), retokenised: false };
}

function retokenised(
  tokenizer: Tokenizer,
  window: SamplingWindow,
  transcript: readonly ChatMessage[],
  generations: readonly Generation[],
  w: SequenceWeights,
): EpisodeSequence | null {
  const full = applyChatTemplate(tokenizer, transcript).ids;
  if (full.length > window.maxSeq) return null;
  // A prompt the sampler cut to its window was sampled under less context than the whole sequence gives.
  if (generations.some((g) => promptWindow(g.promptIds, window.maxSeq, window.maxTokens).length < g.promptIds.length)) return null;
  const ids: number[] = [];
  const roles: TokenRole[] = [];
  const policyLogprobs: number[] = [];
  const attempts: number[] = [];
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
      attempts.push(-1, ...body.map(() => attempt - 1), stopped ? attempt - 1 : -1);
      continue;
    }
    const teacher = message.role === 'user' && userIndex > 0;
    if (message.role === 'user') userIndex++;
    const role = message.role === 'system' ? '<|system|>' : teacher ? '<|teacher|>' : '<|user|>';
    ids.push(tokenizer.id(role), ...body, end);
    const kind: TokenRole = teacher ? 'teacher' : 'context';
    roles.push('context', ...body.map(() => kind), kind);
    policyLogprobs.push(...Array<number>(body.length + 2).fill(NaN));
    attempts.push(-1, ...body.map(() => (teacher ? attempt - 1 : -1)), teacher ? attempt - 1 : -1);
  }
  if (attempt !== generations.length) return null;
  return { ids, weights: roleWeights(roles, attempts, w.student, w.teacher), roles, policyLogprobs, attempts };
}

function perAttempt(
  tokenizer: Tokenizer,
  window: SamplingWindow,
  generations: readonly Generation[],
  w: SequenceWeights,
): EpisodeSequence[] {
  const end = tokenizer.id('<|end|>');
  const teacherRole = tokenizer.id('<|teacher|>');
  return generations.map((g, a) => {
    // Exactly the context the sampler conditioned on.
    const prompt = promptWindow(g.promptIds, window.maxSeq, window.maxTokens);
    const stopped = g.finish === 'stop';
    const roles: TokenRole[] = prompt.map(() => 'context');
    const attempts: number[] = prompt.map(() => -1);
    // With teacher modelling, the feedback just before this attempt ends the prompt: <|teacher|> body <|end|> <|assistant|>.
    if (w.teacher !== 0) {
      const start = prompt.lastIndexOf(teacherRole);
      if (start >= 0 && prompt[prompt.length - 1] !== teacherRole)
        for (let i = start + 1; i < prompt.length - 1; i++) {
          roles[i] = 'teacher';
          attempts[i] = a - 1;
        }
    }
    const ids = [...prompt, ...g.ids, ...(stopped ? [end] : [])];
    roles.push(...g.ids.map((): TokenRole => 'student'), ...(stopped ? ['student' as const] : []));
    attempts.push(...g.ids.map(() => a), ...(stopped ? [a] : []));
    const policyLogprobs = [...prompt.map(() => NaN), ...g.logprobs, ...(stopped ? [NaN] : [])];
    return { ids, weights: roleWeights(roles, attempts, w.student, w.teacher), roles, policyLogprobs, attempts };
  });
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
