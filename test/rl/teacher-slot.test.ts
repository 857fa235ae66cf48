import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/random.js';
import type { ChatMessage, ChatModel, ChatRequest, TeacherInput } from '../../src/core/types.js';
import { mathDomain } from '../../src/domains/math/index.js';
import { applyChatTemplate } from '../../src/embedded/chat-template.js';
import { EmbeddedChat } from '../../src/embedded/chat.js';
import { EmbeddedModel } from '../../src/embedded/model.js';
import { EmbeddedChatModel } from '../../src/embedded/provider.js';
import { cacheKey } from '../../src/runner/calls/cache-key.js';
import { ModelCalls } from '../../src/runner/calls/managed-model.js';
import { createSelfTeacher } from '../../src/teachers/llm/self-teacher.js';
import { builtInPromptPath, loadTemplate } from '../../src/teachers/llm/template.js';
import { tinyModelDir } from '../helpers/tiny-model.js';

const task = mathDomain.generate({ n: 1, seed: 3, difficulty: 1 })[0]!;
const transcript: ChatMessage[] = [
  { role: 'system', content: mathDomain.systemPrompt },
  { role: 'user', content: task.prompt },
  { role: 'assistant', content: 'Answer: 1' },
];
const input = (): TeacherInput => ({
  task,
  domain: mathDomain,
  transcript,
  verdict: mathDomain.verify(task, 'Answer: 1'),
  attempt: 1,
  rng: createRng(1),
});

function recording(respondsAs?: ChatModel['respondsAs']): ChatModel & { requests: ChatRequest[] } {
  const requests: ChatRequest[] = [];
  return {
    id: 'rec',
    requests,
    ...(respondsAs ? { respondsAs } : {}),
    generate: async (r) => (requests.push(r), { text: 'Check the sum.', usage: { inputTokens: 1, outputTokens: 1 } }),
  };
}

describe('the teacher slot of the embedded model', () => {
  it('the chat template can prompt for the teacher turn instead of the assistant turn', async () => {
    const model = await EmbeddedModel.load(tinyModelDir(3));
    const tok = model.tokenizer;
    const asTeacher = applyChatTemplate(tok, transcript, { generationPrompt: 'teacher' }).ids;
    const asStudent = applyChatTemplate(tok, transcript, { generationPrompt: true }).ids;
    expect(asTeacher.at(-1)).toBe(tok.id('<|teacher|>'));
    expect(asStudent.at(-1)).toBe(tok.id('<|assistant|>'));
    expect(asTeacher.slice(0, -1)).toEqual(asStudent.slice(0, -1));
    const chat = new EmbeddedChat(model);
    const critique = await chat.complete(transcript, { maxTokens: 4, seed: 1 }, undefined, 'teacher');
    expect(critique.promptIds).toEqual(asTeacher);
    const provider = new EmbeddedChatModel('embedded:tiny', chat);
    expect(provider.respondsAs).toContain('teacher');
    const viaProvider = await provider.generate({ messages: transcript, respondAs: 'teacher', settings: { maxTokens: 4, seed: 1 } });
    expect(viaProvider.text).toBe(critique.text);
    expect(viaProvider.usage.inputTokens).toBe(asTeacher.length);
    model.dispose();
  });

  it('self asks a model with a teacher slot for the teacher turn on the bare transcript, and other models for a critique', async () => {
    const critique = loadTemplate(builtInPromptPath('self-critique.md'), []);
    const slotted = recording(['assistant', 'teacher']);
    expect((await createSelfTeacher(slotted, critique).feedback(input())).text).toBe('Check the sum.');
    expect(slotted.requests[0]?.respondAs).toBe('teacher');
    expect(slotted.requests[0]?.messages).toEqual(transcript);

    const plain = recording();
    await createSelfTeacher(plain, critique).feedback(input());
    expect(plain.requests[0]?.respondAs).toBeUndefined();
    expect(plain.requests[0]?.messages).toEqual([...transcript, { role: 'user', content: critique.text.trim() }]);
  });

  it("the run's model wrapper keeps the capability, and the cache tells the two roles apart", async () => {
    const wrapped = new ModelCalls().wrap(recording(['assistant', 'teacher']), 'teacher');
    expect(wrapped.respondsAs).toEqual(['assistant', 'teacher']);
    expect(new ModelCalls().wrap(recording(), 'teacher').respondsAs).toBeUndefined();
    const student = cacheKey('embedded:base', { messages: transcript, settings: { seed: 1 } });
    expect(cacheKey('embedded:base', { messages: transcript, settings: { seed: 1 }, respondAs: 'assistant' })).toBe(student);
    expect(cacheKey('embedded:base', { messages: transcript, settings: { seed: 1 }, respondAs: 'teacher' })).not.toBe(student);
  });
});
