#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { StepFailedError, TaskFormatError, UsageError } from '../core/errors.js';
import { VERSION } from '../version.js';
import { registerCompare } from './commands/compare.js';
import { positiveInt } from './options.js';
import { loadPluginsFor } from './plugins.js';
import { registerCheckDomain } from './commands/check-domain.js';
import { registerData } from './commands/data.js';
import { registerEnv } from './commands/env.js';
import { registerEval } from './commands/eval.js';
import { registerReport } from './commands/report.js';
import { registerReproduce } from './commands/reproduce.js';
import { registerServe } from './commands/serve.js';
import { registerShow } from './commands/show.js';
import { registerTasks } from './commands/tasks.js';
import { registerTrain } from './commands/train.js';
import { registerVerify } from './commands/verify.js';
import { registerView } from './commands/view.js';

const program = new Command()
  .name('didactic')
  .description('Learning from feedback inside one conversation: didactic dialogues, honest metrics, data and training.')
  .version(VERSION)
  .showHelpAfterError()
  .exitOverride()
  // Program-wide, so every command that takes --domain takes `--domain command` with them.
  .option(
    '--check [command]',
    '--domain command: the shell command that checks an attempt (stdin: the attempt; prints {"correct": …}); bare, with `tasks`: the gold self-check',
  )
  .option('--unsafe-host-check', '--domain command: run --check on the host when bubblewrap is not available')
  .option('--check-timeout <ms>', '--domain command: time limit of one check', positiveInt('--check-timeout'))
  .option('--check-memory <mb>', '--domain command: memory limit of one check under bubblewrap', positiveInt('--check-memory'))
  .hook('preAction', (_program, command) => loadPluginsFor(command));

// One file a command; each adds itself to the program.
for (const register of [
  registerEval,
  registerTasks,
  registerVerify,
  registerShow,
  registerData,
  registerTrain,
  registerServe,
  registerReport,
  registerView,
  registerReproduce,
  registerEnv,
  registerCompare,
  registerCheckDomain,
])
  register(program);

// `didactic tasks | head` closes the pipe early; that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  // Errors a user can act on are one line and an exit code; anything else keeps its stack.
  const exitCode =
    error instanceof UsageError || error instanceof TaskFormatError ? 2 : error instanceof StepFailedError ? error.exitCode : null;
  if (exitCode === null) throw error;
  process.stderr.write(`didactic: error: ${(error as Error).message}\n`);
  process.exit(exitCode);
}
