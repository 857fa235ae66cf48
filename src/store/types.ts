import type { ExtractMode, GenerationSettings, Turn } from '../core/types.js';

// What the run store records and hands back; shared by the parts that write and read it.

/** What defines a run; a resume must ask for the same thing. */
export interface RunConfig {
  student: string;
  teachers: string[];
  domains: string[];
  turns: number;
  tasks: number;
  seed: number;
  difficulty: number | null;
  data: string | null;
  /** The student's generation settings. */
  settings: Record<string, unknown>;
  /** A recorded feedback loop's system prompt (its domain is the app's own check, not registered elsewhere). */
  appSystemPrompt?: string;
  /** Generation settings of the other model roles (llm and self teachers, the leak judge). */
  roleSettings?: { teacher: GenerationSettings; judge: GenerationSettings };
  /** Feedback style of llm teachers (LLF-Bench): hindsight, future or both. */
  feedback?: string;
  /** A user prompt template for llm teachers, when one replaced the built-in. */
  teacherPrompt?: string | null;
  leakJudge?: string | null;
  leakRetries?: number;
  /** How answers were extracted: lenient (the default) or strict. */
  extract?: ExtractMode;
  /** Independent episodes per task (absent: 1). */
  repeats?: number;
  /** --since/--until: the contest-date window loaded tasks were taken from (absent: none). */
  contestWindow?: { since: string | null; until: string | null };
  didacticVersion: string;
}

export interface StoredTurn {
  index: number;
  turn: Turn;
}

export interface StoredEpisode {
  id: number;
  taskId: string;
  domain: string;
  condition: string;
  status: 'running' | 'done' | 'errored';
  solvedAt: number | null;
  attempts: number;
  error: string | null;
  turns: StoredTurn[];
}
