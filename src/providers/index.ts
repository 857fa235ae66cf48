import type { ChatModel } from '../core/types.js';
import { createAnthropicModel } from './anthropic/index.js';
import { createGoogleModel } from './google/index.js';
import { createOpenAICompatibleModel } from './openai-compatible/index.js';
import { createOpenAIModel } from './openai/index.js';

/** The hosted and HTTP providers, by spec prefix; the model registry adds them to its table. */
export const httpProviders: ReadonlyArray<[string, (rest: string, spec: string) => Promise<ChatModel>]> = [
  ['openai', createOpenAIModel],
  ['anthropic', createAnthropicModel],
  ['google', createGoogleModel],
  ['openai-compatible', createOpenAICompatibleModel],
];
