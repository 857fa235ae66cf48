import type ts from 'typescript';
import { z } from 'zod';
import { TaskFormatError } from '../../core/errors.js';
import type { Task } from '../../core/types.js';
import { checkRecord, isObject, parseNativeTask, type RecordLocation } from '../records.js';
import { compiler } from './compiler.js';
import type { CodeTsPrivileged, TsTest } from './types.js';

// Task files for code-ts: didactic's own records (what `didactic tasks --json` prints) and
// MultiPL-E's TypeScript HumanEval and MBPP files as distributed (`name`, `language: "ts"`,
// `prompt` ending in a function header, `tests` calling assert.deepEqual on `candidate`).

const privilegedSchema = z.looseObject({
  answer: z.string(),
  entryPoint: z.string().min(1),
  signature: z.string().min(1),
  declarations: z.string(),
  tests: z.array(z.object({ call: z.string().min(1), expected: z.string().min(1) })).min(1),
  completionPrefix: z.string().exactOptional(),
});

const multiplSchema = z.object({
  name: z.string().min(1),
  language: z.string(),
  prompt: z.string().min(1),
  tests: z.string().min(1),
});

const ASSERTIONS = new Set(['deepEqual', 'deepStrictEqual', 'equal', 'strictEqual']);

export function parseCodeTsRecord(record: unknown, where: RecordLocation): Task<CodeTsPrivileged> {
  if (isObject(record) && 'domain' in record) {
    const task = parseNativeTask(record, where, 'code-ts');
    const privileged = checkRecord(privilegedSchema, task.privileged, where, 'code-ts task privileged');
    return { ...task, privileged: privileged as CodeTsPrivileged };
  }
  const r = checkRecord(multiplSchema, record, where, 'MultiPL-E');
  if (r.language !== 'ts') throw new TaskFormatError({ ...where, field: 'language' }, `"${r.language}" is not TypeScript ("ts")`);
  const header = functionHeader(r.prompt, where);
  const tests = parseAssertions(r.tests, header.name, where);
  return {
    id: r.name,
    domain: 'code-ts',
    prompt: `Complete the TypeScript function below. Give the whole function in one \`\`\`ts code block.\n\n\`\`\`ts\n${r.prompt.trimEnd()}\n\`\`\``,
    privileged: { answer: '', entryPoint: header.name, signature: header.signature, declarations: '', tests, completionPrefix: r.prompt },
    metadata: { source: where.file, benchmark: r.name.startsWith('mbpp') ? 'multipl-e/mbpp' : 'multipl-e/humaneval' },
  };
}

/** The last function the prompt opens, and its type as a function type. */
function functionHeader(prompt: string, where: RecordLocation): { name: string; signature: string } {
  const ts = compiler();
  const source = ts.createSourceFile('prompt.ts', `${prompt}\n}`, ts.ScriptTarget.ES2020, true);
  const functions = source.statements.filter(ts.isFunctionDeclaration);
  const last = functions[functions.length - 1];
  if (!last?.name) throw new TaskFormatError({ ...where, field: 'prompt' }, 'no function header (function name(…): type {) found');
  const params = last.parameters.map((p) => p.getText(source)).join(', ');
  return { name: last.name.text, signature: `(${params}) => ${last.type ? last.type.getText(source) : 'any'}` };
}

/** Each `assert.deepEqual(candidate(…), expected)` of the test program, as a call on the entry point. */
function parseAssertions(tests: string, entryPoint: string, where: RecordLocation): TsTest[] {
  const ts = compiler();
  const source = ts.createSourceFile('tests.ts', tests, ts.ScriptTarget.ES2020, true);
  const found: TsTest[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.expression.getText(source) === 'assert' &&
      ASSERTIONS.has(node.expression.name.text) &&
      node.arguments.length >= 2
    ) {
      const [actual, expected] = node.arguments as unknown as [ts.Expression, ts.Expression];
      found.push({ call: actual.getText(source).replace(/\bcandidate\b/g, entryPoint), expected: expected.getText(source) });
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (found.length === 0) throw new TaskFormatError({ ...where, field: 'tests' }, 'no assert.deepEqual(candidate(…), expected) found');
  return found;
}
