import type { EpisodeOutcome } from '../metrics/outcomes.js';
import type { StoredEpisode } from '../store/run-store.js';

/** Finished episodes (running ones left out) in the form the metrics read. */
export function episodeOutcomes(episodes: StoredEpisode[], feedbackConditions: (condition: string) => boolean): EpisodeOutcome[] {
  return episodes
    .filter((e) => e.status !== 'running')
    .map((e) => {
      const outcome: EpisodeOutcome = {
        taskId: e.taskId,
        domain: e.domain,
        condition: e.condition,
        status: e.status === 'done' ? 'done' : 'errored',
        solvedAt: e.solvedAt,
        answers: [],
        extractions: [],
        reasoning: { attempts: 0, tokens: null },
        feedback: feedbackConditions(e.condition),
        feedbackTexts: 0,
        blocked: 0,
        fallbacks: 0,
        studentTokens: { input: 0, output: 0 },
        teacherTokens: { input: 0, output: 0 },
      };
      for (const { turn } of e.turns) {
        // A challenge of a right answer and its reply are no attempt at the task and no feedback.
        if (turn.challenge) {
          if (turn.role === 'student') outcome.keptAfterChallenge = turn.correct;
          continue;
        }
        if (turn.role === 'student') {
          outcome.answers.push(turn.extracted);
          outcome.extractions?.push(turn.extraction ?? (turn.extracted === null ? 'none' : 'parsed'));
          if (turn.reasoning && outcome.reasoning) {
            outcome.reasoning.attempts++;
            if (turn.reasoning.tokens !== undefined) outcome.reasoning.tokens = (outcome.reasoning.tokens ?? 0) + turn.reasoning.tokens;
          }
          outcome.studentTokens.input += turn.usage.inputTokens;
          outcome.studentTokens.output += turn.usage.outputTokens;
        } else {
          outcome.feedbackTexts++;
          outcome.blocked += turn.blocked.length;
          outcome.fallbacks += Number(turn.fallback);
          outcome.teacherTokens.input += turn.usage.inputTokens;
          outcome.teacherTokens.output += turn.usage.outputTokens;
        }
      }
      return outcome;
    });
}
