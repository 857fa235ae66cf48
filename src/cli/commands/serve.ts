import type { Command } from 'commander';
import type { ServeOptions } from '../../server/serve.js';
import { nonNegativeInt } from '../options.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve an embedded model over the OpenAI chat-completions API (/v1/models, /v1/chat/completions)')
    .requiredOption('--model <spec>', 'embedded:<name|path>, e.g. embedded:base')
    .option('--port <port>', 'TCP port (0 = any free port)', nonNegativeInt('--port'), 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--name <id>', 'model id clients send (default: the name after "embedded:")')
    .action(async (opts: ServeOptions) => {
      // Loaded here, not at startup: the HTTP server is needed by this command alone.
      const { serveEmbedded } = await import('../../server/serve.js');
      const server = await serveEmbedded(opts);
      process.stdout.write(`serving ${opts.model} as "${server.id}" at ${server.url}/v1\n`);
      const stop = (): void => {
        void server.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
