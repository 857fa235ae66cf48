import type { LeakJudge, Teacher, TeacherInput, TeacherReply, TokenUsage } from './types.js';

/** The feedback of last resort: it says nothing about the task, so it cannot leak. */
export const SAFE_FALLBACK = 'That is not correct. Try again.';

export interface GuardedFeedback {
  text: string;
  /** Texts that were blocked because they gave the answer away, in the order produced. */
  blocked: string[];
  /** Which check blocked each text: `domain` (string and equivalence check) or the judge's name. */
  blockedBy: string[];
  /** True when no generated text passed and a fallback was used. */
  fallback: boolean;
  usage: TokenUsage;
}

/**
 * Ask the teacher for feedback and make sure the student never sees a text that reveals the
 * reference answer. A leaking text is regenerated (the teacher is told what was blocked) up to
 * `maxRetries` times; then the domain's scripted feedback is used if it is safe, else SAFE_FALLBACK.
 *
 * With a `judge`, a text that passes the domain's check is also put to the judge, and blocked
 * when the judge says it leaks. The judge's tokens are not added to the teacher's usage.
 *
 * Teachers without privileged data (`self`) are not checked: they cannot leak what they never saw.
 */
export async function guardedFeedback(teacher: Teacher, input: TeacherInput, maxRetries = 2, judge?: LeakJudge): Promise<GuardedFeedback> {
  const usage: TokenUsage = { inputTokens: 0, outputTokens: 0 };
  const add = (reply: TeacherReply): void => {
    usage.inputTokens += reply.usage?.inputTokens ?? 0;
    usage.outputTokens += reply.usage?.outputTokens ?? 0;
  };
  const blocked: string[] = [];
  const blockedBy: string[] = [];
  for (let tryIndex = 0; tryIndex <= maxRetries; tryIndex++) {
    const reply = await teacher.feedback(blocked.length ? { ...input, blocked: [...blocked] } : input);
    add(reply);
    if (!teacher.privileged) return { text: reply.text, blocked, blockedBy, fallback: false, usage };
    let by: string | null = input.domain.leaks(input.task, reply.text) ? 'domain' : null;
    if (by === null && judge) {
      const verdict = await judge.judge({
        task: input.task,
        domain: input.domain,
        feedback: reply.text,
        ...(input.signal ? { signal: input.signal } : {}),
      });
      if (verdict.leaks) by = judge.name;
    }
    if (by === null) return { text: reply.text, blocked, blockedBy, fallback: false, usage };
    blocked.push(reply.text);
    blockedBy.push(by);
  }
  const scripted = input.domain.scriptedFeedback(input.task, input.verdict, input.rng);
  const text = input.domain.leaks(input.task, scripted) ? SAFE_FALLBACK : scripted;
  return { text, blocked, blockedBy, fallback: true, usage };
}
