import type { Teacher, Verdict } from '../core/types.js';

// The default teacher of a feedback loop: it relays the app's verdict the way a reviewer would,
// in words, without inventing anything the check did not say.

/** A check's `details` as text a student can act on: strings verbatim, lists one a line, the rest as JSON. */
export function detailsText(details: unknown): string {
  if (details === undefined || details === null || details === '') return '';
  if (typeof details === 'string') return details.trim();
  if (Array.isArray(details)) return details.map((d) => `- ${typeof d === 'string' ? d : JSON.stringify(d)}`).join('\n');
  return JSON.stringify(details, null, 2);
}

export function relayFeedback(verdict: Verdict): string {
  const lines = [`That does not pass yet: ${verdict.summary || 'the check failed'}.`];
  const details = detailsText(verdict.details);
  if (details) lines.push(details);
  lines.push('Please fix it and reply with the whole corrected answer.');
  return lines.join('\n\n');
}

export const relayTeacher: Teacher = {
  name: 'relay',
  mode: 'feedback',
  privileged: true,
  async feedback({ verdict }) {
    return { text: relayFeedback(verdict) };
  },
};
