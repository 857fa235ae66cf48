import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';

// Judged code benchmarks (APPS, …) as distributed, one hand-written record per layout
// (test/fixtures/benchmarks/code/), run through a two-turn eval with a scripted student that is
// wrong first and right after feedback. The teacher's feedback must name the first failing input
// with its expected and actual output, and must not give away any other test's expected output.

const FIXTURES = join(ROOT, 'test/fixtures/benchmarks');
const STUDENT = `module:${join(ROOT, 'test/fixtures/scripted-student.js')}`;
const fence = (code: string): string => `\`\`\`python\n${code}\n\`\`\``;

interface Case {
  name: string;
  data: string;
  extra?: string[];
  script: Array<{ match: string; replies: string[] }>;
  /** Text the teacher's feedback must contain, and text (another test's expected output) it must not. */
  feedback: { has: string[]; lacks: string[] };
}

const cases: Case[] = [
  {
    name: 'APPS stdin/stdout (input_output without fn_name)',
    data: 'code/apps/test.jsonl',
    script: [
      {
        match: 'Print their sum',
        replies: [
          fence('a, b = map(int, input().split())\nprint(a - b)'),
          // Read all of standard input and end with exit(), as judged programs often do.
          fence('import sys\na, b = map(int, sys.stdin.read().split())\nprint(a + b)\nexit()'),
        ],
      },
    ],
    feedback: { has: ['1 2', 'prints:\n```\n-1\n```', 'should print:\n```\n3\n```'], lacks: ['12'] },
  },
  {
    name: 'APPS call-based (fn_name, expected values wrapped in a list)',
    data: 'code/apps/train.jsonl',
    script: [
      {
        match: 'Digital root',
        replies: [
          fence('def digital_root(n):\n    return sum(map(int, str(n)))'),
          fence('def digital_root(n):\n    while n >= 10:\n        n = sum(map(int, str(n)))\n    return n'),
        ],
      },
    ],
    feedback: { has: ['digital_root(942)', '15', '6'], lacks: ['7'] },
  },
  {
    name: 'LiveCodeBench stdin, private tests unpacked in the sandbox, --since',
    data: 'code/livecodebench',
    extra: ['--since', '2024-01-01'],
    script: [
      {
        match: 'largest difference',
        replies: [
          // Right on the public test, wrong on the packed private ones.
          fence('input()\nA = list(map(int, input().split()))\nprint(A[1] - A[0])'),
          fence('input()\nA = list(map(int, input().split()))\nprint(max(A) - min(A))'),
        ],
      },
    ],
    feedback: { has: ['10 3 7 8', 'prints:\n```\n-7\n```', 'should print:\n```\n7\n```'], lacks: ['50'] },
  },
  {
    name: 'LiveCodeBench functional (a Solution method, List[int] in the starter code), --until',
    data: 'code/livecodebench',
    extra: ['--until', '2023-12-31'],
    script: [
      {
        match: 'nums[i] + nums[j] < target',
        replies: [
          fence(
            'class Solution:\n    def countPairs(self, nums: List[int], target: int) -> int:\n        return sum(1 for i in range(len(nums)) for j in range(i + 1, len(nums)) if nums[i] + nums[j] <= target)',
          ),
          fence(
            'class Solution:\n    def countPairs(self, nums: List[int], target: int) -> int:\n        return sum(1 for i in range(len(nums)) for j in range(i + 1, len(nums)) if nums[i] + nums[j] < target)',
          ),
        ],
      },
    ],
    feedback: { has: ['Solution().countPairs([-1, 1, 2, 3, 1], 2)', '5', '3'], lacks: ['10'] },
  },
  {
    name: 'BigCodeBench (a unittest class, one test per method)',
    data: 'code/bigcodebench/BigCodeBench-v0.1.2.jsonl',
    script: [
      {
        match: 'whose sum is even',
        replies: [
          fence(
            'import itertools\ndef task_func(numbers):\n    return sum(1 for a, b in itertools.combinations(numbers, 2) if (a + b) % 2 == 1)',
          ),
          // Just the body after the prompt's header is a complete attempt too.
          '    return sum(1 for a, b in itertools.combinations(numbers, 2) if (a + b) % 2 == 0)',
        ],
      },
    ],
    feedback: { has: ['TestCases.test_small', 'AssertionError: 2 != 1'], lacks: ['6'] },
  },
];

