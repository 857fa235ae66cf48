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
];

describe('judged code benchmarks as distributed: load and eval (subprocess)', () => {
  it.each(cases)(
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
