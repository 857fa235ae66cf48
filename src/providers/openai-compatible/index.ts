import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { UsageError } from '../../core/errors.js';
import type { ChatModel } from '../../core/types.js';
import { aiSdkChatModel } from '../ai-sdk-model.js';
import { optionalEnv } from '../env.js';

const EXAMPLE = 'openai-compatible:http://127.0.0.1:8000/v1#Qwen/Qwen2.5-7B-Instruct';

/**
 * `openai-compatible:<baseURL>#<model>` — any server speaking OpenAI chat completions: vLLM,
 * Ollama (`http://127.0.0.1:11434/v1`), llama.cpp's server, LM Studio, hosted gateways.
 * Optional key: OPENAI_COMPATIBLE_API_KEY (sent as a bearer token).
 */
export async function createOpenAICompatibleModel(rest: string, spec: string): Promise<ChatModel> {
  const hash = rest.lastIndexOf('#');
  if (hash < 0) throw new UsageError(`model spec "${spec}" needs a model name after "#"; write it like ${EXAMPLE}`);
  const baseURL = rest.slice(0, hash).replace(/\/+$/, '');
  const name = rest.slice(hash + 1).trim();
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    throw new UsageError(`model spec "${spec}": "${baseURL}" is not a URL; write it like ${EXAMPLE}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`model spec "${spec}": the base URL must be http(s)`);
  if (url.username || url.password)
    throw new UsageError(`model spec "${spec}": put credentials in OPENAI_COMPATIBLE_API_KEY, not in the URL (specs are recorded in runs)`);
  if (!name) throw new UsageError(`model spec "${spec}" names no model after "#"; write it like ${EXAMPLE}`);
  const apiKey = optionalEnv('OPENAI_COMPATIBLE_API_KEY');
  const provider = createOpenAICompatible({ name: 'openai-compatible', baseURL, ...(apiKey ? { apiKey } : {}) });
  return aiSdkChatModel({ id: spec, model: provider.chatModel(name), secrets: apiKey ? [apiKey] : [] });
}
