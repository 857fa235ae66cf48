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
  loss: number;
  gradNorm: number;
  lr: number;
  /** Student tokens sampled in this step and in the whole run so far (the budget counter). */
  generatedTokens: number;
  totalGeneratedTokens: number;
  /** Share of episodes trained as one re-tokenised sequence (the rest per attempt, same tokens). */
  retokenisedShare: number;
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
