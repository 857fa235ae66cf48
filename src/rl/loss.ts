import type { TokenRole } from './sequences.js';

// The RL objective of one step, as per-token weights for the weighted next-token loss of the
// embedded model (src/embedded/tensor/transformer.ts):
//
//   loss = −(1/D) Σ_s Σ_t w[s][t] · log π_θ(x[s][t] | x[s][<t])
//
// over the step's training sequences s (each a whole episode, or one attempt of it) and their
// tokens t ≥ 1, with a(t) the attempt token t belongs to (src/rl/sequences.ts), A_s,a the
// advantage of that attempt (src/rl/credit.ts), λ the teacher-modelling weight, β the KL
// coefficient and β_T the teacher's own anchor. With the token denominator (the first
// reproduction's):
//
//   w[s][t] = A_s,a(t) − β · d[s][t]   on the student's tokens (the sampled ids and the stop token)
//           = λ − β_T · e[s][t]        on the teacher's tokens (feedback bodies and their end token)
//           = 0                        on everything else (system, task, role tokens, padding)
//
//   d[s][t] = log π_old(x_t) − log π_ref(x_t)   where both are known and |d| > 1e-5, else 0
//   e[s][t] = log π_θ(x_t) − log π_ref(x_t)     where both are known, else 0
//
//   D = max(1, #student tokens + (λ ≠ 0 ? #teacher tokens : 0)), summed over the whole step
//
// A token mean lets long turns and long (failed) episodes dominate the step. With the attempt
// denominator every attempt counts once, whatever its length: each weight above is divided by
// the number of tokens of its segment (the attempt's student tokens, or one feedback turn's
// teacher tokens), and D = max(1, #attempts + (λ ≠ 0 ? #feedback turns : 0)).
//
// π_old is the policy that sampled the rollout (its log-probabilities were recorded while
// sampling; this is on-policy, so π_old = π_θ at the update), π_ref the frozen starting model.
// The KL enters as a per-token reward: ∇ E_π[log π − log π_ref] = E_π[(log π − log π_ref) ∇ log π].
// Differences below 1e-5 are float32 noise (the sampler's cached pass against the reference's
// full pass), not a signal, and Adam would turn them into full-size steps. The stop token carries
// no recorded log-probability, so it gets the advantage without a KL term.
//
// The reported KL is the mean over student tokens with both log-probabilities of the k3
// estimator exp(r) − r − 1, r = log π_ref − log π_old: non-negative, unbiased for KL(π_old ‖ π_ref).
//
// The teacher's anchor. Teacher tokens are written by the teacher, not sampled from π_θ, so the
// identity above (an expectation under π) says nothing about them, and the student's estimator
// does not apply. Part of the teacher's text cannot be predicted from the public transcript (a
// direction that needs the privileged answer, a paraphrase drawn at random), so λ·log π on it
// never reaches a zero gradient and keeps moving the shared weights. β_T anchors each teacher
// token's log-probability to the starting model's instead: per token the objective maximised is
//
//   λ · log π_θ(x_t) − ½ β_T · (log π_θ(x_t) − log π_ref(x_t))²
//
// whose gradient is (λ − β_T · e[s][t]) · ∇ log π_θ(x_t), the weight above, with e the log-ratio
// at the current θ. e comes from a no-grad pass of the policy over the step's sequences before the
// update (the same compiled pass as π_ref's), so it is exact at the update's θ and, at the
// start, exactly 0: no noise floor is needed, unlike d. Pulled up by λ and back by β_T, the
// expected weight vanishes where e = λ/β_T on the teacher's texts, whether the transcript
// determines them or they are a random draw (unless certainty, or the draw's own frequency, is
// reached first), instead of where the cross-entropy alone would take them.
// This is a log-ratio anchor on the teacher's text, not an estimate of any KL: its mean over the
// teacher's draws is E_teacher[log π_θ − log π_ref], a cross-entropy difference that can take
// either sign and is neither KL(π_θ ‖ π_ref) nor KL(teacher ‖ ·); it bounds how far the
// log-probabilities of the teacher texts the steps train on may drift, nothing more; what it
// does to the rest of the model is measured (test/rl/teacher-kl.test.ts), not implied. The
// reported teacher log-ratio is the mean of e over the teacher tokens (positive: the teacher's
// text has become more likely than at the start).

export type Denominator = 'tokens' | 'attempts';
export const DENOMINATORS: readonly Denominator[] = ['attempts', 'tokens'];

