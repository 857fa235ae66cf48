import type { Teacher } from '../core/types.js';

/** Domain-specific, informative feedback computed from the verifier's private details. */
export const scriptedTeacher: Teacher = {
  name: 'scripted',
  mode: 'feedback',
  privileged: true,
  async feedback({ task, domain, verdict, rng }) {
    return { text: domain.scriptedFeedback(task, verdict, rng) };
  },
};
