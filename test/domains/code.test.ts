import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/random.js';
import type { Task } from '../../src/core/types.js';
import { splitEquals, humanEvalTests } from '../../src/domains/code/asserts.js';
import { extractCode } from '../../src/domains/code/extract.js';
import { codeFeedback } from '../../src/domains/code/feedback.js';
import { codeLeaks } from '../../src/domains/code/leaks.js';
import { generateCodeTasks } from '../../src/domains/code/generate.js';
import { parseCodeRecord } from '../../src/domains/code/load.js';
import type { CodePrivileged } from '../../src/domains/code/types.js';
import { verifyCode } from '../../src/domains/code/verify.js';
import { PyodidePool } from '../../src/sandbox/pyodide-pool.js';

// Determinism, round trips of the native format, every reference solution verifying and scripted
// feedback never leaking are checked for every domain in contract.test.ts.

const where = { file: 'tasks.jsonl', line: 7 };
const HUMANEVAL = {
  task_id: 'HumanEval/0',
  prompt:
    'from typing import List\n\n\ndef has_close_elements(numbers: List[float], threshold: float) -> bool:\n    """ Check if any two numbers are closer than threshold. """\n',
  canonical_solution:
    '    for idx, elem in enumerate(numbers):\n        for idx2, elem2 in enumerate(numbers):\n            if idx != idx2:\n                distance = abs(elem - elem2)\n                if distance < threshold:\n                    return True\n\n    return False\n',
  test: "\n\nMETADATA = {\n    'author': 'jt',\n    'dataset': 'test'\n}\n\n\ndef check(candidate):\n    assert candidate([1.0, 2.0, 3.9, 4.0, 5.0, 2.2], 0.3) == True\n    assert candidate([1.0, 2.0, 3.9, 4.0, 5.0, 2.2], 0.05) == False\n    assert candidate([1.0, 2.0, 5.9, 4.0, 5.0], 0.95) == True\n\n",
  entry_point: 'has_close_elements',
};
const MBPP = {
  task_id: 11,
  text: 'Write a python function to remove first and last occurrence of a given character from the string.',
  code: 'def remove_Occ(s,ch): \r\n    for i in range(len(s)): \r\n        if (s[i] == ch): \r\n            s = s[0 : i] + s[i + 1:] \r\n            break\r\n    for i in range(len(s) - 1,-1,-1):  \r\n        if (s[i] == ch): \r\n            s = s[0 : i] + s[i + 1:] \r\n            break\r\n    return s ',
  test_list: ['assert remove_Occ("hello","l") == "heo"', 'assert remove_Occ("abcda","a") == "bcd"', 'assert remove_Occ("PHP","P") == "H"'],
  test_setup_code: '',
  challenge_test_list: [],
};

describe('code extraction', () => {
  it('takes the fenced block that defines the function', () => {
    const text = 'First a helper:\n```python\nx = 1\n```\nThen:\n```python\ndef f(a):\n    return a\n```\nDone.';
    expect(extractCode(text, 'f')).toBe('def f(a):\n    return a');
    expect(extractCode(text)).toBe('def f(a):\n    return a');
  });
  it('reads bare code after prose, and unclosed fences', () => {
    expect(extractCode('Sure, here it is:\ndef f(a):\n    return a * 2\n')).toBe('def f(a):\n    return a * 2');
    expect(extractCode('```python\ndef f(a):\n    return 1')).toBe('def f(a):\n    return 1');
    expect(extractCode('I do not know.')).toBeNull();
    expect(extractCode('```js\nfunction f() {}\n```')).toBeNull();
  });
});

