import type { Rng, Task, Verdict } from '../../core/types.js';
import type { CodeTsDetails, CodeTsPrivileged } from './types.js';

// What a code reviewer says: the compiler's diagnostics as it printed them (line and column in the
// student's code), else one failing call with its expected and actual values. Never the reference.

export function codeTsFeedback(task: Task<CodeTsPrivileged>, verdict: Verdict<CodeTsDetails>, rng: Rng): string {
  const d = verdict.details;
  const { entryPoint, signature } = task.privileged;
  switch (d.outcome) {
    case 'no-code':
      return `I could not find any code. Give the whole \`${entryPoint}\` function in one \`\`\`ts code block.`;
    case 'type-error': {
      if (d.diagnostics.length === 0)
        return `It compiles, but ${d.signatureMismatch ?? 'it does not match the declared type'}. The function must have type \`${signature}\`.`;
      const lines = d.diagnostics.map((x) => `- line ${x.line}, column ${x.column}: error TS${x.code}: ${x.message}`);
      const opener = rng.pick([
        'The TypeScript compiler rejects this:',
        'This does not type-check yet. tsc reports:',
        'The compiler reports:',
      ]);
      return `${opener}\n${lines.join('\n')}\nFix ${d.diagnostics.length === 1 ? 'it' : 'them'} and give the whole function again.`;
    }
    case 'load-error':
      return `The code compiles, but running it fails before any test: ${d.reason}.`;
    case 'timeout':
      return `The tests did not finish in time (${d.reason}): look for a loop that never ends, or far too much work.`;
    case 'memory':
      return `Running the tests ran out of memory or stack (${d.reason}): look for unbounded recursion or a structure that keeps growing.`;
    default: {
      const f = d.failures[0];
      if (!f) return 'Some tests fail.';
      const what = f.error !== undefined ? `throws ${f.error}` : `returns ${f.actual}`;
      return `It compiles, and ${d.passed} of ${d.total} tests pass. \`${f.call}\` should return ${f.expected}, but it ${what}.`;
    }
  }
}
