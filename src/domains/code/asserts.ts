import type { CodeTest } from './types.js';

// Turning test source into tests the host can judge. `assert f(x) == y` becomes an `equals` test
// (the comparison happens on the host); anything else stays free-form code that must not raise.

/** Split `lhs == rhs` at its one top-level `==`, ignoring brackets and string literals. */
export function splitEquals(expression: string): [string, string] | null {
  let depth = 0;
  let quote: string | null = null;
  let at = -1;
  for (let i = 0; i < expression.length; i++) {
    const ch = expression[i] as string;
    if (quote) {
      if (ch === '\\') i++;
      else if (expression.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = null;
      }
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = expression.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
      i += quote.length - 1;
    } else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (depth === 0 && expression.startsWith('==', i)) {
      if (at >= 0) return null;
      at = i;
      i++;
    } else if (
      depth === 0 &&
      (expression.startsWith('!=', i) || (/^(and|or|not|in|is)\b/.test(expression.slice(i)) && /\W/.test(expression[i - 1] ?? ' ')))
    ) {
      return null;
    } else if (ch === '#') break;
  }
  if (at < 0 || quote) return null;
  const lhs = expression.slice(0, at).trim();
  const rhs = expression
    .slice(at + 2)
    .replace(/#.*$/, '')
    .trim();
  return lhs && rhs ? [lhs, rhs] : null;
}

/** One `assert` line as a test; `rename` maps a test's name for the function (HumanEval's `candidate`). */
export function assertToTest(line: string, rename?: { from: string; to: string }): CodeTest {
  const body = /^assert\s+(.*?)(?:\s*,\s*(?:"[^"]*"|'[^']*'|f"[^"]*"|f'[^']*'))?\s*$/s.exec(line.trim())?.[1];
  const split = body ? splitEquals(body) : null;
  if (split && /^[A-Za-z_][A-Za-z0-9_.]*\s*\(/.test(split[0])) {
    let [call, expected] = split;
    if (rename) call = call.replace(new RegExp(`^${rename.from}\\b`), rename.to);
    if (!/\bcandidate\b/.test(expected)) return { kind: 'equals', call, expected };
  }
  return { kind: 'assert', code: rename ? `${rename.from} = ${rename.to}\n${line.trim()}` : line.trim() };
}

/** What a HumanEval test defines before `check` (imports, METADATA, helpers): run as setup. */
export function humanEvalPrelude(test: string): string {
  const lines = test.replace(/\r\n/g, '\n').split('\n');
  const start = lines.findIndex((l) => /^def\s+check\s*\(/.test(l));
  return (start < 0 ? [] : lines.slice(0, start)).join('\n').trim();
}

/**
 * HumanEval's `check(candidate)`: when its body is nothing but one-line asserts, each becomes its
 * own test; otherwise the whole check is one free-form test.
 */
export function humanEvalTests(test: string, entryPoint: string): CodeTest[] {
  const lines = test.replace(/\r\n/g, '\n').split('\n');
  const start = lines.findIndex((l) => /^def\s+check\s*\(\s*candidate\s*\)\s*:/.test(l));
  const whole: CodeTest[] = [{ kind: 'assert', code: `${test.replace(/\s+$/, '')}\n\ncheck(${entryPoint})` }];
  if (start < 0) return whole;
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || /^\s+#/.test(line)) continue;
    if (!/^\s/.test(line)) break;
    body.push(line);
  }
  if (body.length === 0) return whole;
  const indent = /^\s+/.exec(body[0] as string)?.[0] ?? '';
  if (!body.every((l) => l.startsWith(indent) && !/^\s/.test(l.slice(indent.length)) && /^assert\s/.test(l.slice(indent.length))))
    return whole;
  const tests = body.map((l) => assertToTest(l.slice(indent.length), { from: 'candidate', to: entryPoint }));
  return tests;
}
