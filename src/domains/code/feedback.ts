import type { Rng, Task, Verdict } from '../../core/types.js';
import type { PyError } from '../../sandbox/types.js';
import type { CodeDetails, CodeFailure, CodePrivileged } from './types.js';

// The scripted code teacher sees the test results the student does not: it reports one failing
// call with what came back and what should have, or the error and the line it was raised on.
// It never quotes the reference solution.

function where(error: PyError): string {
  if (!error.line) return '';
  return ` on line ${error.line}${error.source ? ` (\`${error.source}\`)` : ''}`;
}

function errorText(error: PyError): string {
  return `${error.type}${error.message ? `: ${error.message}` : ''}`;
}

function failureFeedback(failure: CodeFailure, details: CodeDetails, rng: Rng): string {
  const count = details.failures.length > 1 ? ` (${details.failures.length} of ${details.total} tests fail; here is one)` : '';
  if (failure.input !== undefined) return scriptFeedback(failure, count);
  if (failure.error) {
    if (failure.expected !== undefined) {
      return rng.pick([
        `Calling \`${failure.call}\` raises ${errorText(failure.error)}${where(failure.error)}${count}. It should return ${failure.expected}.`,
        `Your function crashes on \`${failure.call}\`: ${errorText(failure.error)}${where(failure.error)}${count}. The expected result is ${failure.expected}.`,
      ]);
    }
    return `This test fails: \`${failure.call}\` — ${errorText(failure.error)}${where(failure.error)}${count}.`;
  }
  return rng.pick([
    `\`${failure.call}\` returns ${failure.actual}, but it should return ${failure.expected}${count}.`,
    `Check \`${failure.call}\`: your function gives ${failure.actual} where ${failure.expected} is expected${count}.`,
  ]);
}

/** A script test: the input, what it should print and what it printed (or the error it raised). */
function scriptFeedback(failure: CodeFailure, count: string): string {
  const block = (text: string | undefined): string => `\n\`\`\`\n${(text ?? '').replace(/\s+$/, '')}\n\`\`\`\n`;
  const input = `On this input${count}:${block(failure.input)}`;
  const expected = `it should print:${block(failure.expected)}`;
  if (failure.error) return `${input}your program raises ${errorText(failure.error)}${where(failure.error)}; ${expected}`;
  return `${input}your program prints:${block(failure.actual)}but ${expected}`;
}

export function codeFeedback(task: Task<CodePrivileged>, verdict: Verdict<CodeDetails>, rng: Rng): string {
  const d = verdict.details;
  const name = task.privileged.entryPoint;
  if (
    d.outcome === 'failed' &&
    d.failures.length === d.total &&
    d.failures.every((f) => f.error?.type === 'NameError' && f.error.message.includes(`'${name}'`))
  ) {
    return `Your code does not define a function named \`${name}\`. Define it with exactly that name.`;
  }
  switch (d.outcome) {
    case 'no-code':
      return 'I could not find any Python code in your reply. Put the complete function in a ```python code block.';
    case 'load-error':
      return d.loadError
        ? `Your code does not run: ${errorText(d.loadError)}${where(d.loadError)}. Fix that first.`
        : 'Your code does not run. Fix the error first.';
    case 'timeout':
      return rng.pick([
        'Your code did not finish in time. Look for a loop that never ends or work that grows far too fast.',
        'The tests timed out: something in your code runs forever or far too long, such as a loop whose condition never becomes false.',
      ]);
    case 'memory':
      return 'Your code ran out of memory. Look for a list or string that keeps growing without bound.';
    case 'crashed':
      return 'Your code stopped the Python interpreter (for example by calling exit or os._exit). Return a value from the function instead.';
    case 'failed': {
      const first = d.failures[0];
      return first ? failureFeedback(first, d, rng) : 'Some tests fail.';
    }
    case 'passed':
      return 'Correct: all tests pass.';
  }
}
