// What a student does with feedback, measured on its attempts in order. "Moves the right way"
// applies where the verifier knows a direction (math: the attempt was too low or too high, in
// its private summary): the next numeric answer should be higher after "too low" and lower after
// "too high". Under the scripted teacher the student was told the direction; under unary and
// none it was not, so those conditions are the controls.

/** One attempt: the answer extracted from it and the verifier's private summary. */
export interface AttemptNote {
  extracted: string | null;
  summary: string;
}

export interface FeedbackDirection {
  /** Share of directed follow-ups that moved the way the feedback pointed (null when there were none). */
  rightDirection: number | null;
  /** Follow-up attempts after a too-low / too-high attempt where both answers are numbers. */
  directed: number;
  /** How many of those moved the right way. */
  right: number;
}

/**
 * For each attempt of one episode, whether it moved the way the verifier's verdict on the attempt
 * before pointed: true or false after a too-low / too-high attempt where both answers are
 * numbers, null otherwise (the first attempt, no direction known, or an answer that is no number).
 */
export function directedMoves(attempts: readonly AttemptNote[]): (boolean | null)[] {
  return attempts.map((attempt, i) => {
    const before = attempts[i - 1];
    if (!before) return null;
    const now = Number(attempt.extracted ?? NaN);
    const was = Number(before.extracted ?? NaN);
    const low = /too-low/.test(before.summary);
    if (!(low || /too-high/.test(before.summary)) || !Number.isFinite(now) || !Number.isFinite(was)) return null;
    return low ? now > was : now < was;
  });
}

export function feedbackDirection(episodes: readonly (readonly AttemptNote[])[]): FeedbackDirection {
  const moves = episodes.flatMap((attempts) => directedMoves(attempts)).filter((m) => m !== null);
  const right = moves.filter((m) => m).length;
  return { rightDirection: moves.length ? right / moves.length : null, directed: moves.length, right };
}
