// Rewards and group-relative advantages for RL over whole episodes (GRPO-style).

/**
 * Reward of one episode: 1 if solved within the turn budget, discounted by γ per extra turn so
 * that earlier success is worth more (γ^(solvedAt − 1)); 0 if not solved.
 */
export function episodeReward(solvedAt: number | null, turns: number, gamma: number): number {
  if (solvedAt === null || solvedAt > turns) return 0;
  return gamma ** (solvedAt - 1);
}

/**
 * Advantages within one group of episodes on the same task: reward minus the group mean,
 * optionally divided by the group's standard deviation. A group where every episode got the same
 * reward carries no signal and gets all-zero advantages.
 */
export function groupAdvantages(rewards: number[], options: { normalizeStd?: boolean; epsilon?: number } = {}): number[] {
  const n = rewards.length;
  if (n === 0) return [];
  // Exactly zero, not a rounding residue of the mean: the trainer skips sequences with nothing to learn.
  if (rewards.every((r) => r === rewards[0])) return rewards.map(() => 0);
  const mean = rewards.reduce((s, r) => s + r, 0) / n;
  const centred = rewards.map((r) => r - mean);
  if (!options.normalizeStd) return centred;
  const std = Math.sqrt(centred.reduce((s, c) => s + c * c, 0) / n);
  return centred.map((c) => c / (std + (options.epsilon ?? 1e-6)));
}
