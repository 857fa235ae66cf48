// The vocabulary of didactic. Everything else (domains, teachers, models, storage, CLI)
// plugs into these types; this file imports nothing.

// ---------------------------------------------------------------------------
// Chat models (the student, and later LLM teachers)
// ---------------------------------------------------------------------------

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

/** Sampling settings a caller may ask for; a model ignores what it cannot honour. */
export interface GenerationSettings {
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  /** Per-call seed. The runner derives it from the run seed, so results do not depend on scheduling. */
  seed?: number;
  stop?: string[];
  /** Reasoning models: how hard to think (OpenAI's reasoning effort). */
  reasoningEffort?: 'low' | 'medium' | 'high';
  /** Reasoning models: most tokens to spend thinking (Anthropic's and Gemini's thinking budget). */
  thinkingBudget?: number;
}

export interface ChatRequest {
  messages: ChatMessage[];
  settings?: GenerationSettings;
  /**
   * Which independent sample of this exact history is wanted (0, 1, …). Two calls with the same
   * history and sample index are the same draw; caches key on it.
   */
  sampleIndex?: number;
  /**
   * Which role writes the reply: the student (`assistant`, the default) or the next teacher turn
   * (`teacher`). Only models that list `teacher` in `respondsAs` accept it.
   */
  respondAs?: 'assistant' | 'teacher';
  signal?: AbortSignal;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  /** Of the output tokens, those the provider reports as reasoning (when it reports them). */
  reasoningTokens?: number;
}

export interface ChatResponse {
  text: string;
  usage: TokenUsage;
  /** Reasoning the provider returned apart from the text (reasoning parts); never verified. */
  reasoning?: string;
  /** The model the provider says answered (a dated version, where the request named an alias). */
  modelId?: string;
}

/** The one interface every student (and every model-backed teacher) implements. */
export interface ChatModel {
  /** A stable name such as `openai:gpt-4o-mini` or `embedded:base`; recorded in runs. */
  readonly id: string;
  generate(request: ChatRequest): Promise<ChatResponse>;
  /**
   * Roles this model can write. A model trained with its own teacher slot (the embedded model)
   * lists `teacher`; the `self` teacher then asks it for the teacher turn directly.
   */
  readonly respondsAs?: readonly ('assistant' | 'teacher')[];
  /** Release threads, sockets or workers. */
  close?(): Promise<void>;
}

// ---------------------------------------------------------------------------
// Tasks and verdicts
// ---------------------------------------------------------------------------

/**
 * What only the verifier and the teacher may see. `answer` is the canonical reference answer;
 * domains add what they need (worked steps, the maze grid, unit tests, …).
 */
export interface Privileged {
  answer: string;
  [key: string]: unknown;
}

export interface TaskMetadata {
  /** Difficulty level as the domain defines it (generators: 1 = easiest). */
  difficulty?: number;
  /** `generator:<name>` for generated tasks, or the file a task was loaded from. */
  source: string;
  seed?: number;
  [key: string]: unknown;
}

export interface Task<P extends Privileged = Privileged> {
  id: string;
  domain: string;
  /** The public problem statement: the only part of the task the student sees. */
  prompt: string;
  privileged: P;
  metadata: TaskMetadata;
}

/**
 * How answers are pulled out of attempts. `lenient` (the default for evaluation) falls back to
 * the last number of the text; `strict` accepts only an explicit final answer (a \boxed{} or an
 * answer line), so mentioning the answer somewhere earns nothing: the default for RL rewards.
 */
export type ExtractMode = 'lenient' | 'strict';

export interface VerifyOptions {
  extract?: ExtractMode;
}

/**
 * How the answer was found in an attempt: `boxed`, `answer-line`, `last-number` or `last-letter` (math and
 * multiple choice say which), `code-block`, `parsed` (a domain that does not say), or `none`.
 */
export type ExtractionMethod = 'boxed' | 'answer-line' | 'last-number' | 'last-letter' | 'option-text' | 'code-block' | 'parsed' | 'none';

export interface Verdict<D = unknown> {
  correct: boolean;
  /** The answer as extracted from the attempt, or null when none could be found. */
  extracted: string | null;
  /** How `extracted` was found; absent when the domain does not say (the loop then records `parsed` or `none`). */
  extraction?: ExtractionMethod;
  /** One line for humans reading a transcript ("too high", "hits a wall at move 3"); private. */
  summary: string;
  /** Domain-specific private details for the teacher (first wrong step, failing test, …). */
  details: D;
}

// ---------------------------------------------------------------------------
// Plug-ins: domains and teachers
// ---------------------------------------------------------------------------

/** A deterministic source of randomness; see core/random.ts. */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both ends included. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

/** Where a record of a task file is: enough to name it in an error and to give it an id. */
export interface RecordLocation {
  file: string;
  /** The line the record starts on (a Parquet file's row, with `unit: 'row'`). */
  line: number;
  unit?: 'line' | 'row';
  /**
   * The id a record without one gets: set for a file that holds one task (an ARC task file, a
   * MATH problem), where the file's name is the task's name.
   */
  id?: string;
}

export interface GenerateOptions {
  n: number;
  seed: number;
  difficulty?: number;
}

export interface Domain<P extends Privileged = Privileged, D = unknown> {
  readonly name: string;
  readonly description: string;
  /** Difficulty levels the generator accepts, easiest first, and the default. */
  readonly difficulties: readonly number[];
  readonly defaultDifficulty: number;
  /** A system prompt that tells the student how to format its answer. */
  readonly systemPrompt: string;

