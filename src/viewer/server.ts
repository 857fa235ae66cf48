import type { AddressInfo } from 'node:net';
import { basename, resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { UsageError } from '../core/errors.js';
import { RunStore } from '../store/run-store.js';
import { createViewerApp } from './app.js';

export interface RunningViewer {
  url: string;
  close(): Promise<void>;
}

/** Serve the viewer for the run in `dir` on 127.0.0.1 only: transcripts may hold private data. */
export async function startViewer(dir: string, options: { port: number }): Promise<RunningViewer> {
  const store = RunStore.open(dir, { create: false });
  const app = createViewerApp(store, basename(resolve(dir)));
  let server: ServerType | undefined;
  const address = await new Promise<AddressInfo>((resolvePromise, reject) => {
    server = serve({ fetch: app.fetch, port: options.port, hostname: '127.0.0.1' }, (info) => resolvePromise(info));
    server.once('error', (error: NodeJS.ErrnoException) => {
      store.close();
      reject(
        error.code === 'EADDRINUSE'
          ? new UsageError(`port ${options.port} on 127.0.0.1 is in use; choose another with --port (0 picks a free one)`)
          : error,
      );
    });
  });
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () =>
      new Promise<void>((done) => {
        if (!server) return done();
        server.close(() => {
          store.close();
          done();
        });
      }),
  };
}
