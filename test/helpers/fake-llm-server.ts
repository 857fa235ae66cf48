import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A chat-model server for tests, speaking three wire formats: OpenAI chat completions
// (POST …/chat/completions), Anthropic messages (POST …/messages) and Gemini generateContent
// (POST …/models/<model>:generateContent). Replies come from a script; faults can be queued.

export interface ScriptedRequest {
  wire: 'openai' | 'anthropic' | 'google';
  model: string;
  system: string;
  /** user / assistant turns, text only */
  messages: Array<{ role: string; content: string }>;
  body: Record<string, unknown>;
  headers: IncomingMessage['headers'];
}

export type Fault =
  | { type: 'status'; status: number; headers?: Record<string, string>; body?: string }
  | { type: 'slow'; ms: number }
  | { type: 'cut' }
  | { type: 'malformed' };

export interface FakeServer {
  url: string;
  /** Every request received, faulted ones included. */
  requests: ScriptedRequest[];
  /** Faults applied to the next requests, in order (optionally only to one model). */
  faults: Array<Fault & { model?: string }>;
  maxInFlight: number;
  close(): Promise<void>;
}

export type Script = (request: ScriptedRequest) => string;

/** `reportModel`: the model id the server says answered (a dated version of the alias asked for); the one asked for if absent. */
export async function startFakeServer(
  script: Script,
  options: { delayMs?: number; reportModel?: (asked: string) => string } = {},
): Promise<FakeServer> {
  const state: FakeServer = { url: '', requests: [], faults: [], maxInFlight: 0, close: async () => {} };
  let inFlight = 0;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      void handle(req, res, raw).finally(() => inFlight--);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> {
    const url = req.url ?? '';
    const body = JSON.parse(raw || '{}') as Record<string, unknown>;
    const wire: ScriptedRequest['wire'] = url.endsWith('/chat/completions') ? 'openai' : url.endsWith('/messages') ? 'anthropic' : 'google';
    const request = parse(wire, url, body, req.headers);
    state.requests.push(request);
    const faultIndex = state.faults.findIndex((f) => f.model === undefined || f.model === request.model);
    const fault = faultIndex >= 0 ? state.faults.splice(faultIndex, 1)[0] : undefined;
    if (options.delayMs) await wait(options.delayMs);
    if (fault?.type === 'cut') {
      req.socket.destroy();
      return;
    }
    if (fault?.type === 'status') {
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
      res.end(fault.body ?? JSON.stringify({ error: { message: `injected ${fault.status}`, type: 'server_error' } }));
      return;
    }
    if (fault?.type === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id": "x", "choices": [ {"message": ');
      return;
    }
    if (fault?.type === 'slow') {
      await wait(fault.ms);
      if (res.destroyed || req.socket.destroyed) return;
    }
    const text = script(request);
    const inputTokens = JSON.stringify(request.messages).length >> 2;
    const outputTokens = Math.max(1, text.length >> 2);
    res.writeHead(200, { 'content-type': 'application/json' });
    const reported = options.reportModel?.(request.model);
    const answer = reply(wire, reported ?? request.model, text, inputTokens, outputTokens);
    res.end(JSON.stringify(wire === 'google' && reported ? { ...(answer as object), modelVersion: reported } : answer));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

function parse(
  wire: ScriptedRequest['wire'],
  url: string,
  body: Record<string, unknown>,
  headers: IncomingMessage['headers'],
): ScriptedRequest {
  const text = (content: unknown): string =>
    typeof content === 'string' ? content : Array.isArray(content) ? content.map((p: { text?: string }) => p.text ?? '').join('') : '';
  if (wire === 'google') {
    const model = decodeURIComponent(/models\/([^:]+):/.exec(url)?.[1] ?? '');
    const contents = (body.contents ?? []) as Array<{ role: string; parts: Array<{ text?: string }> }>;
    const system = ((body.systemInstruction as { parts?: Array<{ text?: string }> } | undefined)?.parts ?? [])
      .map((p) => p.text ?? '')
      .join('');
    return {
      wire,
      model,
      system,
      messages: contents.map((c) => ({ role: c.role === 'model' ? 'assistant' : 'user', content: text(c.parts) })),
      body,
      headers,
    };
  }
  const all = ((body.messages ?? []) as Array<{ role: string; content: unknown }>).map((m) => ({ role: m.role, content: text(m.content) }));
  const system =
    wire === 'anthropic'
      ? text(body.system)
      : all
          .filter((m) => m.role === 'system')
          .map((m) => m.content)
          .join('\n');
  return { wire, model: String(body.model), system, messages: all.filter((m) => m.role !== 'system'), body, headers };
}

function reply(wire: ScriptedRequest['wire'], model: string, text: string, inputTokens: number, outputTokens: number): unknown {
  if (wire === 'anthropic') {
    return {
      id: 'msg_test',
      type: 'message',
      role: 'assistant',
      model,
      content: [{ type: 'text', text }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: inputTokens, output_tokens: outputTokens },
    };
  }
  if (wire === 'google') {
    return {
      candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: inputTokens, candidatesTokenCount: outputTokens, totalTokenCount: inputTokens + outputTokens },
    };
  }
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: { prompt_tokens: inputTokens, completion_tokens: outputTokens, total_tokens: inputTokens + outputTokens },
  };
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
