import type { Command } from 'commander';
import { startViewer } from '../../viewer/server.js';
import { nonNegativeInt } from '../options.js';

export function registerView(program: Command): void {
  program
    .command('view')
    .description('browse the episodes of a run in a local web app (bound to 127.0.0.1)')
    .argument('<run>', 'run directory')
    .option('--port <n>', 'port to listen on (0 picks a free one)', nonNegativeInt('--port'), 4173)
    .action(async (dir: string, opts: { port: number }) => {
      const viewer = await startViewer(dir, { port: opts.port });
      process.stdout.write(`didactic viewer for ${dir} at ${viewer.url} (Ctrl-C to stop)\n`);
      const stop = (): void => {
        void viewer.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
