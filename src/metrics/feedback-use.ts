// What a student does with feedback, measured on its attempts in order. "Moves the way the
// verdict pointed" applies where the verifier's private summary of an attempt points somewhere:
// - a direction (math: the attempt was too low or too high): the next numeric answer should be
//   higher after "too low" and lower after "too high";
// - a place (maze: the move where the path first runs into a wall or off the grid, or the end of
//   a legal path that stops short of the goal): the next path should keep the moves before the
//   failing one and change that one, or keep the whole short path and go on from its end.
// Under the scripted teacher the student was told the direction or the place; under unary and
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
 * numbers, or after a maze path the verdict places (both answers move strings); null otherwise
 * (the first attempt, a verdict that points nowhere, or an answer of the wrong kind).
 */
export function directedMoves(attempts: readonly AttemptNote[]): (boolean | null)[] {
  return attempts.map((attempt, i) => {
    const before = attempts[i - 1];
    if (!before || before.extracted === null || attempt.extracted === null) return null;
    return followsDirection(before, attempt.extracted) ?? followsPlace(before, attempt.extracted);
  });
}

function followsDirection(before: AttemptNote, next: string): boolean | null {
  const now = Number(next);
  const was = Number(before.extracted);
  const low = /too-low/.test(before.summary);
  if (!(low || /too-high/.test(before.summary)) || !Number.isFinite(now) || !Number.isFinite(was)) return null;
  return low ? now > was : now < was;
}

const MOVE_STRING = /^[UDLR]+$/;

/** The maze verifier's summaries: "move 3 (L) hits a wall", "… leaves the grid", "ends at …, away from the goal". */
function followsPlace(before: AttemptNote, next: string): boolean | null {
  const was = before.extracted ?? '';
  if (!MOVE_STRING.test(was) || !MOVE_STRING.test(next)) return null;
  const failing = /^move (\d+) \(/.exec(before.summary);
  if (failing) return firstChange(was, next) === Number(failing[1]) - 1;
  if (/away from the goal/.test(before.summary)) return next.length > was.length && next.startsWith(was);
  return null;
}

/** Index of the first move where `next` leaves `last` (its length when it stops early; -1 when the same). */
export function firstChange(last: string, next: string): number {
  for (let i = 0; i < next.length; i++) if (next[i] !== last[i]) return i;
  return next.length === last.length ? -1 : next.length;
}

export function feedbackDirection(episodes: readonly (readonly AttemptNote[])[]): FeedbackDirection {
  const moves = episodes.flatMap((attempts) => directedMoves(attempts)).filter((m) => m !== null);
  const right = moves.filter((m) => m).length;
  return { rightDirection: moves.length ? right / moves.length : null, directed: moves.length, right };
}
