import type { ChatMessage } from '../core/types.js';
import type { SpecialToken, Tokenizer } from './tokenizer.js';

// THE chat template: training, sampling, the server and later reinforcement learning all turn a
// dialogue into tokens here and nowhere else, so rollouts and training see identical tokens.
//
//   <|system|>…<|end|><|user|>task…<|end|><|assistant|>attempt…<|end|><|teacher|>feedback…<|end|><|assistant|>…
//
// The task statement is the first user message; every later user message is the teacher's
// feedback and gets its own role token, so the model can tell the two apart.

export interface TemplatedMessage extends ChatMessage {
  /** Whether the loss covers this message's tokens (assistant messages only; default true for them). */
  train?: boolean;
}

export interface TemplatedDialogue {
  ids: number[];
  /** 1 where the token is an assistant token to be learned (including its closing <|end|>). */
  trainMask: number[];
}

function roleToken(message: ChatMessage, userIndex: number): SpecialToken {
  if (message.role === 'system') return '<|system|>';
  if (message.role === 'assistant') return '<|assistant|>';
  return userIndex === 0 ? '<|user|>' : '<|teacher|>';
}

export type GenerationRole = 'assistant' | 'teacher';

/**
 * Tokenise a dialogue. With `generationPrompt`, end with a role token so the model writes the
 * next turn: the assistant's (`true` or `'assistant'`) or the teacher's (`'teacher'`, used by the
 * self teacher of a model trained with teacher modelling).
 */
export function applyChatTemplate(
  tokenizer: Tokenizer,
  messages: readonly TemplatedMessage[],
  options: { generationPrompt?: boolean | GenerationRole } = {},
): TemplatedDialogue {
  const ids: number[] = [];
  const trainMask: number[] = [];
  let userIndex = 0;
  const end = tokenizer.id('<|end|>');
  for (const message of messages) {
    const role = roleToken(message, userIndex);
    if (message.role === 'user') userIndex++;
    const learn = message.role === 'assistant' && message.train !== false ? 1 : 0;
    const body = tokenizer.encode(message.content);
    ids.push(tokenizer.id(role), ...body, end);
    // The role token is context; the body and the closing <|end|> (the stop decision) are learned.
    trainMask.push(0, ...body.map(() => learn), learn);
  }
  if (options.generationPrompt) {
    ids.push(tokenizer.id(options.generationPrompt === 'teacher' ? '<|teacher|>' : '<|assistant|>'));
    trainMask.push(0);
  }
  return { ids, trainMask };
}
