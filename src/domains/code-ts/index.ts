import type { Domain } from '../../core/types.js';
import { defineDomain } from '../define.js';
import { extractTypeScript, normalizeTypeScript } from './extract.js';
import { CODE_TS_DIFFICULTIES } from './families.js';
import { codeTsFeedback } from './feedback.js';
import { generateCodeTsTasks } from './generate.js';
import { codeTsLeaks } from './leaks.js';
import { parseCodeTsRecord } from './load.js';
import type { CodeTsDetails, CodeTsPrivileged } from './types.js';
import { verifyCodeTs } from './verify.js';

export const codeTsDomain: Domain<CodeTsPrivileged, CodeTsDetails> = defineDomain({
  name: 'code-ts',
  description:
    'TypeScript functions type-checked by the compiler against a declared signature, then tested in a WebAssembly JavaScript sandbox; seeded tasks and MultiPL-E files.',
  difficulties: CODE_TS_DIFFICULTIES,
  defaultDifficulty: 1,
  systemPrompt: 'Write TypeScript that solves the task. Give the complete function, with its types, in one ```ts code block.',
  generate: generateCodeTsTasks,
  parseRecord: parseCodeTsRecord,
  extract: (attempt) => extractTypeScript(attempt),
  verify: (task, attempt) => verifyCodeTs(task, attempt),
  sameAnswer: (a, b) => normalizeTypeScript(a) === normalizeTypeScript(b),
  scriptedFeedback: codeTsFeedback,
  leaks: codeTsLeaks,
});

export type { CodeTsDetails, CodeTsPrivileged, TsDiagnostic, TsTest } from './types.js';
export { verifyCodeTs } from './verify.js';
export { typeCheck, transpile } from './typecheck.js';
