import { guardedFeedback, type GuardedFeedback } from './leak-guard.js';
import { deriveSeed, createRng } from './random.js';
import { splitReasoning } from './reasoning.js';
import type {
  ChatMessage,
  ChatModel,
  Domain,
  EpisodeResult,
  ExtractMode,
  GenerationSettings,
  LeakJudge,
  StudentTurn,
  Task,
  Teacher,
  Turn,
} from './types.js';

export interface EpisodeOptions {
  task: Task;
  domain: Domain;
  teacher: Teacher;
  student: ChatModel;
  /** The turn budget K: at most this many student attempts. */
  turns: number;
  /** The run seed; every random draw in the episode is derived from it. */
  seed: number;
  /** The condition label stored with the result (normally the teacher's name). */
  condition?: string;
  settings?: GenerationSettings;
  /** How often a leaking feedback text is regenerated before falling back. */
  maxLeakRetries?: number;
  /** An optional second leak check after the domain's own (e.g. an LLM judge). */
  leakJudge?: LeakJudge;
  /** How answers are extracted: `lenient` (the default) or `strict` (an explicit final answer only). */
  extract?: ExtractMode;
  /** Called after each turn completes, before the next begins (the run store commits here). */
  onTurn?: (turn: Turn) => void | Promise<void>;
  signal?: AbortSignal;
}

/** The opening messages every attempt of a task starts from. */
export function openingMessages(task: Task, domain: Domain): ChatMessage[] {
  return [
    { role: 'system', content: domain.systemPrompt },
    { role: 'user', content: task.prompt },
  ];
}

/**
 * One didactic dialogue: attempt → extract → verify → stop if correct, else feedback → next
 * attempt, up to K attempts. With a `fresh` teacher every attempt is an independent sample of the
 * opening messages (the pass@k control).
 */
