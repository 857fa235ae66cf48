import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, NOISY_STUDENT, tempDir } from '../helpers/cli.js';

const student = ['--student', NOISY_STUDENT];

function file(name: string, content: string | Buffer): string {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  return path;
}

const hashOf = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('bad input is rejected before any model call, naming file, line and field', () => {
  const good = JSON.stringify({ question: 'What is 2 + 2?', answer: 'Two and two.\n#### 4' });
  const cases: Array<[string, string, string | Buffer, RegExp]> = [
    ['bad JSON', 'bad-json.jsonl', `${good}\n${good}\n{"question": "x", \n`, /bad-json\.jsonl:3: invalid JSON/],
    ['missing field', 'missing-field.jsonl', `${good}\n{"question": "What?"}\n`, /missing-field\.jsonl:2: field "answer": missing/],
    [
      'mistyped field',
      'mistyped-field.jsonl',
      `${good}\n${good}\n{"question": 7, "answer": "#### 7"}\n`,
      /mistyped-field\.jsonl:3: field "question"/,
    ],
    [
      'no #### in a GSM8K answer',
      'no-marker.jsonl',
      `{"question": "q", "answer": "no marker"}\n`,
      /no-marker\.jsonl:1: field "answer": GSM8K answer has no "#### <answer>" line/,
    ],
    ['MATH without \\boxed', 'no-boxed.jsonl', `{"problem": "p", "solution": "it is 3"}\n`, /no-boxed\.jsonl:1: field "solution"/],
    ['unknown format', 'unknown-format.jsonl', `{"text": "hello"}\n`, /unknown-format\.jsonl:1: field "prompt": missing/],
    ['not an object', 'not-object.jsonl', `[1, 2]\n`, /not-object\.jsonl:1: expected a JSON object/],
    ['empty file', 'empty.jsonl', '', /empty\.jsonl: the file is empty/],
    ['blank lines only', 'blank.jsonl', '\n\n  \n', /blank\.jsonl: the file is empty/],
    [
      'invalid UTF-8',
      'invalid-utf8.jsonl',
      Buffer.concat([Buffer.from(`${good}\n`), Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a])]),
      /invalid-utf8\.jsonl:2: invalid UTF-8/,
    ],
    [
      'duplicate ids',
      'duplicate-ids.jsonl',
      `{"id": "a", "prompt": "p", "answer": 1}\n{"id": "a", "prompt": "q", "answer": 2}\n`,
      /duplicate-ids\.jsonl:2: field "id": duplicate task id "a"/,
    ],
  ];
  it.each(cases)('%s', async (_label, name, content, message) => {
    const data = file(name, content);
    const out = join(tempDir(), 'run');
    const r = await runCli(['eval', ...student, '--domain', 'math', '--data', data, '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('a file that does not exist', async () => {
    const r = await runCli(['eval', ...student, '--data', '/nonexistent/tasks.jsonl', '--out', join(tempDir(), 'r')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/\/nonexistent\/tasks\.jsonl: file not found/);
  });

  it.each([
    [['--turns', '0'], /--turns must be an integer ≥ 1/],
    [['--turns', 'abc'], /--turns must be an integer ≥ 1/],
    [['--domain', 'chess'], /unknown domain "chess"/],
    [['--teacher', 'scripted,oracle'], /unknown teacher "oracle"/],
    [['--difficulty', '9'], /--difficulty for math must be one of/],
  ])('flags %j', async (flags, message) => {
    const r = await runCli(['eval', ...student, '--tasks', '2', '--out', join(tempDir(), 'r'), ...flags]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(message);
  });

  it('an unknown student spec fails before a run directory is written', async () => {
    const out = join(tempDir(), 'r');
    const r = await runCli(['eval', '--student', 'nosuch:model', '--tasks', '2', '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown model spec "nosuch:model"/);
  });

  it('leaves an existing run untouched when the new input is bad or does not match', async () => {
    const out = join(tempDir(), 'run');
    const args = ['eval', ...student, '--domain', 'math', '--difficulty', '1', '--tasks', '6', '--turns', '2', '--out', out];
    expect((await runCli(args)).status).toBe(0);
    const db = join(out, 'run.sqlite');
    const before = hashOf(db);
    const summaryBefore = readFileSync(join(out, 'summary.json'), 'utf8');

    const bad = file('bad.jsonl', '{"question": "x"}\n');
    const r1 = await runCli([...args, '--data', bad]);
    expect(r1.status).toBe(2);
    expect(r1.stderr).toMatch(/bad\.jsonl:1: field "answer"/);

    const r2 = await runCli([...args.slice(0, -4), '--turns', '4', '--out', out]);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/holds a run with turns = 2, but this command asks for 4/);

    expect(hashOf(db)).toBe(before);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe(summaryBefore);
  });
});

describe('didactic tasks / verify / show (subprocess)', () => {
  it('tasks prints generated tasks; --json output is accepted back by verify', async () => {
    const text = await runCli(['tasks', '--domain', 'maze', '--n', '2', '--seed', '3']);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/maze-d1-s3-0/);
    expect(text.stdout).toMatch(/hidden from the student/);

    const json = await runCli(['tasks', '--domain', 'math', '--n', '3', '--seed', '1', '--difficulty', '2', '--json']);
    const lines = json.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    const task = JSON.parse(lines[0] as string);
    expect(task).toMatchObject({ id: 'math-d2-s1-0', domain: 'math', privileged: { answer: '134' } });
    const v = await runCli([
      'verify',
      '--domain',
      'math',
      '--task',
      lines[0] as string,
      '--attempt',
      '8+17=25, 25*5=120\nAnswer: 129',
      '--json',
    ]);
    expect(v.status).toBe(0);
    const verdict = JSON.parse(v.stdout);
    expect(verdict).toMatchObject({ extracted: '129', correct: false, reference: '134' });
    expect(verdict.feedback).toMatch(/second step/);
  });

  it('verify reads GSM8K, MATH and plain records, and explains the verdict', async () => {
    const gsm = await runCli([
      'verify',
      '--domain',
      'math',
      '--task',
      JSON.stringify({ question: 'Tom has 1,200 stamps…', answer: 'He has 1200.\n#### 1,200' }),
      '--attempt',
      'So he has 1,200 stamps.',
    ]);
    expect(gsm.stdout).toMatch(/extracted answer: 1,200/);
    expect(gsm.stdout).toMatch(/verdict: +correct/);
    const math = await runCli([
      'verify',
      '--domain',
      'math',
      '--task',
      JSON.stringify({ problem: 'Simplify 2/4.', solution: 'It is $\\boxed{\\frac{1}{2}}$.' }),
      '--attempt',
      'The answer is 0.25',
    ]);
    expect(math.stdout).toMatch(/verdict: +wrong \(wrong, too-low\)/);
    expect(math.stdout).toMatch(/scripted feedback: .*(too low|smaller)/);
    const plain = await runCli(['verify', '--domain', 'math', '--task', '{"prompt": "p", "answer": 7}', '--attempt', '\\boxed{7}']);
    expect(plain.stdout).toMatch(/verdict: +correct/);
    const maze = await runCli(['verify', '--domain', 'maze', '--task', '{"grid": ["S.#", "..#", "#.G"]}', '--attempt', 'Answer: RR']);
    expect(maze.stdout).toMatch(/Move 2 .*wall|move 2 .*wall/i);
    const bad = await runCli(['verify', '--domain', 'math', '--task', '{"question": 3}', '--attempt', 'x']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--task:1: field "question"/);
  });

  it('show prints transcripts with verdicts', async () => {
    const out = join(tempDir(), 'run');
    expect(
      (await runCli(['eval', ...student, '--difficulty', '1', '--tasks', '3', '--turns', '3', '--teacher', 'scripted', '--out', out]))
        .status,
    ).toBe(0);
    const all = await runCli(['show', out]);
    expect(all.status).toBe(0);
    expect(all.stdout).toMatch(/━━ episode 1 · math · scripted/);
    expect(all.stdout).toMatch(/\[student #1\]/);
    expect(all.stdout).toMatch(/\[hidden\] answer:/);
    const one = await runCli(['show', out, '--episode', '2']);
    expect(one.stdout.match(/━━ episode/g)).toHaveLength(1);
    expect((await runCli(['show', out, '--episode', '99'])).stderr).toMatch(/no episode 99/);
    expect((await runCli(['show', join(out, 'nope')])).stderr).toMatch(/no run found/);
  });

  it('--help works on every command', async () => {
    for (const command of ['eval', 'tasks', 'verify', 'show']) {
      const r = await runCli([command, '--help']);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/Usage: didactic/);
    }
  });
});

describe('loading task files', () => {
  it('runs an eval on a GSM8K-style file, and on MATH-style and plain files', async () => {
    const gsm = file(
      'gsm.jsonl',
      [
        JSON.stringify({ question: 'What is 40 + 2?', answer: 'Forty plus two.\n#### 42' }),
        JSON.stringify({ question: 'What is 3 × 17?', answer: '3*17=<<3*17=51>>51\n#### 51' }),
      ].join('\n'),
    );
    const out = join(tempDir(), 'gsm');
    const r = await runCli(['eval', ...student, '--domain', 'math', '--data', gsm, '--turns', '2', '--teacher', 'scripted', '--out', out]);
    expect(r.status).toBe(0);
    const tasks = (await runCli(['tasks', '--domain', 'math', '--data', gsm, '--json'])).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(tasks.map((t) => t.privileged.answer)).toEqual(['42', '51']);
    expect(tasks[1].privileged.solution).toBe('3*17=51');
    expect(tasks[0].id).toBe('gsm.jsonl:1');

    const mixed = file(
      'mixed.jsonl',
      [
        JSON.stringify({ problem: 'Simplify 2/4.', solution: 'We get $\\boxed{\\frac{1}{2}}$.', level: 'Level 2', type: 'Prealgebra' }),
        JSON.stringify({ id: 'p1', prompt: 'What is 6 × 7?', answer: 42 }),
      ].join('\n'),
    );
    const loaded = (await runCli(['tasks', '--domain', 'math', '--data', mixed, '--json'])).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(loaded[0]).toMatchObject({
      privileged: { answer: '\\frac{1}{2}' },
      metadata: { difficulty: 2, subject: 'Prealgebra', format: 'math' },
    });
    expect(loaded[1]).toMatchObject({ id: 'p1', privileged: { answer: '42' }, metadata: { format: 'plain' } });
  });
});

describe('pipes', () => {
  it('exits cleanly when the reader closes the pipe early', async () => {
    const { spawnSync } = await import('node:child_process');
    const { CLI } = await import('../helpers/cli.js');
    const r = spawnSync('sh', ['-c', `'${process.execPath}' '${CLI}' tasks --domain maze --n 200 | head -1; exit \${PIPESTATUS:-0}`], {
      encoding: 'utf8',
    });
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(r.stdout.split('\n')[0]).toMatch(/maze-d1-s1-0/);
  });
});
