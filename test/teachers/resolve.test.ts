import { describe, expect, it } from 'vitest';
import type { ChatModel, Teacher } from '../../src/core/types.js';
import { resolveRlTeacher, resolveTeachers } from '../../src/teachers/resolve.js';

function model(id: string, closed: string[] = []): ChatModel {
  return {
    id,
    async generate() {
      return { text: 'Look again at the last step.', usage: { inputTokens: 1, outputTokens: 1 } };
    },
    async close() {
      closed.push(id);
    },
  };
}

const setup = (closed: string[] = [], opened: string[] = []) => ({
  studentSpec: 'test:student',
  student: model('test:student', closed),
  createModel: async (spec: string) => {
    opened.push(spec);
    return model(spec, closed);
  },
  wrap: (m: ChatModel) => m,
  feedback: 'both' as const,
});

describe('resolveTeachers (eval: a list of conditions)', () => {
  it('builds built-in, self and llm teachers in the order named, opening each model once', async () => {
    const closed: string[] = [];
    const opened: string[] = [];
    const resolved = await resolveTeachers(['llm:test:teacher', 'none', 'self', 'scripted'], {
      ...setup(closed, opened),
      leakJudge: 'test:teacher',
    });
    expect(resolved.teachers.map((t) => t.name)).toEqual(['llm:test:teacher', 'none', 'self', 'scripted']);
    expect(opened).toEqual(['test:teacher']);
    expect(resolved.leakJudge).toBeDefined();
    await resolved.close();
    // The student's client belongs to the caller.
    expect(closed).toEqual(['test:teacher']);
  });

  it('reuses the student for llm:<the student spec>', async () => {
    const opened: string[] = [];
    const resolved = await resolveTeachers(['llm:test:student'], setup([], opened));
    expect(opened).toEqual([]);
    await resolved.close();
  });

  it('names an unknown teacher, and closes what it opened', async () => {
    const closed: string[] = [];
    await expect(resolveTeachers(['llm:test:teacher', 'oracle'], setup(closed))).rejects.toThrow(
      'unknown teacher "oracle"; available: scripted, unary, none, placebo, maintain',
    );
    expect(closed).toEqual(['test:teacher']);
  });

  it('checks the feedback style', async () => {
    await expect(resolveTeachers(['scripted'], { ...setup(), feedback: 'loud' as 'both' })).rejects.toThrow(
      '--feedback must be one of hindsight, future, both, got "loud"',
    );
  });
});

describe('resolveRlTeacher (train rl: one teacher, maybe bound to the policy)', () => {
  it('gives a built-in teacher at once, without looking at the feedback style', () => {
    const { teacher } = resolveRlTeacher('unary', 'loud');
    expect((teacher as Teacher).name).toBe('unary');
  });

  it('builds self from the policy once it exists', async () => {
    const { teacher, close } = resolveRlTeacher('self', 'both');
    expect(typeof teacher).toBe('function');
    const built = await (teacher as (policy: ChatModel) => Promise<Teacher>)(model('embedded:policy'));
    expect(built).toMatchObject({ name: 'self', privileged: false });
    await close();
  });

  it('checks the style, then the name, when the policy is there', async () => {
    const build = (name: string, feedback: string) =>
      (resolveRlTeacher(name, feedback).teacher as (policy: ChatModel) => Promise<Teacher>)(model('embedded:policy'));
    await expect(build('oracle', 'loud')).rejects.toThrow('--feedback must be one of hindsight, future, both, got "loud"');
    await expect(build('oracle', 'both')).rejects.toThrow(
      'unknown --teacher "oracle": use scripted, unary, none, placebo, maintain, self, llm:<spec> or module:<file.js>',
    );
    await expect(build('llm:', 'both')).rejects.toThrow('--teacher llm: needs a model spec, e.g. llm:openai:gpt-4o-mini');
  });
});
