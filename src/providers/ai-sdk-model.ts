import { APICallError, generateText, type JSONValue, type LanguageModel, type ModelMessage } from 'ai';
import type { ChatModel, ChatRequest, ChatResponse, GenerationSettings } from '../core/types.js';
import { ProviderCallError, redact, retryAfterMs, type CallErrorKind } from './call-error.js';

// The SDK prints its warnings (unsupported settings, …) with console.info, i.e. onto stdout,
// where they would corrupt `--json` output. Send each distinct one to stderr, once.
const seenWarnings = new Set<string>();
(globalThis as { AI_SDK_LOG_WARNINGS?: unknown }).AI_SDK_LOG_WARNINGS = (options: {
  warnings: unknown[];
  provider?: string;
  model?: string;
}) => {
  for (const warning of options.warnings) {
    const w = warning as { message?: string; feature?: string; details?: string; type?: string };
    const line = `didactic: note from ${options.provider ?? 'provider'} ${options.model ?? ''}: ${w.message ?? w.details ?? w.feature ?? w.type ?? JSON.stringify(w)}`;
    if (seenWarnings.has(line)) continue;
    seenWarnings.add(line);
    process.stderr.write(`${line}\n`);
  }
};

export interface AiSdkModelOptions {
  /** The spec as given (`openai:gpt-4o-mini`); recorded in runs, so it must hold no secret. */
  id: string;
  model: LanguageModel;
  /** Values to scrub from every error message (API keys). */
  secrets: string[];
  /** The provider's own options for the reasoning settings (effort, thinking budget); none if it has none. */
  reasoningOptions?: (settings: GenerationSettings) => Record<string, Record<string, JSONValue>> | undefined;
}

/**
 * A ChatModel over any Vercel AI SDK language model. Retries are the runner's job (it records
 * every failed call and honours Retry-After), so the SDK's own retries are switched off.
 */
export function aiSdkChatModel(options: AiSdkModelOptions): ChatModel {
  return {
    id: options.id,
    async generate(request: ChatRequest): Promise<ChatResponse> {
      const system = request.messages
        .filter((m) => m.role === 'system')
        .map((m) => m.content)
        .join('\n\n');
      const messages: ModelMessage[] = request.messages
        .filter((m) => m.role !== 'system')
        .map((m) => (m.role === 'user' ? { role: 'user', content: m.content } : { role: 'assistant', content: m.content }));
      const s = request.settings ?? {};
      const providerOptions = options.reasoningOptions?.(s);
      try {
        const result = await generateText({
          model: options.model,
          ...(system ? { system } : {}),
          messages,
          maxRetries: 0,
          ...(s.temperature !== undefined ? { temperature: s.temperature } : {}),
          ...(s.topP !== undefined ? { topP: s.topP } : {}),
          ...(s.maxTokens !== undefined ? { maxOutputTokens: s.maxTokens } : {}),
          ...(s.seed !== undefined ? { seed: s.seed } : {}),
          ...(s.stop?.length ? { stopSequences: s.stop } : {}),
          ...(request.signal ? { abortSignal: request.signal } : {}),
          ...(providerOptions ? { providerOptions } : {}),
        });
        // Reasoning comes back apart from the text (reasoning parts) and is kept apart: it is recorded, never verified.
        const reasoningTokens = result.usage.outputTokenDetails?.reasoningTokens;
        return {
          text: result.text,
          usage: {
            inputTokens: result.usage.inputTokens ?? 0,
            outputTokens: result.usage.outputTokens ?? 0,
            ...(reasoningTokens ? { reasoningTokens } : {}),
          },
          ...(result.reasoningText ? { reasoning: result.reasoningText } : {}),
          ...(result.response?.modelId ? { modelId: result.response.modelId } : {}),
        };
      } catch (error) {
        throw classify(error, options.id, options.secrets);
      }
    },
  };
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

function classify(error: unknown, id: string, secrets: string[]): unknown {
  if (isAbort(error)) return error; // the runner knows whether it was its timeout or the user
  const message = (text: string): string => redact(`${id}: ${text}`, secrets);
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    const wait = retryAfterMs(error.responseHeaders);
    // A 200 whose body is not the expected JSON: a proxy or server glitch, worth another try.
    const malformed = status !== undefined && status < 300;
    const kind: CallErrorKind = status === undefined ? 'network' : malformed ? 'malformed' : 'http';
    const retryable = malformed || status === undefined || status === 408 || status === 409 || status === 429 || status >= 500;
    const detail =
      status === undefined ? causeText(error) : `HTTP ${status}${error.responseBody ? ` ${error.responseBody.slice(0, 300)}` : ''}`;
    return new ProviderCallError(message(`${error.message} (${detail})`), {
      kind,
      retryable,
      ...(status !== undefined ? { status } : {}),
      ...(wait !== undefined ? { retryAfterMs: wait } : {}),
    });
  }
  const name = error instanceof Error ? error.name : '';
  if (
    [
      'AI_JSONParseError',
      'AI_TypeValidationError',
      'AI_EmptyResponseBodyError',
      'AI_NoContentGeneratedError',
      'AI_InvalidResponseDataError',
    ].includes(name)
  ) {
    return new ProviderCallError(message(`malformed response: ${(error as Error).message.slice(0, 300)}`), {
      kind: 'malformed',
      retryable: true,
    });
  }
  const code = errorCode(error);
  if (code && NETWORK_CODES.has(code)) {
    return new ProviderCallError(message(`connection failed (${code})`), { kind: 'network', retryable: true });
  }
  return new ProviderCallError(message(error instanceof Error ? error.message : String(error)), { kind: 'other', retryable: false });
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function causeText(error: unknown): string {
  const code = errorCode(error);
  const cause = (error as { cause?: unknown }).cause;
  return code ?? (cause instanceof Error ? cause.message : 'no response');
}