describe('test parsing', () => {
  it('splits at the one top-level ==', () => {
    expect(splitEquals('f("a==b", [1, 2]) == ("==", 3)')).toEqual(['f("a==b", [1, 2])', '("==", 3)']);
    expect(splitEquals('f(1) == 2 and g(1) == 3')).toBeNull();
    expect(splitEquals('f(1)')).toBeNull();
  });
  it('turns a HumanEval check into one test per assert', () => {
    const tests = humanEvalTests(HUMANEVAL.test, 'has_close_elements');
    expect(tests).toHaveLength(3);
    expect(tests[0]).toEqual({ kind: 'equals', call: 'has_close_elements([1.0, 2.0, 3.9, 4.0, 5.0, 2.2], 0.3)', expected: 'True' });
  });
  it('keeps a check with loops as one free-form test', () => {
    const tests = humanEvalTests('def check(candidate):\n    for x in range(3):\n        assert candidate(x) == x\n', 'f');
    expect(tests).toEqual([
      { kind: 'assert', code: 'def check(candidate):\n    for x in range(3):\n        assert candidate(x) == x\n\ncheck(f)' },
    ]);
  });
});

describe('loaders', () => {
  it('loads HumanEval records', () => {
    const task = parseCodeRecord(HUMANEVAL, where);
    expect(task.id).toBe('HumanEval/0');
    expect(task.privileged.entryPoint).toBe('has_close_elements');
    expect(task.privileged.setup).toContain('from typing import List');
    expect(task.prompt).toContain('def has_close_elements');
    expect(task.prompt).not.toContain('enumerate');
  });
  it('loads MBPP records and shows one test in the prompt', () => {
    const task = parseCodeRecord(MBPP, where);
    expect(task.id).toBe('11');
    expect(task.privileged.entryPoint).toBe('remove_Occ');
    expect(task.privileged.tests).toHaveLength(3);
    expect(task.prompt).toContain('remove_Occ("hello","l") == "heo"');
    expect(task.prompt).not.toContain('"abcda"');
  });
  it('finds the MBPP function even when the test wraps the call', () => {
    const task = parseCodeRecord(
      { ...MBPP, code: 'def area(r):\n    return 3.14159 * r * r', test_list: ['assert abs(area(1) - 3.14159) < 1e-6'] },
      where,
    );
    expect(task.privileged.entryPoint).toBe('area');
    expect(task.privileged.tests).toEqual([{ kind: 'assert', code: 'assert abs(area(1) - 3.14159) < 1e-6' }]);
  });
  it('names file, line and field on bad records', () => {
    expect(() => parseCodeRecord({ ...HUMANEVAL, entry_point: 'no such' }, where)).toThrow(/tasks\.jsonl:7: field "entry_point"/);
    expect(() => parseCodeRecord({ ...MBPP, test_list: ['print(1)'] }, where)).toThrow(/field "test_list\.0"/);
    expect(() => parseCodeRecord({ question: 'x' }, where)).toThrow(/tasks\.jsonl:7: not a code task/);
  });
});

describe('leak detection', () => {
  const [task] = generateCodeTasks({ n: 1, seed: 2, difficulty: 3 }) as [Task<CodePrivileged>];
  it('flags the reference code, whole or in part, and passes ordinary feedback', () => {
    expect(codeLeaks(task, `Try this:\n${task.privileged.answer}`)).toBe(true);
    const body = task.privileged.answer
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('def'))
      .join('\n');
    expect(codeLeaks(task, `Something like ${body.replace(/\n\s*/g, ' ')}`)).toBe(true);
    expect(codeLeaks(task, '`rotate_left([1, 2], 3)` returns [], but it should return something else.')).toBe(false);
  });
  it('flags HumanEval canonical solutions', () => {
    const he = parseCodeRecord(HUMANEVAL, where);
    expect(codeLeaks(he, 'Compute distance = abs(elem - elem2) and compare: if distance < threshold: return True')).toBe(true);
    expect(codeLeaks(he, 'Your function returns False for a list where two numbers are 0.2 apart.')).toBe(false);
  });
});