export interface ObjectiveInput {
  /**
   * What each token is, the attempt it belongs to (−1 on context), and log π_old of each sampled
   * student token (NaN elsewhere).
   */
  sequences: readonly { roles: readonly TokenRole[]; attempts: readonly number[]; policyLogprobs: readonly number[] }[];
  /** A_s,a: per sequence, the advantage of each attempt of its episode. */
  advantages: readonly (readonly number[])[];
  denominator: Denominator;
  /** λ (0 = teacher turns are context only). */
  teacherModelling: number;
  /** β (0 = no KL penalty). */
  kl: number;
  /** β_T, the anchor of the teacher's tokens (absent or 0 = none). */
  teacherKl?: number;
  /** log π_ref(x_t | x_<t) per sequence and token; NaN where not computed (t = 0, past the window). */
  referenceLogprobs: readonly (readonly number[])[];
  /**
   * log π_θ(x_t | x_<t) of the teacher's tokens per sequence, before the update; NaN elsewhere.
   * Given, the teacher log-ratio is measured; needed when β_T ≠ 0.
   */
  currentLogprobs?: readonly (readonly number[])[];
}

export interface Objective {
  /** w[s][t], aligned with each sequence's tokens. */
  weights: number[][];
  /** D. */
  denominator: number;
  /** Mean k3 KL estimate over the student's tokens (0 when there are none). */
  kl: number;
  /** Mean e = log π_θ − log π_ref over the teacher's tokens (0 when there are none); only with `currentLogprobs`. */
  teacherLogRatio?: number;
}

/** The weights without the KL term (token denominator): A_a on student tokens, λ on teacher tokens, 0 elsewhere. */
export function roleWeights(
  roles: readonly TokenRole[],
  attempts: readonly number[],
  advantages: readonly number[],
  teacherModelling: number,
): number[] {
  return roles.map((role, t) =>
    role === 'student' ? (advantages[attempts[t] as number] ?? 0) : role === 'teacher' ? teacherModelling : 0,
  );
}

export function rlObjective(input: ObjectiveInput): Objective {
  const { teacherModelling: lambda, kl: beta, teacherKl: betaT = 0, currentLogprobs } = input;
  // Without λ the teacher's tokens are context, outside every segment of the denominator.
  if (betaT !== 0 && lambda === 0) throw new Error('rlObjective: teacherKl needs teacherModelling ≠ 0');
  if (betaT !== 0 && !currentLogprobs) throw new Error('rlObjective: teacherKl needs currentLogprobs (log π_θ of the teacher tokens)');
  const perAttempt = input.denominator === 'attempts';
  let trained = 0;
  let klSum = 0;
  let klCount = 0;
  let ratioSum = 0;
  let ratioCount = 0;
  const weights = input.sequences.map((s, i) => {
    const w = roleWeights(s.roles, s.attempts, input.advantages[i] as readonly number[], lambda);
    const reference = input.referenceLogprobs[i] as readonly number[];
    const current = currentLogprobs?.[i];
    if (current)
      for (const [t, role] of s.roles.entries()) {
        const e = (current[t] ?? NaN) - (reference[t] ?? NaN);
        if (t === 0 || role !== 'teacher' || Number.isNaN(e)) continue;
        ratioSum += e;
        ratioCount++;
        if (betaT !== 0) w[t] = (w[t] as number) - betaT * e;
      }
    for (const [t, role] of s.roles.entries()) {
      const policyLp = s.policyLogprobs[t] ?? NaN;
      const refLp = reference[t] ?? NaN;
      if (t === 0 || role !== 'student' || Number.isNaN(policyLp) || Number.isNaN(refLp)) continue;
      const ratio = refLp - policyLp;
      klSum += Math.exp(ratio) - ratio - 1;
      klCount++;
      if (beta !== 0 && Math.abs(policyLp - refLp) > 1e-5) w[t] = (w[t] as number) - beta * (policyLp - refLp);
    }
    const segments = segmentSizes(s.roles, s.attempts, lambda);
    trained += perAttempt ? segments.size : [...segments.values()].reduce((sum, n) => sum + n, 0);
    if (perAttempt)
      for (const [t, role] of s.roles.entries()) {
        const size = segments.get(`${role}:${s.attempts[t]}`);
        if (size !== undefined) w[t] = (w[t] as number) / size;
      }
    return w;
  });
  const objective: Objective = { weights, denominator: Math.max(1, trained), kl: klCount ? klSum / klCount : 0 };
  if (currentLogprobs) objective.teacherLogRatio = ratioCount ? ratioSum / ratioCount : 0;
  return objective;
}

/** Trained tokens per segment ("student:a" for attempt a, "teacher:a" for the feedback on it). */
function segmentSizes(roles: readonly TokenRole[], attempts: readonly number[], lambda: number): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const [t, role] of roles.entries()) {
    if (t === 0 || !(role === 'student' || (role === 'teacher' && lambda !== 0))) continue;
    const key = `${role}:${attempts[t]}`;
    sizes.set(key, (sizes.get(key) ?? 0) + 1);
  }
  return sizes;
}
