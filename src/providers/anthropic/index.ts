import { createAnthropic } from '@ai-sdk/anthropic';
import type { ChatModel } from '../../core/types.js';
import { aiSdkChatModel } from '../ai-sdk-model.js';
import { optionalEnv, requireKey, requireModelName } from '../env.js';

/** `anthropic:<model>` — Claude models. Key: ANTHROPIC_API_KEY; ANTHROPIC_BASE_URL points it elsewhere. */
export async function createAnthropicModel(rest: string, spec: string): Promise<ChatModel> {
  const name = requireModelName(rest, spec, 'anthropic:claude-3-5-haiku-latest');
  const apiKey = requireKey('ANTHROPIC_API_KEY', spec);
  const baseURL = optionalEnv('ANTHROPIC_BASE_URL');
  const provider = createAnthropic({ apiKey, ...(baseURL ? { baseURL } : {}) });
  return aiSdkChatModel({
    id: spec,
    model: provider(name),
    secrets: [apiKey],
    reasoningOptions: (s) =>
      s.thinkingBudget !== undefined ? { anthropic: { thinking: { type: 'enabled', budgetTokens: s.thinkingBudget } } } : undefined,
  });
}