describe('verification in the sandbox', () => {
  let pool: PyodidePool;
  beforeAll(async () => {
    pool = new PyodidePool({ size: 1 });
    await pool.warm();
  }, 60_000);
  afterAll(async () => {
    await pool?.close();
  });

  it('reports every test passing for each generated reference solution', async () => {
    for (const difficulty of [1, 2, 3]) {
      for (const task of generateCodeTasks({ n: 8, seed: 5, difficulty })) {
        const verdict = await verifyCode(task, `\`\`\`python\n${task.privileged.answer}\`\`\``, pool);
        expect(verdict.summary, `${task.id} ${task.metadata.family}`).toMatch(/^all \d+ tests pass$/);
      }
    }
  }, 60_000);

  it('names the failing call with expected and actual values', async () => {
    const [task] = generateCodeTasks({ n: 1, seed: 1, difficulty: 1 }) as [Task<CodePrivileged>];
    const name = task.privileged.entryPoint;
    const verdict = await verifyCode(task, `\`\`\`python\ndef ${name}(*args):\n    return "nope"\n\`\`\``, pool);
    expect(verdict.correct).toBe(false);
    expect(verdict.details.outcome).toBe('failed');
    const first = verdict.details.failures[0];
    const test0 = task.privileged.tests[0];
    expect(first?.call).toBe(test0?.kind === 'equals' ? test0.call : '');
    expect(first?.actual).toBe("'nope'");
    const feedback = codeFeedback(task, verdict, createRng(1));
    expect(feedback).toContain(first?.call);
    expect(feedback).toContain("'nope'");
    expect(codeLeaks(task, feedback)).toBe(false);
  }, 30_000);

  it('reports the exception and the line in the student code, after the setup lines', async () => {
    const task = parseCodeRecord(HUMANEVAL, where);
    const attempt = '```python\ndef has_close_elements(numbers, threshold):\n    x = 1\n    return numbers[99] < threshold\n```';
    const verdict = await verifyCode(task, attempt, pool);
    expect(verdict.details.failures[0]?.error).toMatchObject({ type: 'IndexError', line: 3, source: 'return numbers[99] < threshold' });
    const feedback = codeFeedback(task, verdict, createRng(3));
    expect(feedback).toMatch(/IndexError.*line 3/);
    expect(codeLeaks(task, feedback)).toBe(false);
  }, 30_000);

  it('accepts a HumanEval body-only completion and the MBPP reference', async () => {
    const he = parseCodeRecord(HUMANEVAL, where);
    expect((await verifyCode(he, he.privileged.answer, pool)).correct).toBe(true);
    const mbpp = parseCodeRecord(MBPP, where);
    expect((await verifyCode(mbpp, mbpp.privileged.answer, pool)).correct).toBe(true);
    const wrong = await verifyCode(mbpp, 'def remove_Occ(s, ch):\n    return s[1:-1]', pool);
    expect(wrong.correct).toBe(false);
    expect(wrong.summary).toContain('remove_Occ("hello","l") returned \'ell\'');
  }, 30_000);

  it('cannot be faked: an always-equal object, sys.exit and printed success all fail', async () => {
    const [task] = generateCodeTasks({ n: 1, seed: 1, difficulty: 1 }) as [Task<CodePrivileged>];
    const name = task.privileged.entryPoint;
    const fakes = [
      `class A:\n    def __eq__(self, o):\n        return True\ndef ${name}(*a):\n    return A()`,
      `import sys\nprint("All tests passed")\nsys.exit(0)`,
      `import builtins\nbuiltins.AssertionError = Exception\ndef ${name}(*a):\n    return 0`,
    ];
    for (const fake of fakes) {
      const verdict = await verifyCode(task, `\`\`\`python\n${fake}\n\`\`\``, pool);
      expect(verdict.correct, fake).toBe(false);
    }
    const timeout = await verifyCode(
      { ...task, privileged: { ...task.privileged, timeoutMs: 1000 } },
      `\`\`\`python\ndef ${name}(*a):\n    while True: pass\n\`\`\``,
      pool,
    );
    expect(timeout.details.outcome).toBe('timeout');
    expect(codeFeedback(task, timeout, createRng(1))).toMatch(/did not finish|timed out/);
  }, 60_000);
});
