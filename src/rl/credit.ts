import { episodeReward, groupAdvantages } from './advantages.js';

// Credit assignment: the advantage of each attempt of each episode in one step.
//
// `episode` (the first reproduction's): every attempt of an episode gets the episode's advantage,
// reward γ^(solvedAt−1) against its group. A failed episode has K attempts and a success usually
// one, so from turn 2 on almost every term is negative: the later turns push down whatever the
// model says after feedback, the wrong first answer of a rescued episode is pushed up, and the
// turn-1 signal is drowned (and then clipped away with the gradient norm).
//
// `turn`: attempt k of a member is scored against the group members that reached attempt k,
// and its reward is its own outcome: γ^(k−1) if attempt k solved the task, 0 if it did not. An
// episode solved at attempt k credits attempt k, not the wrong attempts before it. Within a group
// and a turn the advantages sum to zero, so a turn where every member failed carries no weight.
//
// `directionReward` ρ (turn credit only, 0 by default, the paper's outcome reward alone): a wrong
// attempt that moved the way the verifier's verdict on the attempt before pointed (higher after
// too low, lower after too high; on the maze, changed the failing move and kept the ones before
// it: `directedMoves` in src/metrics/feedback-use.ts) earns ρ·γ^(k−1). Solving is rare after feedback, a few exact
// hits in a hundred later attempts, so the outcome reward says almost nothing about following
// the direction; this says it at every directed attempt. The verdict's direction is the
// verifier's, not the teacher's, so a run with the unary teacher gets the same reward for the same
// moves without being told which way to move: that run is the control.

export type Credit = 'turn' | 'episode';
export const CREDITS: readonly Credit[] = ['turn', 'episode'];

export interface CreditMember {
  /** The task (group) this episode belongs to. */
  group: number;
  /** Attempt (1-based) at which the episode was solved, or null. */
  solvedAt: number | null;
  /** Attempts the student made. */
  attempts: number;
  /** Per attempt: whether it moved the way the verdict before it pointed (null: no direction). */
  moves?: readonly (boolean | null)[];
}

export interface CreditOptions {
  credit: Credit;
  /** Turn budget K (an attempt past it never earns reward). */
  turns: number;
  gamma: number;
  stdNormalize: boolean;
  /** ρ, the reward of a wrong attempt that moved the way the verdict before it pointed (turn credit; default 0). */
  directionReward?: number;
}

/** Advantages [member][attempt index] for one step. */
export function assignCredit(members: readonly CreditMember[], options: CreditOptions): number[][] {
  const rho = options.directionReward ?? 0;
  if (!(rho >= 0 && rho <= 1)) throw new RangeError(`the direction reward must be within [0, 1], got ${rho}`);
  if (rho > 0 && options.credit !== 'turn') throw new RangeError('the direction reward is per attempt: it needs turn credit');
  const out = members.map((m) => new Array<number>(m.attempts).fill(0));
  const groups = new Map<number, number[]>();
  for (const [i, m] of members.entries()) groups.set(m.group, [...(groups.get(m.group) ?? []), i]);
  const normalizeStd = options.stdNormalize;
  for (const indices of groups.values()) {
    if (options.credit === 'episode') {
      const adv = groupAdvantages(
        indices.map((i) => episodeReward((members[i] as CreditMember).solvedAt, options.turns, options.gamma)),
        { normalizeStd },
      );
      indices.forEach((i, j) => {
        (out[i] as number[]).fill(adv[j] as number);
      });
      continue;
    }
    const longest = Math.max(0, ...indices.map((i) => (members[i] as CreditMember).attempts));
    for (let k = 1; k <= longest; k++) {
      const reached = indices.filter((i) => (members[i] as CreditMember).attempts >= k);
      const rewards = reached.map((i) => attemptReward(members[i] as CreditMember, k, options));
      const adv = groupAdvantages(rewards, { normalizeStd });
      reached.forEach((i, j) => {
        (out[i] as number[])[k - 1] = adv[j] as number;
      });
    }
  }
  return out;
}

/**
 * The reward of attempt k alone: γ^(k−1) if it solved the task within the budget, ρ·γ^(k−1) if it
 * did not but moved the way the verdict before it pointed, else 0.
 */
function attemptReward(m: CreditMember, k: number, options: CreditOptions): number {
  if (k > options.turns) return 0;
  if (m.solvedAt === k) return options.gamma ** (k - 1);
  return m.moves?.[k - 1] === true ? (options.directionReward ?? 0) * options.gamma ** (k - 1) : 0;
}
