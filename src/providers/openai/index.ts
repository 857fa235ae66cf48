import { createOpenAI } from '@ai-sdk/openai';
import type { ChatModel } from '../../core/types.js';
import { aiSdkChatModel } from '../ai-sdk-model.js';
import { optionalEnv, requireKey, requireModelName } from '../env.js';

/** `openai:<model>` — OpenAI's chat models. Key: OPENAI_API_KEY; OPENAI_BASE_URL points it elsewhere. */
export async function createOpenAIModel(rest: string, spec: string): Promise<ChatModel> {
  const name = requireModelName(rest, spec, 'openai:gpt-4o-mini');
  const apiKey = requireKey('OPENAI_API_KEY', spec);
  const baseURL = optionalEnv('OPENAI_BASE_URL');
  const provider = createOpenAI({ apiKey, ...(baseURL ? { baseURL } : {}) });
  // The Chat Completions API: what every OpenAI-style server also speaks.
  return aiSdkChatModel({
    id: spec,
    model: provider.chat(name),
    secrets: [apiKey],
    reasoningOptions: (s) => (s.reasoningEffort ? { openai: { reasoningEffort: s.reasoningEffort } } : undefined),
  });
}
