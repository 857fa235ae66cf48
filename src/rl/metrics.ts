import type { StudentTurn } from '../core/types.js';
import { directedMoves, feedbackDirection } from '../metrics/feedback-use.js';
import type { Rollout } from './rollout.js';

/** One RL step as logged to rl-log.jsonl (one JSON object a line) and drawn in rl-curves.svg. */
export interface StepMetrics {
  step: number;
  /** Mean episode reward of the step's rollouts. */
  reward: number;
  /** Share of the step's episodes solved within k turns, k = 1…K. */
  accAt: number[];
  /** Mean sampled tokens per student attempt. */
  responseTokens: number;
  /** Mean per-token KL to the starting policy over the student's tokens (k3 estimator). */
  kl: number;
  /**
   * With teacher modelling: mean log π_θ − log π_ref over the teacher's tokens before the update
   * (src/rl/loss.ts), how far the teacher's text has drifted from the start; absent without.
   */
  teacherLogRatio?: number;
  loss: number;
  gradNorm: number;
  lr: number;
  /** Student tokens sampled in this step and in the whole run so far (the budget counter). */
  generatedTokens: number;
  totalGeneratedTokens: number;
  /** Share of episodes trained as one re-tokenised sequence (the rest per attempt, same tokens). */
  retokenisedShare: number;
  /** Episodes solved after feedback (at attempt 2 or later): what RL²F has to reinforce. */
  rescues?: number;
  /** Attempts after feedback, and the share of them with no final answer. */
  laterAttempts?: number;
  laterNoAnswer?: number;
  /** Share of follow-ups that moved the way the verdict before pointed: too low / too high, a maze path's failing move or short end (null: none). */
  rightDirection?: number | null;
  episodes: number;
  erroredEpisodes: number;
  rolloutSeconds: number;
  updateSeconds: number;
}

export function accuracyAt(rollouts: readonly Rollout[], turns: number): number[] {
  return Array.from(
    { length: turns },
    (_, k) => rollouts.filter((r) => r.episode.solvedAt !== null && r.episode.solvedAt <= k + 1).length / Math.max(1, rollouts.length),
  );
}

const studentTurns = (r: Rollout): StudentTurn[] => r.episode.turns.filter((t): t is StudentTurn => t.role === 'student');
const notes = (attempts: readonly StudentTurn[]) => attempts.map((t) => ({ extracted: t.extracted, summary: t.verdict.summary }));

/** What the step's students did after feedback (absent from logs written before these were measured). */
export function feedbackUse(
  rollouts: readonly Rollout[],
): Required<Pick<StepMetrics, 'rescues' | 'laterAttempts' | 'laterNoAnswer' | 'rightDirection'>> {
  const attempts = rollouts.map(studentTurns);
  const later = attempts.flatMap((a) => a.slice(1));
  const direction = feedbackDirection(attempts.map(notes));
  return {
    rescues: rollouts.filter((r) => r.episode.solvedAt !== null && r.episode.solvedAt > 1).length,
    laterAttempts: later.length,
    laterNoAnswer: later.length ? later.filter((t) => t.extracted === null).length / later.length : 0,
    rightDirection: direction.rightDirection,
  };
}

/** Per student attempt of one rollout: whether it moved the way the verdict before it pointed (src/rl/credit.ts). */
export function attemptMoves(rollout: Rollout): (boolean | null)[] {
  return directedMoves(notes(studentTurns(rollout)));
}