export async function runEpisode(options: EpisodeOptions): Promise<EpisodeResult> {
  const { task, domain, teacher, student, turns: budget, seed } = options;
  if (!Number.isInteger(budget) || budget < 1) throw new RangeError(`turns must be an integer ≥ 1, got ${budget}`);
  const condition = options.condition ?? teacher.name;
  const turns: Turn[] = [];
  const record = async (turn: Turn): Promise<void> => {
    turns.push(turn);
    await options.onTurn?.(turn);
  };
  const result = (status: EpisodeResult['status'], solvedAt: number | null, attempts: number, error?: string): EpisodeResult => ({
    taskId: task.id,
    domain: task.domain,
    condition,
    status,
    solvedAt,
    attempts,
    turns,
    ...(error === undefined ? {} : { error }),
  });

  const opening = openingMessages(task, domain);
  let history: ChatMessage[] = opening.slice();
  for (let attempt = 1; attempt <= budget; attempt++) {
    const fresh = teacher.mode === 'fresh';
    const messages = fresh ? opening : history;
    const sampleIndex = fresh ? attempt - 1 : 0;
    // Seeded by the request itself, so attempt 1 is the same draw under every condition (paired).
    const callSeed = deriveSeed(seed, task.id, sampleIndex, messagesDigest(messages));
    let studentTurn: StudentTurn;
    const started = performance.now();
    try {
      const response = await student.generate({
        messages,
        settings: { ...options.settings, seed: callSeed },
        sampleIndex,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const { answer, reasoning } = splitReasoning(response.text);
      const verdict = await domain.verify(task, answer, options.extract ? { extract: options.extract } : undefined);
      const thinking = [response.reasoning ?? '', reasoning].filter(Boolean).join('\n');
      studentTurn = {
        role: 'student',
        attempt,
        text: answer,
        extracted: verdict.extracted,
        extraction: verdict.extraction ?? (verdict.extracted === null ? 'none' : 'parsed'),
        ...(thinking || response.usage.reasoningTokens !== undefined
          ? {
              reasoning: {
                text: thinking,
                ...(response.usage.reasoningTokens === undefined ? {} : { tokens: response.usage.reasoningTokens }),
              },
            }
          : {}),
        ...(response.modelId ? { model: response.modelId } : {}),
        correct: verdict.correct,
        verdict,
        usage: response.usage,
        latencyMs: performance.now() - started,
      };
    } catch (error) {
      return result('errored', null, attempt - 1, `student call failed on attempt ${attempt}: ${messageOf(error)}`);
    }
    await record(studentTurn);
    if (studentTurn.correct) {
      if (teacher.challenge && !fresh) {
        const challenged = await challengeCorrect(
          options,
          [...messages, { role: 'assistant', content: studentTurn.text }],
          attempt,
          record,
        );
        if (challenged) return result('errored', null, attempt, challenged);
      }
      return result('done', attempt, attempt);
    }
    if (attempt === budget) break;
    history = [...messages, { role: 'assistant', content: studentTurn.text }];
    if (fresh) continue;

    const teacherStarted = performance.now();
    let guarded: GuardedFeedback;
    try {
      guarded = await guardedFeedback(
        teacher,
        {
          task,
          domain,
          transcript: history,
          verdict: studentTurn.verdict,
          attempt,
          rng: createRng(deriveSeed(seed, 'teacher', condition, task.id, attempt)),
          ...(options.signal ? { signal: options.signal } : {}),
        },
        options.maxLeakRetries,
        options.leakJudge,
      );
    } catch (error) {
      return result('errored', null, attempt, `teacher call failed after attempt ${attempt}: ${messageOf(error)}`);
    }
    await record({
      role: 'teacher',
      attempt,
      teacher: teacher.name,
      text: guarded.text,
      blocked: guarded.blocked,
      ...(guarded.blocked.length ? { blockedBy: guarded.blockedBy } : {}),
      fallback: guarded.fallback,
      usage: guarded.usage,
      latencyMs: performance.now() - teacherStarted,
    });
    history = [...history, { role: 'user', content: guarded.text }];
  }
  return result('done', null, budget);
}

/**
 * The maintenance condition: challenge a correct answer once, and record the reply (flagged, so
 * it is never counted as an attempt at the task). Returns an error message if the call failed.
 */
async function challengeCorrect(
  options: EpisodeOptions,
  history: ChatMessage[],
  attempt: number,
  record: (turn: Turn) => Promise<void>,
): Promise<string | null> {
  const { task, domain, teacher, student, seed } = options;
  const text = teacher.challenge?.(createRng(deriveSeed(seed, 'challenge', task.id, attempt))) ?? 'Are you sure?';
  const zero = { inputTokens: 0, outputTokens: 0 };
  await record({
    role: 'teacher',
    attempt,
    teacher: teacher.name,
    text,
    blocked: [],
    fallback: false,
    usage: zero,
    latencyMs: 0,
    challenge: true,
  });
  const messages: ChatMessage[] = [...history, { role: 'user', content: text }];
  const started = performance.now();
  try {
    const response = await student.generate({
      messages,
      settings: { ...options.settings, seed: deriveSeed(seed, task.id, 0, messagesDigest(messages)) },
      sampleIndex: 0,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const { answer } = splitReasoning(response.text);
    const verdict = await domain.verify(task, answer, options.extract ? { extract: options.extract } : undefined);
    await record({
      role: 'student',
      attempt: attempt + 1,
      text: answer,
      extracted: verdict.extracted,
      extraction: verdict.extraction ?? (verdict.extracted === null ? 'none' : 'parsed'),
      challenge: true,
      correct: verdict.correct,
      verdict,
      usage: response.usage,
      latencyMs: performance.now() - started,
    });
    return null;
  } catch (error) {
    return `student call failed on the challenge after attempt ${attempt}: ${messageOf(error)}`;
  }
}

function messagesDigest(messages: ChatMessage[]): number {
  return deriveSeed(...messages.map((m) => `${m.role}:${m.content}`));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
