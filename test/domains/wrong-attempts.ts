import { expect } from 'vitest';
import type { Privileged, Rng, Task } from '../../src/core/types.js';
import type { ArcPrivileged } from '../../src/domains/arc/index.js';
import { renderGrid } from '../../src/domains/arc/grid.js';
import type { ChoicePrivileged } from '../../src/domains/choice/index.js';
import type { CodePrivileged } from '../../src/domains/code/index.js';
import type { CodeTsPrivileged } from '../../src/domains/code-ts/index.js';
import type { WrongAttemptFixture as ContractFixture } from '../../src/domains/contract.js';
import type { CountdownPrivileged } from '../../src/domains/countdown/index.js';
import { numericValue } from '../../src/domains/math/equivalence.js';
import { numbersIn } from '../../src/domains/math/extract.js';
import type { MathDetails, MathPrivileged } from '../../src/domains/math/index.js';
import type { MazePrivileged } from '../../src/domains/maze/index.js';
import { type WordleDetails, type WordlePrivileged, wordList } from '../../src/domains/wordle/index.js';

// What each registered domain supplies to the contract test (contract.test.ts): wrong attempts of
// the kinds students write, and how many tasks to try them on. The contract fails for a registered
// domain without an entry here, so no domain gets in without its feedback being leak-tested.

/** The fixture type is the contract's (src/domains/contract.ts); here every count is given. */
export type WrongAttemptFixture<P extends Privileged = Privileged, D = unknown> = Required<
  Pick<ContractFixture<P, D>, 'tasksPerLevel' | 'minCases'>
> &
  ContractFixture<P, D>;

const promptNumbers = new WeakMap<Task, Set<number | null>>();

const math: WrongAttemptFixture<MathPrivileged, MathDetails> = {
  attempts(task, rng) {
    const answer = numericValue(task.privileged.answer) ?? 0;
    const steps = task.privileged.steps ?? [];
    const working = steps
      .slice(0, -1)
      .map((s) => `${s.description} gives ${s.value}`)
      .join('. ');
    const k = rng.int(0, Math.max(0, steps.length - 2));
    const partial = steps
      .slice(0, k)
      .map((s) => s.value)
      .join(', ');
    return [
      `Answer: ${answer + rng.int(1, 9)}`,
      `Answer: ${answer - rng.int(1, 9)}`,
      `Answer: ${-answer || 5}`,
      `Answer: ${answer * 10 || 3}`,
      `Answer: ${rng.int(-500, 500)}`,
      `${working}. So the answer is ${answer + 1}.`,
      `${partial}, and then 77777.\nAnswer: ${answer + 2}`,
      'I am not sure how to do this.',
      'Answer: the cake',
    ];
  },
  tasksPerLevel: () => 250,
  minCases: 10_001,
  expectFeedback(task, feedback) {
    // Stronger than the leak check: no intermediate value either, since every number in the
    // feedback comes from the problem statement.
    let allowed = promptNumbers.get(task);
    if (!allowed) {
      allowed = new Set(numbersIn(task.prompt).map((n) => numericValue(n)));
      promptNumbers.set(task, allowed);
    }
    for (const n of numbersIn(feedback)) expect(allowed.has(numericValue(n)), `${task.id}: ${n} in "${feedback}"`).toBe(true);
  },
};

const maze: WrongAttemptFixture<MazePrivileged> = {
  attempts(task, rng) {
    const ref = task.privileged.answer;
    return [
      ref.slice(0, -1),
      `${ref}U`,
      ref.split('').reverse().join(''),
      Array.from({ length: ref.length }, () => rng.pick(['U', 'D', 'L', 'R'])).join(''),
      'no idea',
    ].map((moves) => `Answer: ${moves}`);
  },
  tasksPerLevel: () => 300,
  minCases: 5_001,
  expectFeedback(task, feedback) {
    expect(feedback).not.toContain(task.privileged.answer);
  },
};

let listedWords: Set<string> | undefined;

