import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guardedFeedback } from '../../src/core/leak-guard.js';
import { createRng } from '../../src/core/random.js';
import type { ChatModel, LeakJudge, Teacher, TeacherInput } from '../../src/core/types.js';
import { mathDomain } from '../../src/domains/math/index.js';
import { createLlmLeakJudge, judgeSaysLeak } from '../../src/teachers/llm/leak-judge.js';
import { createLlmTeacher, TEACHER_PLACEHOLDERS } from '../../src/teachers/llm/llm-teacher.js';
import { builtInPromptPath, loadTemplate } from '../../src/teachers/llm/template.js';

const task = mathDomain.generate({ n: 1, seed: 3, difficulty: 1 })[0]!;
const attempt = 'Answer: -5';
const input = (): TeacherInput => ({
  task,
  domain: mathDomain,
  transcript: [
    { role: 'system', content: mathDomain.systemPrompt },
    { role: 'user', content: task.prompt },
    { role: 'assistant', content: attempt },
  ],
  verdict: mathDomain.verify(task, attempt),
  attempt: 1,
  rng: createRng(1),
});

function recordingModel(replies: string[]): ChatModel & { prompts: string[] } {
  const prompts: string[] = [];
  return {
    id: 'test:recording',
    prompts,
    async generate({ messages }) {
      prompts.push(messages.map((m) => m.content).join('\n'));
      return { text: replies[Math.min(prompts.length - 1, replies.length - 1)] ?? '', usage: { inputTokens: 1, outputTokens: 1 } };
    },
  };
}

describe('the llm teacher', () => {
  it('puts the privileged answer, solution, verifier details, transcript and style into its prompt', async () => {
    const model = recordingModel(['Check your first step.']);
    const template = loadTemplate(builtInPromptPath('teacher.md'), TEACHER_PLACEHOLDERS);
    const teacher = createLlmTeacher({ name: 'llm:x', model, template, styleText: 'STYLE-MARKER' });
    const reply = await teacher.feedback(input());
    expect(reply.text).toBe('Check your first step.');
    const prompt = model.prompts[0]!;
    expect(prompt).toContain(task.prompt);
    expect(prompt).toContain(`reference answer (never reveal it)\n${task.privileged.answer}`);
    expect(prompt).toContain('Checker summary:');
    expect(prompt).toContain('Student, attempt 1\nAnswer: -5');
    expect(prompt).toContain('STYLE-MARKER');
    expect(prompt).not.toContain('withheld');
    await teacher.feedback({ ...input(), blocked: ['The answer is X'] });
    expect(model.prompts[1]).toContain('withheld from the student');
    expect(model.prompts[1]).toContain('The answer is X');
  });

  it('rejects a template placeholder it does not know, naming file, line and field', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'didactic-tpl-')), 't.md');
    writeFileSync(file, 'ok {{problem}}\n\nsee {{ anwser }}\n');
    expect(() => loadTemplate(file, TEACHER_PLACEHOLDERS)).toThrow(`${file}:3: field "anwser": unknown placeholder`);
  });
});

describe('the leak guard with a judge', () => {
  const teacherSaying = (texts: string[]): Teacher => {
    let i = 0;
    return { name: 'llm:t', mode: 'feedback', privileged: true, feedback: async () => ({ text: texts[Math.min(i++, texts.length - 1)]! }) };
  };
  const judgeBlocking = (pattern: RegExp): LeakJudge & { seen: string[] } => {
    const seen: string[] = [];
    return { name: 'judge', seen, judge: async ({ feedback }) => (seen.push(feedback), { leaks: pattern.test(feedback) }) };
  };

  it('blocks what the domain check or the judge flags, then accepts a clean text', async () => {
    const judge = judgeBlocking(/twice/);
    const result = await guardedFeedback(
      teacherSaying([`It is ${task.privileged.answer}.`, 'Think of twice the value.', 'Recheck the operation.']),
      input(),
      2,
      judge,
    );
    expect(result.text).toBe('Recheck the operation.');
    expect(result.blockedBy).toEqual(['domain', 'judge']);
    expect(result.fallback).toBe(false);
    expect(judge.seen).toEqual(['Think of twice the value.', 'Recheck the operation.']); // the domain-blocked text never reaches the judge
  });

  it('falls back to scripted feedback after the retries, and does not judge a teacher without privileged data', async () => {
    const result = await guardedFeedback(teacherSaying(['twice']), input(), 1, judgeBlocking(/twice/));
    expect(result.fallback).toBe(true);
    expect(result.blocked).toEqual(['twice', 'twice']);
    expect(mathDomain.leaks(task, result.text)).toBe(false);
    const judge = judgeBlocking(/./);
    const self: Teacher = { ...teacherSaying(['anything']), name: 'self', privileged: false };
    expect((await guardedFeedback(self, input(), 2, judge)).text).toBe('anything');
    expect(judge.seen).toEqual([]);
  });

  it('reads the judge: the last LEAK or SAFE decides, and no verdict counts as a leak', async () => {
    expect(judgeSaysLeak('It is safe to say... SAFE')).toBe(false);
    expect(judgeSaysLeak('Not SAFE at all.\nLEAK')).toBe(true);
    expect(judgeSaysLeak('I am not sure.')).toBe(true);
    const model = recordingModel(['SAFE']);
    const judge = createLlmLeakJudge(model, loadTemplate(builtInPromptPath('leak-judge.md'), ['problem', 'reference', 'feedback']));
    expect((await judge.judge({ task, domain: mathDomain, feedback: 'Try again.' })).leaks).toBe(false);
    expect(model.prompts[0]).toContain(`Reference answer:\n${task.privileged.answer}`);
  });
});
