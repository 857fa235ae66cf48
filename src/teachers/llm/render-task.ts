import type { ChatMessage, Task, Verdict } from '../../core/types.js';

/** The public dialogue as a teacher reads it: the problem, then each attempt and the feedback it got. */
export function renderTranscript(transcript: ChatMessage[]): string {
  const lines: string[] = [];
  let attempt = 0;
  let sawProblem = false;
  for (const m of transcript) {
    if (m.role === 'system') continue;
    if (m.role === 'user' && !sawProblem) {
      sawProblem = true;
      continue; // shown separately as the problem
    }
    if (m.role === 'assistant') lines.push(`### Student, attempt ${++attempt}\n${m.content.trim()}`);
    else lines.push(`### Feedback the student received\n${m.content.trim()}`);
  }
  return lines.join('\n\n');
}

/** The privileged data other than the answer: a worked solution, steps, or whatever the domain keeps. */
export function renderSolution(task: Task): string {
  const { answer: _answer, ...rest } = task.privileged;
  const parts: string[] = [];
  if (typeof rest.solution === 'string' && rest.solution.trim()) parts.push(rest.solution.trim());
  const steps = rest.steps;
  if (Array.isArray(steps) && steps.length) {
    parts.push(
      steps
        .map((s: unknown, i: number) => {
          const step = s as { description?: unknown; value?: unknown };
          return `${i + 1}. ${String(step.description ?? '')} = ${String(step.value ?? '')}`;
        })
        .join('\n'),
    );
  }
  const other = Object.fromEntries(Object.entries(rest).filter(([k]) => k !== 'solution' && k !== 'steps'));
  if (Object.keys(other).length) parts.push(JSON.stringify(other, null, 1));
  return parts.length ? parts.join('\n\n') : '(none)';
}

export function renderVerdict(verdict: Verdict): string {
  const details = verdict.details && typeof verdict.details === 'object' ? JSON.stringify(verdict.details) : String(verdict.details ?? '');
  return [
    `Extracted answer: ${verdict.extracted ?? '(none found)'}`,
    `Checker summary: ${verdict.summary}`,
    details && details !== '{}' ? `Checker details: ${details}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}