const wordle: WrongAttemptFixture<WordlePrivileged, WordleDetails> = {
  attempts(task, rng) {
    const target = task.privileged.answer;
    const words = wordList();
    let other = rng.pick(words);
    while (other === target) other = rng.pick(words);
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const nearMiss = target.slice(0, 4) + (target[4] === 'S' ? 'T' : 'S');
    const random = Array.from({ length: 5 }, () => rng.pick(letters.split(''))).join('');
    return [
      `Answer: ${other}`,
      `Answer: ${nearMiss}`,
      `Answer: ${random === target ? 'ZZZZZ' : random}`,
      `Answer: ${target}S`,
      `Answer: ${target.slice(0, 4)}`,
      'Answer: 12345',
      'I do not know.',
    ];
  },
  tasksPerLevel: () => 400,
  // Every one of these attempts is wrong by construction: 4 levels × 400 tasks × 7 attempts.
  minCases: 4 * 400 * 7,
  expectFeedback(task, feedback, verdict) {
    expect(new RegExp(`\\b${task.privileged.answer}\\b`, 'i').test(feedback)).toBe(false);
    // The wording itself holds no listed word; only the echoed guess may be one.
    listedWords ??= new Set(wordList());
    const listed = (feedback.match(/[A-Za-z]+/g) ?? []).filter(
      (w) => listedWords?.has(w.toUpperCase()) && w.toUpperCase() !== verdict.details.guess,
    );
    expect(listed).toEqual([]);
  },
};

/** A random expression over some of the given numbers (legal or not), or a rule-breaking one. */
function countdownAttempt(numbers: number[], rng: Rng): string {
  const kind = rng.int(0, 9);
  if (kind === 0) return 'I give up.';
  if (kind === 1) return `Answer: ${rng.pick(numbers)} ^ 2`;
  if (kind === 2) return `Answer: ${rng.pick(numbers)} + ${rng.pick(numbers)} + ${rng.pick(numbers)} + ${rng.pick(numbers)}`;
  if (kind === 3) return `Answer: ${rng.int(1, 999)} + ${rng.pick(numbers)}`;
  if (kind === 4) return `Answer: (${rng.pick(numbers)} + `;
  const pool = numbers.slice();
  const parts: string[] = [];
  const count = rng.int(1, numbers.length);
  for (let i = 0; i < count; i++) parts.push(String(pool.splice(rng.int(0, pool.length - 1), 1)[0]));
  let expr = parts[0] as string;
  for (const p of parts.slice(1)) {
    const op = rng.pick(['+', '-', '×', '÷', '*', '/']);
    expr = rng.next() < 0.5 ? `(${expr}) ${op} ${p}` : `${expr} ${op} ${p}`;
  }
  return `Answer: ${expr}`;
}

const countdown: WrongAttemptFixture<CountdownPrivileged> = {
  attempts: (task, rng) => Array.from({ length: 40 }, () => countdownAttempt(task.privileged.numbers, rng)),
  // Level 4 (six numbers) takes a search over every subset to generate a round: fewer of them.
  tasksPerLevel: (difficulty) => (difficulty === 4 ? 25 : 100),
  minCases: 5_001,
  expectFeedback(task, feedback) {
    expect(feedback.replace(/\s+/g, '')).not.toContain(task.privileged.answer.replace(/\s+/g, ''));
  },
};

/** Wrong answers of the kinds a student writes: a few cells off, the input copied, wrong size, junk. */
function arcAttempt(task: Task<ArcPrivileged>, rng: Rng): string {
  const out = task.privileged.output.map((row) => row.slice());
  switch (rng.int(0, 5)) {
    case 0: {
      const changes = rng.int(1, 4);
      for (let k = 0; k < changes; k++) {
        const r = rng.int(0, out.length - 1);
        const c = rng.int(0, (out[0]?.length ?? 1) - 1);
        (out[r] as number[])[c] = ((out[r]?.[c] ?? 0) + rng.int(1, 9)) % 10;
      }
      return `Answer:\n${renderGrid(out)}`;
    }
    case 1:
      return `Answer:\n${renderGrid(task.privileged.testInput)}`;
    case 2:
      return `Answer:\n${renderGrid(out.slice(0, -1).length ? out.slice(0, -1) : [[1]])}`;
    case 3:
      return `Answer:\n${renderGrid(out.map((row) => [...row, rng.int(0, 9)]))}`;
    case 4:
      return `Answer:\n${renderGrid(out.map((row, i) => (i === 0 ? row.slice(1) : row)))}`;
    default:
      return 'The rule is unclear to me.';
  }
}

