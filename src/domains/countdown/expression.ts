import { createRequire } from 'node:module';
import type { MathNode } from 'mathjs';

// Reading and checking a Countdown expression. Parsing is done by math.js's expression parser
// (a well-kept, widely used parser with precise error messages); nothing is ever evaluated by
// math.js or by eval. The parse tree is walked here against a whitelist — integer constants,
// + − × ÷ and parentheses — and evaluated with the game's rules: each given number at most once,
// and every division exact.
//
// math.js is loaded on first use (its number-only build, through require) so that commands that
// never touch this domain do not pay its start-up time of a few hundred milliseconds.

type Parse = (expression: string) => MathNode;
let parser: Parse | null = null;

function parse(expression: string): MathNode {
  if (!parser) {
    const mathjs = createRequire(import.meta.url)('mathjs/number') as { parse: Parse };
    parser = mathjs.parse;
  }
  return parser(expression);
}

/** Unicode and LaTeX operators people write, mapped to what the parser reads. */
export function normalizeExpression(text: string): string {
  return text
    .replace(/\\left|\\right/g, '')
    .replace(/\\times|\\cdot|[×·✕✖⋅]/g, '*')
    .replace(/\\div|[÷∶]/g, '/')
    .replace(/[−–—]/g, '-')
    .replace(/(?<=[\d)]\s*)[xX](?=\s*[\d(])/g, '*')
    .replace(/\\?\{/g, '(')
    .replace(/\\?\}/g, ')')
    .replace(/\[/g, '(')
    .replace(/\]/g, ')')
    .trim();
}

export type Evaluation =
  | { ok: true; value: number; used: number[] }
  | { ok: false; problem: 'syntax'; message: string }
  | { ok: false; problem: 'disallowed'; what: string }
  | { ok: false; problem: 'not-integer'; literal: number }
  | { ok: false; problem: 'non-integer-division'; dividend: number; divisor: number; used: number[] }
  | { ok: false; problem: 'division-by-zero'; dividend: number; used: number[] };

class RuleBreak extends Error {
  constructor(readonly evaluation: Evaluation) {
    super('rule broken');
  }
}

const BINARY: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  subtract: (a, b) => a - b,
  multiply: (a, b) => a * b,
  divide: (a, b) => a / b,
};

function describe(node: MathNode): string {
  const n = node as MathNode & { name?: string; op?: string; fn?: unknown };
  switch (node.type) {
    case 'SymbolNode':
      return `the name "${n.name}"`;
    case 'FunctionNode':
      return 'a function call';
    case 'OperatorNode':
      return n.op === '-' || n.op === '+' ? `a sign (unary ${n.op})` : `the operator "${n.op}"`;
    default:
      return 'something other than numbers, + - × ÷ and parentheses';
  }
}

/** The literals of an expression, in order, without evaluating it (for rule checks first). */
function literals(node: MathNode, out: number[]): void {
  const n = node as MathNode & { value?: unknown; content?: MathNode; args?: MathNode[]; fn?: string; implicit?: boolean };
  if (node.type === 'ConstantNode') {
    if (typeof n.value !== 'number' || !Number.isSafeInteger(n.value) || n.value < 0) {
      throw new RuleBreak(
        typeof n.value === 'number'
          ? { ok: false, problem: 'not-integer', literal: n.value }
          : { ok: false, problem: 'disallowed', what: describe(node) },
      );
    }
    out.push(n.value);
    return;
  }
  if (node.type === 'ParenthesisNode' && n.content) {
    literals(n.content, out);
    return;
  }
  if (node.type === 'OperatorNode' && typeof n.fn === 'string' && n.fn in BINARY && n.args?.length === 2) {
    // "2(3+4)" is read as multiplication; "2 3" the parser already rejects.
    for (const arg of n.args) literals(arg, out);
    return;
  }
  throw new RuleBreak({ ok: false, problem: 'disallowed', what: describe(node) });
}

function evaluateNode(node: MathNode, used: number[], exactDivision: boolean): number {
  const n = node as MathNode & { value?: number; content?: MathNode; args?: MathNode[]; fn?: string };
  if (node.type === 'ConstantNode') return n.value as number;
  if (node.type === 'ParenthesisNode') return evaluateNode(n.content as MathNode, used, exactDivision);
  const [left, right] = (n.args ?? []).map((arg) => evaluateNode(arg, used, exactDivision)) as [number, number];
  if (n.fn === 'divide') {
    if (right === 0) throw new RuleBreak({ ok: false, problem: 'division-by-zero', dividend: left, used });
    if (exactDivision && left % right !== 0) {
      throw new RuleBreak({ ok: false, problem: 'non-integer-division', dividend: left, divisor: right, used });
    }
  }
  return (BINARY[n.fn as string] as (a: number, b: number) => number)(left, right);
}

/**
 * Parse and evaluate an expression under the arithmetic rules (not yet the given-numbers rule).
 * `exactDivision: false` is TinyZero's arithmetic, where a quotient may be a fraction.
 */
export function evaluateExpression(text: string, { exactDivision = true }: { exactDivision?: boolean } = {}): Evaluation {
  let tree: MathNode;
  try {
    tree = parse(normalizeExpression(text));
  } catch (error) {
    return { ok: false, problem: 'syntax', message: (error as Error).message };
  }
  try {
    const used: number[] = [];
    literals(tree, used);
    return { ok: true, value: evaluateNode(tree, used, exactDivision), used };
  } catch (error) {
    if (error instanceof RuleBreak) return error.evaluation;
    throw error;
  }
}

export type NumberProblem = { kind: 'not-given'; number: number } | { kind: 'reused'; number: number; used: number; given: number };

/** The first number the expression uses that is not given, or uses more often than given. */
export function numberProblem(used: readonly number[], given: readonly number[]): NumberProblem | null {
  const available = new Map<number, number>();
  for (const g of given) available.set(g, (available.get(g) ?? 0) + 1);
  const counts = new Map<number, number>();
  for (const u of used) {
    const times = (counts.get(u) ?? 0) + 1;
    counts.set(u, times);
    const allowed = available.get(u) ?? 0;
    if (allowed === 0) return { kind: 'not-given', number: u };
    if (times > allowed) return { kind: 'reused', number: u, used: used.filter((x) => x === u).length, given: allowed };
  }
  return null;
}

/** Whether `text` is a legal expression over `given` that makes `target`. */
export function solves(text: string, given: readonly number[], target: number): boolean {
  const e = evaluateExpression(text);
  return e.ok && e.value === target && numberProblem(e.used, given) === null;
}