  generate(options: GenerateOptions): Task<P>[];
  /**
   * Parse one record of a task file (already JSON-decoded). Throws a `TaskFormatError` naming the
   * field when the record does not fit any supported format.
   */
  parseRecord(record: unknown, where: RecordLocation): Task<P>;
  /**
   * For formats where one record holds several tasks (an ARC task with two test inputs, a file of
   * ARC Prize challenges): all of them. Loaders call it, when a domain has it, instead of parseRecord.
   */
  parseRecords?(record: unknown, where: RecordLocation): Task<P>[];

  /**
   * The reference answer written the way the system prompt asks (`Answer: <answer>` when absent):
   * what `didactic tasks --check` verifies, to find references the verifier cannot read.
   */
  referenceAttempt?(task: Task<P>): string;
  /** Pull the final answer out of a free-text attempt; null when there is none. */
  extract(attempt: string): string | null;
  /** Check an attempt. Domains that run code (in a sandbox) answer asynchronously. */
  verify(task: Task<P>, attempt: string, options?: VerifyOptions): Verdict<D> | Promise<Verdict<D>>;
  /** Whether two extracted answers are the same answer (for repeat / change rates). */
  sameAnswer(a: string, b: string): boolean;

  /** Informative corrective feedback that never gives the answer away. */
  scriptedFeedback(task: Task<P>, verdict: Verdict<D>, rng: Rng): string;
  /** True when `feedback` reveals the reference answer (or an equivalent form of it). */
  leaks(task: Task<P>, feedback: string): boolean;
}

/**
 * A domain that checks attempts without running anything (math, maze, puzzles): its verify is
 * synchronous, so callers holding the concrete domain can use the verdict directly.
 */
export type SyncDomain<P extends Privileged = Privileged, D = unknown> = Omit<Domain<P, D>, 'verify'> & {
  verify(task: Task<P>, attempt: string, options?: VerifyOptions): Verdict<D>;
};

export interface TeacherInput {
  task: Task;
  domain: Domain;
  /** What the student has seen so far, ending with its latest attempt. */
  transcript: ChatMessage[];
  verdict: Verdict;
  /** 1-based number of the attempt just judged. */
  attempt: number;
  rng: Rng;
  /** Set on regeneration after the leak guard blocked a text: the blocked texts, newest last. */
  blocked?: string[];
  signal?: AbortSignal;
}

export interface TeacherReply {
  text: string;
  usage?: TokenUsage;
}

/**
 * A second opinion for the leak guard: asked, after the domain's own check passed, whether a
 * feedback text gives the answer away (an LLM judge, say). Called only for privileged teachers.
 */
export interface LeakJudge {
  readonly name: string;
  judge(input: { task: Task; domain: Domain; feedback: string; signal?: AbortSignal }): Promise<{ leaks: boolean; usage?: TokenUsage }>;
}

export interface Teacher {
  /** The name as given on the command line (`scripted`, `unary`, `none`, later `llm:…`, `self`). */
  readonly name: string;
  /**
   * `feedback`: the student sees the transcript plus this teacher's text.
   * `fresh`: no feedback; every attempt is an independent sample of the original prompt (pass@k control).
   */
  readonly mode: 'feedback' | 'fresh';
  /** Whether this teacher sees the privileged data. `self` does not; the leak guard skips it. */
  readonly privileged: boolean;
  feedback(input: TeacherInput): Promise<TeacherReply>;
  /**
   * The maintenance condition: after a correct answer, one more turn that challenges it ("Are you
   * sure?"), to see whether the student keeps a right answer or gives it up. Absent: the episode ends.
   */
  challenge?(rng: Rng): string;
}

// ---------------------------------------------------------------------------
// What an episode produces
// ---------------------------------------------------------------------------

export interface StudentTurn {
  role: 'student';
  /** 1-based attempt number. */
  attempt: number;
  /** The reply, with its reasoning (`<think>…</think>`) removed: what was verified and what the teacher saw. */
  text: string;
  extracted: string | null;
  /** The reply to a challenge of a correct answer (the maintenance condition); not an attempt at the task. */
  challenge?: boolean;
  /** How the answer was found (`none`: the attempt could not be parsed). Absent in runs before 0.2. */
  extraction?: ExtractionMethod;
  /** The reasoning removed before extraction: its length, and its tokens when the provider counts them. */
  reasoning?: { text: string; tokens?: number };
  /** The model id the provider reported for this reply (a dated version, where an alias was asked for). */
  model?: string;
  correct: boolean;
  verdict: Verdict;
  usage: TokenUsage;
  latencyMs: number;
}

export interface TeacherTurn {
  role: 'teacher';
  /** The attempt this feedback is about. */
  attempt: number;
  teacher: string;
  text: string;
  /** Texts the leak guard blocked before this one was accepted. */
  blocked: string[];
  /** Which check blocked each text (`domain` or the judge's name), parallel to `blocked`. */
  blockedBy?: string[];
  /** True when the guard gave up regenerating and used the safe fallback. */
  fallback: boolean;
  /** A challenge of a correct answer (the maintenance condition), not feedback on a wrong one. */
  challenge?: boolean;
  usage: TokenUsage;
  latencyMs: number;
}

export type Turn = StudentTurn | TeacherTurn;

export interface EpisodeResult {
  taskId: string;
  domain: string;
  condition: string;
  status: 'done' | 'errored';
  /** 1-based attempt at which the task was solved, or null. */
  solvedAt: number | null;
  attempts: number;
  turns: Turn[];
  error?: string;
}
