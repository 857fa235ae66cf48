import { UsageError } from '../../core/errors.js';
import type { ChatModel, Teacher, TeacherInput, TeacherReply } from '../../core/types.js';
import { render, type PromptTemplate } from './template.js';
import { renderSolution, renderTranscript, renderVerdict } from './render-task.js';

export const FEEDBACK_STYLES = ['hindsight', 'future', 'both'] as const;
export type FeedbackStyle = (typeof FEEDBACK_STYLES)[number];

/** The `--feedback` check, wherever a style arrives from outside (flags, a caller's options). */
export function assertFeedbackStyle(style: string): asserts style is FeedbackStyle {
  if (!(FEEDBACK_STYLES as readonly string[]).includes(style))
    throw new UsageError(`--feedback must be one of ${FEEDBACK_STYLES.join(', ')}, got "${style}"`);
}

export const TEACHER_PLACEHOLDERS = ['problem', 'reference', 'solution', 'verifier', 'transcript', 'attempt', 'style', 'blocked'] as const;

export interface LlmTeacherOptions {
  /** The condition name, `llm:<spec>`. */
  name: string;
  /** The teacher model, already wrapped by the runner (cache, retries, teacher settings). */
  model: ChatModel;
  template: PromptTemplate;
  /** The style instructions (LLF-Bench: hindsight = what was wrong, future = what to try next). */
  styleText: string;
}

/**
 * `llm:<spec>`: a model that privately sees the reference answer, the worked solution and the
 * verifier's findings, plus the public transcript, and writes corrective feedback. The leak
 * guard checks every text it writes.
 */
export function createLlmTeacher(options: LlmTeacherOptions): Teacher {
  return {
    name: options.name,
    mode: 'feedback',
    privileged: true,
    async feedback(input: TeacherInput): Promise<TeacherReply> {
      const prompt = render(options.template, {
        problem: input.task.prompt,
        reference: input.task.privileged.answer,
        solution: renderSolution(input.task),
        verifier: renderVerdict(input.verdict),
        transcript: renderTranscript(input.transcript),
        attempt: String(input.attempt),
        style: options.styleText.trim(),
        blocked: blockedNote(input.blocked),
      });
      const response = await options.model.generate({
        messages: [{ role: 'user', content: prompt }],
        // Drawn from the teacher's seeded stream, so a rerun asks for the same sample.
        settings: { seed: input.rng.int(0, 2 ** 31 - 1) },
        sampleIndex: 0,
        ...(input.signal ? { signal: input.signal } : {}),
      });
      const text = response.text.trim();
      if (!text) throw new Error(`${options.name} returned empty feedback`);
      return { text, usage: response.usage };
    },
  };
}

function blockedNote(blocked: string[] | undefined): string {
  if (!blocked?.length) return '';
  const quoted = blocked.map((b, i) => `Blocked draft ${i + 1}:\n"""\n${b}\n"""`).join('\n\n');
  return `\nYour earlier drafts below were withheld from the student because they gave the answer away. Write new feedback that does not.\n\n${quoted}\n`;
}
