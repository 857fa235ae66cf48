import { createRng, deriveSeed } from '../../core/random.js';
import type { Task } from '../../core/types.js';
import { fromJs, pyRepr } from '../../sandbox/values.js';
import { CODE_DIFFICULTIES, FAMILIES } from './families.js';
import type { CodePrivileged } from './types.js';

export function renderCodePrompt(name: string, params: string[], description: string, example: string, result: string): string {
  return [
    `Write a Python function \`${name}(${params.join(', ')})\` that ${description}`,
    '',
    `Example: ${example} should return ${result}.`,
    '',
    'Reply with the complete function in a ```python code block.',
  ].join('\n');
}

/** Seeded tasks: difficulty picks the pool of families, the seed the family, parameters and test inputs. */
export function generateCodeTasks(options: { n: number; seed: number; difficulty: number }): Task<CodePrivileged>[] {
  const pool = FAMILIES.filter((f) => f.difficulty === options.difficulty);
  if (pool.length === 0) throw new RangeError(`code difficulty must be one of ${CODE_DIFFICULTIES.join(', ')}`);
  const tasks: Task<CodePrivileged>[] = [];
  for (let i = 0; i < options.n; i++) {
    const rng = createRng(deriveSeed('code', options.seed, options.difficulty, i));
    const family = rng.pick(pool);
    const made = family.make(rng);
    const tests = made.inputs.map((args) => {
      const call = `${made.name}(${args.map((a) => pyRepr(fromJs(a))).join(', ')})`;
      const value = fromJs(made.expected(args));
      return { kind: 'equals' as const, call, expected: pyRepr(value), expectedValue: value };
    });
    // The last input is a random one; the first ones are edge cases worth keeping hidden.
    const example = tests[tests.length - 1];
    if (!example) throw new Error(`family ${family.id} made no tests`);
    tasks.push({
      id: `code-d${options.difficulty}-s${options.seed}-${i}`,
      domain: 'code',
      prompt: renderCodePrompt(made.name, made.params, made.description, example.call, example.expected),
      privileged: { answer: made.reference, entryPoint: made.name, tests, setup: '' },
      metadata: { difficulty: options.difficulty, source: 'generator:code', seed: options.seed, family: family.id },
    });
  }
  return tasks;
}
