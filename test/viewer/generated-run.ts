import type { StudentTurn, Task, TeacherTurn } from '../../src/core/types.js';
import { RunStore } from '../../src/store/run-store.js';

// A large run written straight through the run store, for checking the viewer at scale without
// running 10,000 dialogues. Outcomes follow a fixed rule so tests know the expected counts.

export const GENERATED_CONDITIONS = ['scripted', 'unary', 'none', 'llm'] as const;
export const GENERATED_TURNS = 4;

/** Episode i (0-based, in insertion order) is solved at this attempt, or never (null). */
export function generatedSolvedAt(i: number): number | null {
  const r = i % 5;
  return r === 4 ? null : r + 1;
}

export function writeGeneratedRun(dir: string, episodes: number): void {
  const tasksNeeded = Math.ceil(episodes / GENERATED_CONDITIONS.length);
  const tasks: Task[] = Array.from({ length: tasksNeeded }, (_, t) => ({
    id: `gen-${t}`,
    domain: 'math',
    prompt: `Compute ${t} + ${t % 7}.`,
    privileged: { answer: String(t + (t % 7)) },
    metadata: { source: 'generated for tests' },
  }));
  const store = RunStore.open(dir, { create: true });
  try {
    store.transaction(() => {
      store.initialize(
        {
          student: 'module:generated', teachers: [...GENERATED_CONDITIONS], domains: ['math'], turns: GENERATED_TURNS,
          tasks: tasksNeeded, seed: 1, difficulty: null, data: null, settings: {}, didacticVersion: 'test',
        },
        tasks,
      );
      for (let i = 0; i < episodes; i++) {
        const task = tasks[Math.floor(i / GENERATED_CONDITIONS.length)] as Task;
        const condition = GENERATED_CONDITIONS[i % GENERATED_CONDITIONS.length] as string;
        const solvedAt = generatedSolvedAt(i);
        const attempts = solvedAt ?? GENERATED_TURNS;
        const id = store.startEpisode(task, condition);
        let index = 0;
        for (let a = 1; a <= attempts; a++) {
          const correct = a === solvedAt;
          const answer = correct ? task.privileged.answer : String(1000 + a);
          const student: StudentTurn = {
            role: 'student', attempt: a, text: `Attempt ${a} of episode ${i}.\nAnswer: ${answer}`, extracted: answer, correct,
            verdict: { correct, extracted: answer, summary: correct ? 'correct' : 'wrong, too-high', details: {} },
            usage: { inputTokens: 20, outputTokens: 5 }, latencyMs: 1,
          };
          store.addTurn(id, index++, student);
          if (!correct && a < GENERATED_TURNS && condition !== 'none') {
            const teacher: TeacherTurn = {
              role: 'teacher', attempt: a, teacher: condition, text: `Not quite; recheck step ${a}.`, blocked: [], fallback: false,
              usage: { inputTokens: 0, outputTokens: 0 }, latencyMs: 0,
            };
            store.addTurn(id, index++, teacher);
          }
        }
        store.finishEpisode(id, { taskId: task.id, domain: 'math', condition, status: 'done', solvedAt, attempts, turns: [] });
      }
    });
  } finally {
    store.close();
  }
}
