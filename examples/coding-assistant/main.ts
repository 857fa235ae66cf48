#!/usr/bin/env node
// A small command-line coding assistant: given a TypeScript stub and its tests, it asks a model
// for the implementation and feeds back real compiler diagnostics and failing tests until they
// pass. In your own project, import from 'didactic' instead of '../../src/index.js'.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Command } from 'commander';
import { createFeedbackLoop, type Turn } from '../../src/index.js';
import { checkImplementation } from './check.js';

const program = new Command()
  .name('coding-assistant')
  .description('implement a TypeScript stub until it compiles and its tests pass')
  .requiredOption('--model <spec>', 'any didactic model spec: openai:<model>, openai-compatible:<url>#<model>, embedded:<name>, …')
  .requiredOption('--stub <file.ts>', 'the function to implement: its signature and a comment saying what it does')
  .requiredOption('--tests <file.ts>', 'tests importing the stub module (./<stub>.js), run with node:assert')
  .option('--max-attempts <n>', 'attempts before giving up', (v) => Number.parseInt(v, 10), 4)
  .option('--record <dir>', 'also record the dialogue into a didactic run directory')
  .parse();

const flags = program.opts<{ model: string; stub: string; tests: string; maxAttempts: number; record?: string }>();
const stub = readFileSync(flags.stub, 'utf8');
const tests = readFileSync(flags.tests, 'utf8');
const project = { moduleName: basename(flags.stub), tests };

const request = [
  `Implement the TypeScript module \`${project.moduleName}\` below. Keep its exports and types.`,
  `\`\`\`ts\n${stub.trimEnd()}\n\`\`\``,
  `It must pass these tests:\n\`\`\`ts\n${tests.trimEnd()}\n\`\`\``,
  'Reply with the whole file in one ```ts code block.',
].join('\n\n');

function print(turn: Turn): void {
  if (turn.role === 'student') {
    const status = turn.correct ? 'PASS' : `FAIL (${turn.verdict.summary})`;
    process.stdout.write(`── attempt ${turn.attempt}: ${status}\n${turn.text.trim()}\n\n`);
  } else {
    process.stdout.write(`── feedback after attempt ${turn.attempt}\n${turn.text.trim()}\n\n`);
  }
}

const loop = createFeedbackLoop({
  model: flags.model,
  check: (attempt) => checkImplementation(attempt, project),
  maxAttempts: flags.maxAttempts,
  systemPrompt: 'You are a careful TypeScript developer. Reply with code in one ```ts block.',
  onTurn: print,
  ...(flags.record ? { record: { dir: flags.record, name: 'coding-assistant' } } : {}),
});
try {
  const result = await loop.run(request);
  if (result.error) process.stderr.write(`coding-assistant: ${result.error}\n`);
  process.stdout.write(
    result.passed ? `passed after ${result.attempts} attempt(s)\n` : `not passing after ${result.attempts} attempt(s)\n`,
  );
  process.exitCode = result.passed ? 0 : 1;
} finally {
  await loop.close();
}