const hasBwrap = spawnSync('bwrap', ['--version']).status === 0;
const apps = cases[0] as Case;
// The same script tests under native python3 in bubblewrap, when it is installed.
const bwrapCases: Case[] = hasBwrap ? [{ ...apps, name: `${apps.name}, --sandbox bwrap`, extra: ['--sandbox', 'bwrap'] }] : [];

describe('judged code benchmarks as distributed: load and eval (subprocess)', () => {
  it.each([...cases, ...bwrapCases])(
    '$name',
    async ({ data, extra, script, feedback }) => {
      const dir = tempDir();
      const scriptFile = join(dir, 'script.json');
      writeFileSync(scriptFile, JSON.stringify(script));
      const out = join(dir, 'run');
      const args = ['eval', '--student', STUDENT, '--domain', 'code', '--data', join(FIXTURES, data), '--tasks', '10', '--turns', '2'];
      const r = await runCli([...args, ...(extra ?? []), '--teacher', 'scripted', '--out', out], { DIDACTIC_STUDENT_SCRIPT: scriptFile });
      expect(r.stderr).not.toMatch(/error/i);
      expect(r.status).toBe(0);
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
      expect(summary.results[0]).toMatchObject({ domain: 'code', episodes: 1, errored: 0, cumulativeAccuracy: [0, 1] });
      const db = new Database(join(out, 'run.sqlite'), { readonly: true });
      const texts = (db.prepare("SELECT text FROM turns WHERE role = 'teacher'").all() as Array<{ text: string }>).map((row) => row.text);
      db.close();
      expect(texts).toHaveLength(1);
      const text = texts[0] as string;
      for (const part of feedback.has) expect(text).toContain(part);
      for (const part of feedback.lacks) expect(text).not.toContain(part);
    },
    120_000,
  );
});

describe('contest-date windows (subprocess)', () => {
  const dir = join(FIXTURES, 'code/livecodebench');
  const ids = async (...flags: string[]) => {
    const r = await runCli(['tasks', '--domain', 'code', '--data', dir, '--n', '10', '--json', ...flags]);
    expect(r.stderr).toBe('');
    return r.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line).id);
  };
  it('--since and --until select by contest_date, both days included', async () => {
    expect((await ids()).sort()).toEqual(['2824', 'abc999_a']);
    expect(await ids('--since', '2024-05-04')).toEqual(['abc999_a']);
    expect(await ids('--until', '2023-08-19')).toEqual(['2824']);
    expect(await ids('--since', '2023-08-20', '--until', '2024-05-03')).toEqual([]);
  }, 60_000);
  it('a bad date, or a data set without contest dates, is a usage error', async () => {
    const bad = await runCli(['tasks', '--domain', 'code', '--data', dir, '--since', 'May 2024']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--since must be a date (YYYY-MM-DD), got "May 2024"');
    const undated = await runCli(['tasks', '--domain', 'code', '--data', join(FIXTURES, 'code/apps'), '--until', '2024-01-01']);
    expect(undated.status).toBe(2);
    expect(undated.stderr).toMatch(/need a contest date on every task; task 400\d .* has none/);
  }, 60_000);
});

describe('BigCodeBench environment errors (subprocess)', () => {
  it('a library the sandbox lacks errors the episode, reported apart, never as a wrong answer', async () => {
    const dir = tempDir();
    const scriptFile = join(dir, 'script.json');
    const right = fence('import numpy as np\ndef task_func(numbers):\n    return float(np.mean(numbers))');
    writeFileSync(scriptFile, JSON.stringify([{ match: 'mean of numbers', replies: [right] }]));
    const out = join(dir, 'run');
    const data = join(FIXTURES, 'code/bigcodebench-numpy.jsonl');
    const args = [
      'eval',
      '--student',
      STUDENT,
      '--domain',
      'code',
      '--data',
      data,
      '--tasks',
      '10',
      '--turns',
      '2',
      '--teacher',
      'scripted',
    ];
    const r = await runCli([...args, '--out', out], { DIDACTIC_STUDENT_SCRIPT: scriptFile });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('environment error: the sandbox cannot import numpy (needed by task BigCodeBench/998)');
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.results[0]).toMatchObject({ domain: 'code', episodes: 1, errored: 1 });
    // Nothing scored: the errored episode is outside n, not a wrong answer in it.
    expect(r.stdout).toMatch(/\| code +\| scripted +\| 0 \(\+1 err\) \|/);
  }, 120_000);
});
