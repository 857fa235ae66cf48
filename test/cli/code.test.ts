import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// `didactic verify --domain code` as a user runs it: the built CLI in a subprocess.

const run = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = resolve(root, 'dist/src/cli/main.js');
const hasBwrap = spawnSync('bwrap', ['--version']).status === 0;

const GENERATED = JSON.stringify({
  id: 'double',
  domain: 'code',
  prompt: 'Write double(n).',
  privileged: {
    answer: 'def double(n):\n    return n * 2\n',
    entryPoint: 'double',
    setup: '',
    tests: [
      { kind: 'equals', call: 'double(2)', expected: '4' },
      { kind: 'equals', call: 'double(-3)', expected: '-6' },
    ],
  },
});
const MBPP = JSON.stringify({
  task_id: 2,
  text: 'Write a function to find the shared elements from the given two lists.',
  code: 'def similar_elements(test_tup1, test_tup2):\n  res = tuple(set(test_tup1) & set(test_tup2))\n  return (res) ',
  test_list: [
    'assert set(similar_elements((3, 4, 5, 6),(5, 7, 4, 10))) == set((4, 5))',
    'assert set(similar_elements((1, 2, 3, 4),(5, 4, 3, 7))) == set((3, 4))',
  ],
});

async function verify(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, 'verify', '--domain', 'code', ...args], { env, timeout: 60_000 });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('didactic verify --domain code', () => {
  it('shows the failing call, the verdict and the scripted feedback', async () => {
    const out = await verify(['--task', GENERATED, '--attempt', 'Here you go:\n```python\ndef double(n):\n    return n + 2\n```']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('verdict:          wrong (1 of 2 tests fail; first: double(-3) returned -1, expected -6)');
    expect(out.stdout).toMatch(/scripted feedback: .*double\(-3\)/);
  }, 60_000);

  it('reports the exception and line, and accepts MBPP records as JSON output', async () => {
    const crash = await verify(['--task', GENERATED, '--attempt', 'def double(n):\n    y = 0\n    return n / y']);
    expect(crash.stdout).toContain('raised ZeroDivisionError: division by zero at line 3 (return n / y)');
    const mbpp = await verify([
      '--task',
      MBPP,
      '--attempt',
      '```python\ndef similar_elements(a, b):\n    return set(a) & set(b)\n```',
      '--json',
    ]);
    const parsed = JSON.parse(mbpp.stdout) as { correct: boolean; details: { passed: number; total: number } };
    expect(parsed.correct).toBe(true);
    expect(parsed.details).toMatchObject({ passed: 2, total: 2 });
  }, 60_000);

  it('names the field of a bad task', async () => {
    const out = await verify(['--task', JSON.stringify({ text: 'x', code: 'y', test_list: [] }), '--attempt', 'def f(): pass']);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('--task:1: field "test_list"');
  }, 30_000);

  it('says how to get bubblewrap when it is missing', async () => {
    const out = await verify(['--sandbox', 'bwrap', '--task', GENERATED, '--attempt', 'def double(n): return 2 * n'], {
      PATH: '/nonexistent',
    });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('apt-get install -y bubblewrap');
  }, 30_000);

  it.skipIf(!hasBwrap)(
    'runs the attempt under bubblewrap with --sandbox bwrap',
    async () => {
      const out = await verify(['--sandbox', 'bwrap', '--task', GENERATED, '--attempt', 'def double(n):\n    return 2 * n']);
      expect(out.stdout).toContain('verdict:          correct (all 2 tests pass)');
    },
    30_000,
  );
});

describe('didactic eval --domain code', () => {
  it('runs whole dialogues through the sandbox and exits when done', async () => {
    const out = mkdtempSync(resolve(tmpdir(), 'didactic-code-eval-'));
    try {
      // The subprocess timeout doubles as the check that sandbox workers do not keep the CLI alive.
      const { stdout } = await run(
        process.execPath,
        [
          cli,
          'eval',
          '--student',
          `module:${resolve(root, 'test/fixtures/code-student.js')}`,
          '--domain',
          'code',
          '--difficulty',
          '2',
          '--tasks',
          '8',
          '--turns',
          '2',
          '--out',
          out,
        ],
        { timeout: 90_000 },
      );
      expect(stdout).toMatch(/\| code +\| scripted +\| +8 \|/);
      const summary = JSON.parse(readFileSync(resolve(out, 'summary.json'), 'utf8')) as unknown;
      expect(JSON.stringify(summary)).toContain('"code"');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
  it.skipIf(!hasBwrap)(
    'eval --sandbox bwrap runs the dialogues under bubblewrap',
    async () => {
      const out = mkdtempSync(resolve(tmpdir(), 'didactic-code-eval-bwrap-'));
      try {
        const { stdout } = await run(
          process.execPath,
          [
            cli,
            'eval',
            '--student',
            `module:${resolve(root, 'test/fixtures/code-student.js')}`,
            '--domain',
            'code',
            '--tasks',
            '4',
            '--turns',
            '2',
            '--teacher',
            'scripted',
            '--sandbox',
            'bwrap',
            '--out',
            out,
          ],
          { timeout: 90_000 },
        );
        expect(stdout).toMatch(/\| code +\| scripted +\| +4 \|/);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    },
    120_000,
  );

  it('eval rejects an unknown --sandbox before running anything', () => {
    const r = spawnSync(
      process.execPath,
      [cli, 'eval', '--student', 'embedded:base', '--domain', 'code', '--sandbox', 'docker', '--out', resolve(tmpdir(), 'never-created')],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--sandbox must be one of pyodide, bwrap, got "docker"/);
  });
});