const arc: WrongAttemptFixture<ArcPrivileged> = {
  attempts: (task, rng) => Array.from({ length: 8 }, () => arcAttempt(task, rng)),
  tasksPerLevel: () => 150,
  minCases: 4_001,
  // The system prompt asks for "Answer:" on a line of its own, then the grid.
  reference: (task) => `Answer:\n${task.privileged.answer}`,
  expectFeedback(task, feedback) {
    expect(feedback).not.toContain(task.privileged.answer);
    expect(feedback).not.toContain(task.privileged.answer.replace(/ /g, ''));
  },
};

const python = (source: string): string => `\`\`\`python\n${source}\n\`\`\``;

// Every code attempt is a sandbox run, so a few tasks a level; none loops forever, as a timeout
// costs the whole time limit.
const code: WrongAttemptFixture<CodePrivileged> = {
  attempts(task) {
    const name = task.privileged.entryPoint;
    return [
      python(`def ${name}(*args):\n    return None`),
      python(`def ${name}(*args):\n    return args[0] if args else 0`),
      python(`def ${name}(*args):\n    raise ValueError("not finished")`),
      python(`def ${name}(*args)\n    return 0`),
      python(`def ${name}_draft(*args):\n    return 0`),
      'I am not sure how to write this function.',
    ];
  },
  tasksPerLevel: () => 8,
  minCases: 3 * 8 * 5,
  reference: (task) => python(task.privileged.answer),
};

// Every wrong letter, a wrong option's text, a letter in passing, no choice, and letters and words
// that are no option.
const choice: WrongAttemptFixture<ChoicePrivileged> = {
  attempts(task, rng) {
    const { options, answer } = task.privileged;
    const wrong = options.map((_, i) => 'ABCDEFGHIJ'[i] as string).filter((l) => l !== answer);
    const wrongText = options.find((o) => o !== task.privileged.correctText) ?? 'none';
    return [
      ...wrong.map((l) => `Answer: ${l}`),
      `Answer: ${wrongText}`,
      `I would go with (${rng.pick(wrong)}).`,
      `\\boxed{${rng.pick(wrong)}}`,
      'I cannot decide between them.',
      'Answer: Z',
      'Answer: banana',
    ];
  },
  tasksPerLevel: () => 200,
  minCases: 3_001,
  expectFeedback(task, feedback) {
    expect(feedback).not.toContain(task.privileged.correctText);
  },
};

const ts = (code: string): string => `\`\`\`ts\n${code}\n\`\`\``;

// TypeScript attempts of the kinds models write: type errors, syntax errors, a missing or
// misnamed function, one that throws, and wrong values. Each one type-checks in process and the
// ones that compile run in QuickJS, so a few tasks a level suffice.
const codeTs: WrongAttemptFixture<CodeTsPrivileged> = {
  attempts(task) {
    const { answer, entryPoint, signature } = task.privileged;
    const params = signature.slice(1, signature.indexOf(') =>'));
    const returns = signature.slice(signature.lastIndexOf('=> ') + 3);
    return [
      'I am not sure how to write this.',
      ts(`function ${entryPoint}(${params}): ${returns} {\n  return 42 as any as ${returns} && (null as any);\n}`),
      ts(`function ${entryPoint}(${params}): ${returns} {\n  return "nope";\n}`),
      ts(`function ${entryPoint}(${params}): ${returns} {\n  let x = ;\n}`),
      ts(`function ${entryPoint}(${params}): ${returns} {\n  throw new Error("not done");\n}`),
      ts(`function ${entryPoint}Helper(${params}): ${returns} {\n  throw new Error("wrong name");\n}`),
      ts(answer.replace(/: [^(){}]+\{\n/, ': void {\n')),
    ];
  },
  tasksPerLevel: () => 4,
  minCases: 70,
  reference: (task) => ts(task.privileged.answer),
};

export const wrongAttemptFixtures: Readonly<Record<string, WrongAttemptFixture>> = {
  math,
  maze,
  wordle,
  countdown,
  arc,
  code,
  choice,
  'code-ts': codeTs,
};
