import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { ChatMessage, GenerationSettings } from '../core/types.js';
import type { EmbeddedChat } from '../embedded/chat.js';

// The OpenAI chat-completions wire format (the subset vLLM clients use): /v1/models and
// /v1/chat/completions, with server-sent-event streaming and OpenAI-style error bodies.

export interface ServedModel {
  /** The name clients put in `model`. */
  id: string;
  chat: EmbeddedChat;
}

type ErrorType = 'invalid_request_error' | 'not_found_error' | 'server_error';

function errorBody(message: string, type: ErrorType, param: string | null = null, code: string | null = null) {
  return { error: { message, type, param, code } };
}

const textPart = z.object({ type: z.literal('text'), text: z.string() });
const messageSchema = z.object({
  role: z.enum(['system', 'developer', 'user', 'assistant']),
  content: z.union([z.string(), z.array(textPart)]),
  name: z.string().optional(),
});
const requestSchema = z.object({
  model: z.string().min(1),
  messages: z.array(messageSchema).min(1),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().gt(0).max(1).nullish(),
  max_tokens: z.number().int().min(1).nullish(),
  max_completion_tokens: z.number().int().min(1).nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
  seed: z.number().int().nullish(),
  n: z.literal(1).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
});

export function createOpenAiApp(served: ServedModel): Hono {
  const app = new Hono();
  const created = Math.floor(Date.now() / 1000);
  let counter = 0;

  app.get('/v1/models', (c) => c.json({ object: 'list', data: [{ id: served.id, object: 'model', created, owned_by: 'didactic' }] }));
  app.get('/v1/models/:id', (c) =>
    c.req.param('id') === served.id
      ? c.json({ id: served.id, object: 'model', created, owned_by: 'didactic' })
      : c.json(errorBody(`The model '${c.req.param('id')}' does not exist`, 'not_found_error', 'model', 'model_not_found'), 404),
  );

  app.post('/v1/chat/completions', async (c) => {
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      return c.json(errorBody('The request body is not valid JSON.', 'invalid_request_error'), 400);
    }
    const parsed = requestSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const param = issue?.path.join('.') || null;
      return c.json(
        errorBody(
          `Invalid value for '${param ?? 'body'}': ${issue?.message ?? 'invalid request'}`,
          'invalid_request_error',
          param,
          'invalid_value',
        ),
        400,
      );
    }
    const body = parsed.data;
    if (body.model !== served.id) {
      return c.json(
        errorBody(
          `The model '${body.model}' does not exist; this server serves '${served.id}'.`,
          'not_found_error',
          'model',
          'model_not_found',
        ),
        404,
      );
    }
    const messages: ChatMessage[] = body.messages.map((m) => ({
      role: m.role === 'developer' ? 'system' : m.role,
      content: typeof m.content === 'string' ? m.content : m.content.map((p) => p.text).join(''),
    }));
    const settings: GenerationSettings = {};
    if (body.temperature != null) settings.temperature = body.temperature;
    if (body.top_p != null) settings.topP = body.top_p;
    const maxTokens = body.max_completion_tokens ?? body.max_tokens;
    if (maxTokens != null) settings.maxTokens = maxTokens;
    if (body.stop != null) settings.stop = typeof body.stop === 'string' ? [body.stop] : body.stop;
    settings.seed = body.seed ?? Math.floor(Math.random() * 2 ** 31);
    const id = `chatcmpl-${Date.now().toString(36)}${(counter++).toString(36)}`;
    const stamp = Math.floor(Date.now() / 1000);

    if (!body.stream) {
      const result = await served.chat.complete(messages, settings);
      return c.json({
        id,
        object: 'chat.completion',
        created: stamp,
        model: served.id,
        choices: [{ index: 0, message: { role: 'assistant', content: result.text }, finish_reason: result.finish, logprobs: null }],
        usage: usage(result.usage),
      });
    }
    return streamChat(c, served, id, stamp, messages, settings, body.stream_options?.include_usage === true);
  });

  app.notFound((c) => c.json(errorBody(`Unknown route ${c.req.method} ${c.req.path}`, 'not_found_error', null, 'unknown_url'), 404));
  app.onError((error, c) => c.json(errorBody(error.message, 'server_error'), 500));
  return app;
}

function usage(u: { inputTokens: number; outputTokens: number }) {
  return { prompt_tokens: u.inputTokens, completion_tokens: u.outputTokens, total_tokens: u.inputTokens + u.outputTokens };
}

function streamChat(
  c: Context,
  served: ServedModel,
  id: string,
  created: number,
  messages: ChatMessage[],
  settings: GenerationSettings,
  includeUsage: boolean,
): Response {
  const chunk = (delta: Record<string, unknown>, finish: string | null) =>
    JSON.stringify({
      id,
      object: 'chat.completion.chunk',
      created,
      model: served.id,
      choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
    });
  return streamSSE(c, async (stream) => {
    await stream.writeSSE({ data: chunk({ role: 'assistant', content: '' }, null) });
    const writes: Promise<void>[] = [];
    const result = await served.chat.complete(messages, settings, (delta) => {
      writes.push(stream.writeSSE({ data: chunk({ content: delta }, null) }));
    });
    await Promise.all(writes);
    await stream.writeSSE({ data: chunk({}, result.finish) });
    if (includeUsage) {
      await stream.writeSSE({
        data: JSON.stringify({ id, object: 'chat.completion.chunk', created, model: served.id, choices: [], usage: usage(result.usage) }),
      });
    }
    await stream.writeSSE({ data: '[DONE]' });
  });
}
