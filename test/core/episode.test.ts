import { describe, expect, it } from 'vitest';
import { runEpisode } from '../../src/core/episode.js';
import { guardedFeedback, SAFE_FALLBACK } from '../../src/core/leak-guard.js';
import { createRng } from '../../src/core/random.js';
import type { ChatModel, ChatRequest, Task, Teacher, Turn } from '../../src/core/types.js';
import { mathDomain } from '../../src/domains/math/index.js';
import { createTeacher } from '../../src/teachers/registry.js';
import { UNARY_PARAPHRASES } from '../../src/teachers/unary.js';

const task = mathDomain.generate({ n: 1, seed: 1, difficulty: 2 })[0] as Task; // answer 134

/** A test double that replies from a script and records what it was asked. */
function scriptedStudent(replies: string[]): ChatModel & { requests: ChatRequest[] } {
  const requests: ChatRequest[] = [];
  return {
    id: 'test:scripted',
    requests,
    async generate(request) {
      requests.push(request);
      const text = replies[Math.min(requests.length - 1, replies.length - 1)] as string;
      return { text, usage: { inputTokens: 10, outputTokens: 2 } };
    },
  };
}

describe('episode loop', () => {
  it('attempt → verify → feedback → next attempt, and stops when correct', async () => {
    const student = scriptedStudent(['Answer: 100', 'Answer: 140', 'Answer: 134', 'Answer: 0']);
    const turns: Turn[] = [];
    const result = await runEpisode({
      task,
      domain: mathDomain,
      teacher: createTeacher('scripted'),
      student,
      turns: 5,
      seed: 1,
      onTurn: (t) => void turns.push(t),
    });
    expect(result.solvedAt).toBe(3);
    expect(result.attempts).toBe(3);
    expect(result.turns.map((t) => t.role)).toEqual(['student', 'teacher', 'student', 'teacher', 'student']);
    expect(turns).toEqual(result.turns);
    // The student sees the whole public transcript: system, prompt, attempt, feedback, attempt, feedback.
    const last = student.requests[2]?.messages ?? [];
    expect(last.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'user']);
    expect(last[3]?.content).toMatch(/too low|smaller/);
    expect(last[5]?.content).toMatch(/too high|larger/);
    for (const m of last) expect(m.content).not.toContain('134');
  });

  it('uses up the budget K when never correct', async () => {
    const result = await runEpisode({
      task,
      domain: mathDomain,
      teacher: createTeacher('unary'),
      student: scriptedStudent(['Answer: 1']),
      turns: 3,
      seed: 1,
    });
    expect(result).toMatchObject({ solvedAt: null, attempts: 3, status: 'done' });
    const teacherTexts = result.turns.filter((t) => t.role === 'teacher').map((t) => t.text);
    expect(teacherTexts).toHaveLength(2);
    for (const text of teacherTexts) expect(UNARY_PARAPHRASES).toContain(text);
  });

  it('under `none`, every attempt is a fresh sample of the original prompt', async () => {
    const student = scriptedStudent(['Answer: 1', 'Answer: 2', 'Answer: 134']);
    const result = await runEpisode({ task, domain: mathDomain, teacher: createTeacher('none'), student, turns: 4, seed: 1 });
    expect(result.solvedAt).toBe(3);
    expect(result.turns.every((t) => t.role === 'student')).toBe(true);
    expect(student.requests.map((r) => r.messages.length)).toEqual([2, 2, 2]);
    expect(student.requests.map((r) => r.sampleIndex)).toEqual([0, 1, 2]);
    expect(new Set(student.requests.map((r) => r.settings?.seed)).size).toBe(3);
  });

  it('attempt 1 is the same draw under every condition (paired comparison)', async () => {
    const seeds = [];
    for (const name of ['scripted', 'unary', 'none']) {
      const student = scriptedStudent(['Answer: 1']);
      await runEpisode({ task, domain: mathDomain, teacher: createTeacher(name), student, turns: 2, seed: 42 });
      seeds.push(student.requests[0]?.settings?.seed);
    }
    expect(new Set(seeds).size).toBe(1);
  });

  it('marks the episode errored when the student fails, keeping the turns so far', async () => {
    let calls = 0;
    const flaky: ChatModel = {
      id: 'test:flaky',
      async generate() {
        if (++calls === 2) throw new Error('connection reset');
        return { text: 'Answer: 1', usage: { inputTokens: 1, outputTokens: 1 } };
      },
    };
    const result = await runEpisode({ task, domain: mathDomain, teacher: createTeacher('scripted'), student: flaky, turns: 4, seed: 1 });
    expect(result.status).toBe('errored');
    expect(result.error).toMatch(/connection reset/);
    expect(result.turns).toHaveLength(2);
  });

  it('rejects K < 1', async () => {
    await expect(
      runEpisode({ task, domain: mathDomain, teacher: createTeacher('none'), student: scriptedStudent(['x']), turns: 0, seed: 1 }),
    ).rejects.toThrow(/turns/);
  });
});

describe('leak guard', () => {
  const verdict = mathDomain.verify(task, 'Answer: 100');
  const input = { task, domain: mathDomain, transcript: [], verdict, attempt: 1, rng: createRng(1) };

  function teacherSaying(texts: string[]): Teacher & { calls: number; sawBlocked: string[][] } {
    const t = {
      name: 'test',
      mode: 'feedback' as const,
      privileged: true,
      calls: 0,
      sawBlocked: [] as string[][],
      async feedback(i: { blocked?: string[] }) {
        t.sawBlocked.push(i.blocked ?? []);
        return { text: texts[Math.min(t.calls++, texts.length - 1)] as string };
      },
    };
    return t;
  }

  it('regenerates a leaking text and tells the teacher what was blocked', async () => {
    const teacher = teacherSaying(['The answer is 134.', 'Check the second step.']);
    const out = await guardedFeedback(teacher, input, 2);
    expect(out).toMatchObject({ text: 'Check the second step.', blocked: ['The answer is 134.'], fallback: false });
    expect(teacher.sawBlocked).toEqual([[], ['The answer is 134.']]);
  });

  it('falls back to safe scripted feedback after the retries', async () => {
    const teacher = teacherSaying(['It is 134.', 'Try 134.0', '\\boxed{134}']);
    const out = await guardedFeedback(teacher, input, 2);
    expect(out.fallback).toBe(true);
    expect(out.blocked).toHaveLength(3);
    expect(mathDomain.leaks(task, out.text)).toBe(false);
    expect(out.text).not.toBe(SAFE_FALLBACK); // the scripted feedback was safe and informative
  });

  it('never checks a teacher without privileged data', async () => {
    const self = { ...teacherSaying(['I think it is 134.']), privileged: false };
    expect((await guardedFeedback(self, input, 2)).blocked).toEqual([]);
  });
});
