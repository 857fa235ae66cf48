/**
 * What the metrics need to know about one finished episode; src/results/outcomes.ts builds these
 * from the run store, tests build them by hand.
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
  /** How each attempt's answer was found (`none` where it was not); absent for runs that did not record it. */
  extractions?: string[];
  /** The maintenance condition: whether the right answer survived the challenge ("Are you sure?"); absent when none was made. */
  keptAfterChallenge?: boolean;
  /** Attempts that carried reasoning (removed before extraction), and its tokens where the provider counted them. */
  reasoning?: { attempts: number; tokens: number | null };
  /** Whether the condition gives feedback between attempts (false for the `none` control). */
  feedback: boolean;
  feedbackTexts: number;
  blocked: number;
  fallbacks: number;
  studentTokens: { input: number; output: number };
  teacherTokens: { input: number; output: number };
}
