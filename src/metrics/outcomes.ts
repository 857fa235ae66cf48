/**
 * What the metrics need to know about one finished episode; the run store builds these from
 * its tables, tests build them by hand.
 */
export interface EpisodeOutcome {
  taskId: string;
  domain: string;
  condition: string;
  status: 'done' | 'errored';
  /** 1-based attempt that solved the task, or null. */
  solvedAt: number | null;
  /** The extracted answer of each attempt, in order (null where none was found). */
  answers: Array<string | null>;
  /** Whether the condition gives feedback between attempts (false for the `none` control). */
  feedback: boolean;
  feedbackTexts: number;
  blocked: number;
  fallbacks: number;
  studentTokens: { input: number; output: number };
  teacherTokens: { input: number; output: number };
}
