import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { nonNegativeInt } from '../options.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve an embedded model over the OpenAI chat-completions API (/v1/models, /v1/chat/completions)')
    .requiredOption('--model <spec>', 'embedded:<name|path>, e.g. embedded:base')
    .option('--port <port>', 'TCP port (0 = any free port)', nonNegativeInt('--port'), 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--name <id>', 'model id clients send (default: the name after "embedded:")')
    .action(async (opts: { model: string; port: number; host: string; name?: string }) => {
      if (!opts.model.startsWith('embedded:')) throw new UsageError('--model must be an embedded model, e.g. embedded:base');
      const rest = opts.model.slice('embedded:'.length);
      const { loadEmbeddedModel } = await import('../../embedded/provider.js');
      const { startServer } = await import('../../server/serve.js');
      const model = await loadEmbeddedModel(rest, opts.model);
      const server = await startServer({ id: opts.name ?? rest, chat: model.chat, host: opts.host, port: opts.port });
      process.stdout.write(`serving ${opts.model} as "${opts.name ?? rest}" at ${server.url}/v1\n`);
      const stop = (): void => {
        void server.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
