import { createGoogleGenerativeAI } from '@ai-sdk/google';
import type { ChatModel } from '../../core/types.js';
import { aiSdkChatModel } from '../ai-sdk-model.js';
import { optionalEnv, requireModelName } from '../env.js';
import { UsageError } from '../../core/errors.js';

/** `google:<model>` — Gemini through the Gemini API. Key: GOOGLE_GENERATIVE_AI_API_KEY (or GEMINI_API_KEY). */
export async function createGoogleModel(rest: string, spec: string): Promise<ChatModel> {
  const name = requireModelName(rest, spec, 'google:gemini-2.5-flash');
  const apiKey = optionalEnv('GOOGLE_GENERATIVE_AI_API_KEY') ?? optionalEnv('GEMINI_API_KEY');
  if (!apiKey)
    throw new UsageError(`${spec} needs an API key: set the environment variable GOOGLE_GENERATIVE_AI_API_KEY (or GEMINI_API_KEY)`);
  const baseURL = optionalEnv('GOOGLE_GENERATIVE_AI_BASE_URL');
  const provider = createGoogleGenerativeAI({ apiKey, ...(baseURL ? { baseURL } : {}) });
  return aiSdkChatModel({
    id: spec,
    model: provider(name),
    secrets: [apiKey],
    reasoningOptions: (s) =>
      s.thinkingBudget !== undefined ? { google: { thinkingConfig: { thinkingBudget: s.thinkingBudget } } } : undefined,
  });
}
