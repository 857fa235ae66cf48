import { createRng, deriveSeed } from '../../core/random.js';
import type { Task } from '../../core/types.js';
import { CODE_TS_DIFFICULTIES, TS_FAMILIES } from './families.js';
import type { CodeTsPrivileged } from './types.js';

const literal = (value: unknown): string => JSON.stringify(value);

export function generateCodeTsTasks({ n, seed, difficulty }: { n: number; seed: number; difficulty: number }): Task<CodeTsPrivileged>[] {
  if (!(CODE_TS_DIFFICULTIES as readonly number[]).includes(difficulty))
    throw new RangeError(`code-ts difficulty must be one of ${CODE_TS_DIFFICULTIES.join(', ')}, got ${difficulty}`);
  const families = TS_FAMILIES.filter((f) => f.difficulty === difficulty);
  return Array.from({ length: n }, (_, i) => {
    const rng = createRng(deriveSeed(seed, 'code-ts', difficulty, i));
    const family = rng.pick(families);
    const fn = family.make(rng);
    const tests = fn.inputs.map((args) => ({ call: `${fn.name}(${args.map(literal).join(', ')})`, expected: literal(fn.expected(args)) }));
    const example = tests[0];
    const prompt = [
      `Write a TypeScript function \`${fn.name}\` that ${fn.description}`,
      fn.declarations ? `It uses this type:\n\n\`\`\`ts\n${fn.declarations}\`\`\`` : '',
      `Its type must be \`${fn.signature}\`.`,
      example ? `For example, \`${example.call}\` returns \`${example.expected}\`.` : '',
    ]
      .filter(Boolean)
      .join('\n\n');
    return {
      id: `code-ts-d${difficulty}-${seed}-${i}`,
      domain: 'code-ts',
      prompt,
      privileged: { answer: fn.reference, entryPoint: fn.name, signature: fn.signature, declarations: fn.declarations, tests },
      metadata: { source: `generator:code-ts/${family.id}`, difficulty, seed },
    };
  });
}
