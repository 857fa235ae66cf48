import type { Task, Verdict } from '../../core/types.js';
import { DEFAULT_JS_LIMITS, type JsLimits, runJs } from '../../sandbox/quickjs.js';
import { extractTypeScript, withoutExports } from './extract.js';
import { transpile, typeCheck } from './typecheck.js';
import type { CodeTsDetails, CodeTsPrivileged, TsFailure } from './types.js';

// Compiler first, tests second: an attempt that does not type-check against the declared
// signature is judged on its diagnostics alone; one that does is transpiled and its tests run in
// the WebAssembly sandbox.

const MAX_DIAGNOSTICS = 5;

function defines(code: string, entryPoint: string): boolean {
  return new RegExp(`(function\\s+${entryPoint}\\b|\\b(const|let|var)\\s+${entryPoint}\\b)`).test(code);
}

export async function verifyCodeTs(
  task: Task<CodeTsPrivileged>,
  attempt: string,
  limits: JsLimits = DEFAULT_JS_LIMITS,
): Promise<Verdict<CodeTsDetails>> {
  const p = task.privileged;
  const empty = { diagnostics: [], passed: 0, total: p.tests.length, failures: [] };
  const extracted = extractTypeScript(attempt, p.entryPoint);
  if (extracted === null)
    return { correct: false, extracted: null, summary: 'no TypeScript code found', details: { outcome: 'no-code', ...empty } };
  // A MultiPL-E attempt may be only the body after the header the prompt ends with.
  const completion = p.completionPrefix !== undefined && !defines(extracted, p.entryPoint);
  const prefix = completion ? (p.completionPrefix as string) : '';
  const code = withoutExports(prefix + extracted);
  const lineOffset = completion ? prefix.split('\n').length - 1 : 0;
  const checked = typeCheck(code, { entryPoint: p.entryPoint, signature: p.signature, declarations: p.declarations, lineOffset });
  if (checked.diagnostics.length || checked.signatureMismatch) {
    const n = checked.diagnostics.length;
    return {
      correct: false,
      extracted,
      summary: n ? `${n} TypeScript error${n === 1 ? '' : 's'}` : 'does not match the declared signature',
      details: {
        outcome: 'type-error',
        ...empty,
        diagnostics: checked.diagnostics.slice(0, MAX_DIAGNOSTICS),
        ...(checked.signatureMismatch ? { signatureMismatch: checked.signatureMismatch } : {}),
      },
    };
  }
  const run = await runJs(
    transpile(`${p.declarations}\n${code}`),
    p.tests.map((t) => t.call),
    p.tests.map((t) => t.expected),
    limits,
  );
  if (run.status !== 'ok') {
    const summary =
      run.status === 'load-error'
        ? `error while loading: ${run.reason}`
        : run.status === 'timeout'
          ? 'the tests timed out'
          : 'ran out of memory';
    return { correct: false, extracted, summary, details: { outcome: run.status, ...empty, reason: run.reason } };
  }
  const failures: TsFailure[] = [];
  p.tests.forEach((test, i) => {
    const actual = run.calls[i];
    const expected = run.expected[i]?.value ?? test.expected;
    if (actual?.error !== undefined) failures.push({ call: test.call, expected, error: actual.error });
    else if (actual?.value !== expected) failures.push({ call: test.call, expected, actual: actual?.value ?? 'undefined' });
  });
  const passed = p.tests.length - failures.length;
  return {
    correct: failures.length === 0,
    extracted,
    summary: failures.length ? `${failures.length} of ${p.tests.length} tests failed` : `all ${p.tests.length} tests passed`,
    details: { outcome: failures.length ? 'failed' : 'passed', diagnostics: [], passed, total: p.tests.length, failures },
  };
}
