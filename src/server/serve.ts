import { serve, type ServerType } from '@hono/node-server';
import type { EmbeddedChat } from '../embedded/chat.js';
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
