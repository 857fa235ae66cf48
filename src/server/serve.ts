import { serve, type ServerType } from '@hono/node-server';
import { UsageError } from '../core/errors.js';
import type { EmbeddedChat } from '../embedded/chat.js';
import { loadEmbeddedModel } from '../embedded/provider.js';
import { createOpenAiApp } from './openai-app.js';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Listen on host:port (port 0 picks a free one) and resolve once the socket is open. */
export function startServer(options: { id: string; chat: EmbeddedChat; host: string; port: number }): Promise<RunningServer> {
  const app = createOpenAiApp({ id: options.id, chat: options.chat });
  return new Promise((resolve, reject) => {
    let server: ServerType;
    try {
      server = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, (info) => {
        resolve({
          url: `http://${options.host}:${info.port}`,
          close: () => new Promise<void>((done) => server.close(() => done())),
        });
      });
      server.on('error', reject);
    } catch (error) {
      reject(error);
    }
  });
}

export interface ServeOptions {
  /** `embedded:<name|path>`. */
  model: string;
  host: string;
  port: number;
  /** The model id clients send (default: the name after "embedded:"). */
  name?: string;
}

/** `didactic serve`: load an embedded model and serve it under its id. */
export async function serveEmbedded(o: ServeOptions): Promise<RunningServer & { id: string }> {
  if (!o.model.startsWith('embedded:')) throw new UsageError('--model must be an embedded model, e.g. embedded:base');
  const rest = o.model.slice('embedded:'.length);
  const model = await loadEmbeddedModel(rest, o.model);
  const id = o.name ?? rest;
  const server = await startServer({ id, chat: model.chat, host: o.host, port: o.port });
  return { ...server, id };
}
