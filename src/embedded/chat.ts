import type { ChatMessage, GenerationSettings, TokenUsage } from '../core/types.js';
import { applyChatTemplate, type GenerationRole } from './chat-template.js';
import type { EmbeddedModel } from './model.js';
import { sampleBatch, type SampleRequest } from './sample.js';

// Chat on top of the sampler, shared by the `embedded:` student and the HTTP server. Requests
// that arrive together (concurrent episodes, concurrent HTTP calls) are sampled as one batch.

export const DEFAULT_SETTINGS = { temperature: 1, topP: 1, maxTokens: 64 } as const;
const MAX_BATCH = 64;

export interface ChatCompletion {
  text: string;
  usage: TokenUsage;
  finish: 'stop' | 'length';
  /** The prompt as tokenised by the chat template (before any left truncation to the window). */
  promptIds: number[];
  /** The sampled token ids (without the stop token) and their log-probabilities at temperature 1. */
  ids: number[];
  logprobs: number[];
}

interface Pending {
  messages: ChatMessage[];
  settings: GenerationSettings;
  respondAs: GenerationRole;
  onText?: (delta: string) => void;
  resolve: (c: ChatCompletion) => void;
  reject: (e: unknown) => void;
}

export class EmbeddedChat {
  #queue: Pending[] = [];
  #running = false;

  constructor(readonly model: EmbeddedModel) {}

  complete(
    messages: ChatMessage[],
    settings: GenerationSettings = {},
    onText?: (delta: string) => void,
    respondAs: GenerationRole = 'assistant',
  ): Promise<ChatCompletion> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ messages, settings, respondAs, resolve, reject, ...(onText ? { onText } : {}) });
      if (!this.#running) setImmediate(() => void this.#drain());
    });
  }

  async #drain(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, MAX_BATCH);
        try {
          await this.#run(batch);
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      this.#running = false;
    }
  }

  async #run(batch: Pending[]): Promise<void> {
    const tokenizer = this.model.tokenizer;
    const end = tokenizer.id('<|end|>');
    const requests: SampleRequest[] = batch.map((p) => {
      const stops = (p.settings.stop ?? []).filter((s) => s.length > 0);
      return {
        prompt: applyChatTemplate(tokenizer, p.messages, { generationPrompt: p.respondAs }).ids,
        temperature: p.settings.temperature ?? DEFAULT_SETTINGS.temperature,
        topP: p.settings.topP ?? DEFAULT_SETTINGS.topP,
        maxTokens: p.settings.maxTokens ?? DEFAULT_SETTINGS.maxTokens,
        seed: p.settings.seed ?? 0,
        stopIds: new Set([end]),
        ...(stops.length ? { stopWhen: (ids: readonly number[]) => stops.some((s) => tokenizer.decode(ids).includes(s)) } : {}),
      };
    });
    const streamed = batch.map(() => '');
    const seen: number[][] = batch.map(() => []);
    const outputs = await sampleBatch(this.model, requests, {
      ...(batch.some((p) => p.onText)
        ? {
            onToken: (row: number, id: number) => {
              const pending = batch[row] as Pending;
              if (!pending.onText || id < 0) return;
              const ids = seen[row] as number[];
              ids.push(id);
              // Decode the whole answer so far and send what is new; text after a stop string is never sent.
              const text = cut(tokenizer.decode(ids), pending.settings.stop);
              const delta = text.slice((streamed[row] as string).length);
              if (delta) {
                streamed[row] = text;
                pending.onText(delta);
              }
            },
          }
        : {}),
    });
    batch.forEach((p, b) => {
      const out = outputs[b];
      if (!out) return;
      const text = cut(tokenizer.decode(out.ids), p.settings.stop);
      const promptIds = (requests[b] as SampleRequest).prompt;
      p.resolve({
        text,
        finish: out.finish,
        usage: { inputTokens: promptIds.length, outputTokens: out.ids.length },
        promptIds,
        ids: out.ids,
        logprobs: out.logprobs,
      });
    });
  }
}

/** Text up to the first stop string. */
function cut(text: string, stop: string[] | undefined): string {
  let end = text.length;
  for (const s of stop ?? []) {
    const at = s ? text.indexOf(s) : -1;
    if (at >= 0 && at < end) end = at;
  }
  return text.slice(0, end);
}
