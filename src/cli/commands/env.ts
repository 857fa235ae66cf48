import type { Command } from 'commander';
import type { EnvServeOptions } from '../../env/server.js';
import { boundedNumber, nonNegativeInt, positiveInt } from '../options.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerEnv(program: Command): void {
  const env = program.command('env').description('didactic as the environment, teacher and reward of an RL trainer (docs/env-server.md)');
  env
    .command('serve')
    .description('serve didactic episodes over HTTP (protocol 1) and OpenEnv WebSocket sessions')
    .option('--port <port>', 'TCP port (0 = any free port)', nonNegativeInt('--port'), 8700)
    .option('--host <host>', 'address to listen on (only this machine unless you say otherwise)', '127.0.0.1')
    .option('--store <dir>', 'directory of env.sqlite; replies survive a restart (default: in memory)')
    .option('--data <file>', 'task file to load at start, [domain=]file.jsonl (repeatable)', collect, [])
    .option(
      '--teacher <name=spec>',
      'offer a model teacher (gpt=llm:openai:gpt-4o-mini) or a plug-in (nudge=module:./nudge.js) (repeatable)',
      collect,
      [],
    )
    .option('--domain <spec>', 'also serve this domain: module:<file.js> (a plug-in) or command (with --check) (repeatable)', collect, [])
    .option('--leak-judge <spec>', 'a model also asked whether model-teacher feedback gives the answer away')
    .option('--token <token>', 'require "Authorization: Bearer <token>" (default: $DIDACTIC_ENV_TOKEN)')
    .option(
      '--max-wait <seconds>',
      'longest wait for a sandbox or teacher slot before answering 429',
      boundedNumber('--max-wait', { above: 0 }),
      30,
    )
    .option('--episode-ttl <seconds>', 'idle time after which an open episode expires', boundedNumber('--episode-ttl', { above: 0 }), 3600)
    .option('--queue-limit <n>', 'requests that may wait for a pool slot; more get 429 at once', positiveInt('--queue-limit'), 4096)
    .option('--sandbox <kind>', 'where code attempts run: pyodide or bwrap (default: $DIDACTIC_SANDBOX, else pyodide)')
    .option('--sandbox-workers <n>', 'code attempts checked at once', positiveInt('--sandbox-workers'), 2)
    .option('--teacher-concurrency <n>', 'model teacher calls in flight at once', positiveInt('--teacher-concurrency'), 32)
    .option('--max-attempts <k>', 'attempts of an episode unless the client asks', positiveInt('--max-attempts'), 3)
    .option('--discount <d>', 'reward discount per extra attempt, in (0, 1]', boundedNumber('--discount', { above: 0, max: 1 }), 0.7)
    .option('--max-body <bytes>', 'largest request body', positiveInt('--max-body'), 1 << 20)
    .option('--leak-retries <n>', 'regenerations of a leaking feedback text before the fallback', nonNegativeInt('--leak-retries'), 2)
    .option('--openenv-max-sessions <n>', 'OpenEnv WebSocket sessions open at once', positiveInt('--openenv-max-sessions'), 4096)
    .action(async (flags: Omit<EnvServeOptions, 'maxBodyBytes'> & { maxBody: number }) => {
      // Loaded here: only this command needs the HTTP server.
      const { startEnvServer } = await import('../../env/server.js');
      const { maxBody, ...rest } = flags;
      const token = rest.token ?? process.env.DIDACTIC_ENV_TOKEN;
      const server = await startEnvServer({ ...rest, maxBodyBytes: maxBody, ...(token ? { token } : {}) });
      // One parseable line: scripts and tests started with --port 0 read the port from it.
      process.stdout.write(`didactic env serving protocol 1 at ${server.url} (port ${server.port})\n`);
      const stop = (): void => {
        void server.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
