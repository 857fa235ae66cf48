import { UsageError } from '../core/errors.js';
import type { Domain } from '../core/types.js';

// The domain of a recorded feedback loop, as another process sees it. The app's check lives only
// in the app, but the recorded dialogues are complete without it: the system prompt (kept in the
// run's config), the requests as tasks, and every attempt with its verdict. That is enough to
// export them as training data (`didactic data dialogues`); what would need the check again —
// verifying a new reply — says so.

export function recordedLoopDomain(name: string, systemPrompt: string): Domain {
  const unavailable = (): never => {
    throw new UsageError(`${name} is a feedback loop's own check; it runs only inside the app that recorded the run`);
  };
  return {
    name,
    description: "a recorded feedback loop (the app's check is not available here)",
    difficulties: [1],
    defaultDifficulty: 1,
    systemPrompt,
    generate: unavailable,
    parseRecord: unavailable,
    extract: (attempt) => attempt,
    // No reference answer and no check: a reply can never be confirmed here.
    verify: (_task, attempt) => ({ correct: false, extracted: attempt, summary: 'not checkable outside the app', details: null }),
    sameAnswer: (a, b) => a.trim() === b.trim(),
    scriptedFeedback: unavailable,
    leaks: () => false,
  };
}
