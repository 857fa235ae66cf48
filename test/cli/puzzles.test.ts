import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The puzzle domains as a user meets them: the built CLI in a subprocess.

const run = promisify(execFile);
const CLI = join(process.cwd(), 'dist', 'src', 'cli', 'main.js');

async function didactic(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd: process.cwd() });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

let dir: string;
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`build first (npx tsc -p tsconfig.json): ${CLI} is missing`);
  dir = mkdtempSync(join(tmpdir(), 'didactic-puzzles-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Case {
  domain: string;
  /** A task in a loader's own (non-native) format, the right attempt, a wrong attempt and what the feedback says. */
  plain: string;
  right: string;
  wrong: string;
  feedback: RegExp;
  bad: string;
  badMessage: RegExp;
}

const cases: Case[] = [
  {
    domain: 'wordle',
    plain: '{"target": "crane"}',
    right: 'I will go with\nAnswer: crane',
    wrong: 'Answer: TRACE',
    feedback: /TRACE {2}- G G Y G/,
    bad: '{"target": "cranes"}',
    badMessage: /--task:1: field "target": must be a five-letter word/,
  },
  {
    domain: 'countdown',
    plain: '{"numbers": [25, 50, 3, 7, 8, 1], "target": 826}',
    right: 'Answer: (25 + 50) × (3 + 8) + 1',
    wrong: 'Answer: 25 + 25 × 3',
    feedback: /25 .*twice.*once/,
    bad: '{"numbers": [1, 1], "target": 100}',
    badMessage: /--task:1: field "target": 100 cannot be made/,
  },
  {
    domain: 'arc',
    plain:
      '{"train": [{"input": [[1, 0], [0, 0]], "output": [[0, 1], [0, 0]]}], "test": [{"input": [[3, 0, 0], [0, 4, 0]], "output": [[0, 0, 3], [0, 4, 0]]}]}',
    right: 'Mirror it.\nAnswer:\n0 0 3\n0 4 0',
    wrong: 'Answer:\n3 0 0\n0 4 0',
    feedback: /column|row/,
    bad: '{"train": [{"input": [[1]]}], "test": []}',
    badMessage: /--task:1: field "train\.0\.output": missing/,
  },
];

describe.each(cases)('didactic CLI, $domain', (c) => {
  it('verify judges a task in the loader format, with scripted feedback for a wrong attempt', async () => {
    const [right, wrong, json, bad] = await Promise.all([
      didactic('verify', '--domain', c.domain, '--task', c.plain, '--attempt', c.right),
      didactic('verify', '--domain', c.domain, '--task', c.plain, '--attempt', c.wrong),
      didactic('verify', '--domain', c.domain, '--task', c.plain, '--attempt', c.wrong, '--json'),
      didactic('verify', '--domain', c.domain, '--task', c.bad, '--attempt', c.right),
    ]);
    expect(right.code, right.stderr).toBe(0);
    expect(right.stdout).toMatch(/verdict: +correct/);
    expect(wrong.code, wrong.stderr).toBe(0);
    expect(wrong.stdout).toMatch(/verdict: +wrong/);
    expect(wrong.stdout).toMatch(c.feedback);
    const parsed = JSON.parse(json.stdout) as { correct: boolean; feedback: string };
    expect(parsed.correct).toBe(false);
    expect(parsed.feedback).toMatch(c.feedback);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(c.badMessage);
  });

  it('tasks --json prints tasks that verify accepts back, at every difficulty', async () => {
    const outputs = await Promise.all(
      [1, 2, 3, 4].map((d) => didactic('tasks', '--domain', c.domain, '--n', '2', '--seed', '7', '--difficulty', String(d), '--json')),
    );
    const lines = outputs.flatMap((o) => {
      expect(o.code, o.stderr).toBe(0);
      return o.stdout.trim().split('\n');
    });
    expect(lines).toHaveLength(8);
    const first = lines[0] as string;
    const answer = (JSON.parse(first) as { privileged: { answer: string } }).privileged.answer;
    const verdict = await didactic('verify', '--domain', c.domain, '--task', first, '--attempt', `Answer:\n${answer}`);
    expect(verdict.stdout, verdict.stderr).toMatch(/verdict: +correct/);
    const tooHard = await didactic('tasks', '--domain', c.domain, '--difficulty', '9');
    expect(tooHard.code).toBe(2);
    expect(tooHard.stderr).toMatch(/--difficulty for .* must be one of 1, 2, 3, 4/);
  });

  it('eval runs the noisy test student on generated tasks', async () => {
    const out = join(dir, `eval-${c.domain}`);
    const r = await didactic(
      'eval',
      '--student',
      'module:test/fixtures/noisy-student.js',
      '--domain',
      c.domain,
      '--difficulty',
      '1',
      '--tasks',
      '6',
      '--turns',
      '3',
      '--out',
      out,
    );
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      results: Array<{ domain: string; episodes: number; errored: number; leak: { blocked: number } }>;
    };
    expect(summary.results.map((x) => x.domain)).toEqual([c.domain, c.domain, c.domain]);
    for (const result of summary.results) {
      expect(result.episodes).toBe(6);
      expect(result.errored).toBe(0);
      expect(result.leak.blocked).toBe(0);
    }
  });
});

describe('wordle feedback in a real eval run', () => {
  it('a player that reads the marks beats the same player without them', async () => {
    const out = join(dir, 'wordle-player');
    const r = await didactic(
      'eval',
      '--student',
      'module:test/fixtures/wordle-student.js',
      '--domain',
      'wordle',
      '--difficulty',
      '4',
      '--tasks',
      '30',
      '--turns',
      '6',
      '--out',
      out,
    );
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      results: Array<{ condition: string; cumulativeAccuracy: number[] }>;
    };
    const at6 = (condition: string): number => summary.results.find((x) => x.condition === condition)?.cumulativeAccuracy.at(-1) ?? -1;
    expect(at6('scripted')).toBeGreaterThan(0.8);
    expect(at6('scripted')).toBeGreaterThan(at6('none') + 0.5);
    expect(at6('scripted')).toBeGreaterThan(at6('unary') + 0.5);
  });
});
