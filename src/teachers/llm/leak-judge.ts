import type { ChatModel, LeakJudge } from '../../core/types.js';
import { render, type PromptTemplate } from './template.js';

export const JUDGE_PLACEHOLDERS = ['problem', 'reference', 'feedback'] as const;

/**
 * `--leak-judge <spec>`: a model asked whether a feedback text gives the answer away. Its last
 * LEAK / SAFE decides; a reply with neither counts as a leak, so an unsure judge errs toward
 * the scripted fallback rather than toward showing the student the answer.
 */
export function createLlmLeakJudge(model: ChatModel, template: PromptTemplate): LeakJudge {
  return {
    name: 'judge',
    async judge({ task, feedback, signal }) {
      const response = await model.generate({
        messages: [{ role: 'user', content: render(template, { problem: task.prompt, reference: task.privileged.answer, feedback }) }],
        settings: {},
        sampleIndex: 0,
        ...(signal ? { signal } : {}),
      });
      return { leaks: judgeSaysLeak(response.text), usage: response.usage };
    },
  };
}

export function judgeSaysLeak(reply: string): boolean {
  const words = [...reply.matchAll(/\b(LEAK|SAFE)\b/gi)];
  const last = words[words.length - 1]?.[1];
  return last === undefined || last.toUpperCase() === 'LEAK';
}
