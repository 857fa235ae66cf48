import { z } from 'zod';
import { openingMessages } from '../core/episode.js';
import type { Domain } from '../core/types.js';
import { checkRecord } from '../domains/records.js';
import { readJsonl } from '../io/jsonl.js';
import type { TemplatedMessage } from './chat-template.js';

// Supervised data in the OpenAI chat format: one JSON object a line with `messages`; a message
// may carry `train: false` to keep an assistant message as context only.

export interface SftExample {
  messages: TemplatedMessage[];
}

const messageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
  train: z.boolean().optional(),
});
const exampleSchema = z.object({ messages: z.array(messageSchema).min(1) });

export function readSftFile(file: string): SftExample[] {
  const examples: SftExample[] = [];
  for (const { line, value } of readJsonl(file)) {
    const parsed = checkRecord(exampleSchema, value, { file, line }, 'chat (OpenAI messages)');
    const messages: TemplatedMessage[] = parsed.messages.map((m) => ({
      role: m.role,
      content: m.content,
      ...(m.train === undefined ? {} : { train: m.train }),
    }));
    examples.push({ messages });
  }
  return examples;
}

/**
 * Single-turn examples from a domain's generator: the same opening messages the evaluation sends
 * (system prompt + task), answered with the reference answer on one "Answer:" line. Never any
 * feedback: this is the analogue of an untrained base model.
 */
export function singleTurnExamples(domain: Domain, options: { n: number; seed: number; difficulties: number[] }): SftExample[] {
  const examples: SftExample[] = [];
  const per = options.difficulties.length;
  options.difficulties.forEach((difficulty, k) => {
    const count = Math.floor(options.n / per) + (k < options.n % per ? 1 : 0);
    for (const task of domain.generate({ n: count, seed: options.seed, difficulty })) {
      examples.push({ messages: [...openingMessages(task, domain), { role: 'assistant', content: `Answer: ${task.privileged.answer}` }] });
    }
  });
  return examples;
}
