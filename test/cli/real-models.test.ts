import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TeacherTurn } from '../../src/core/types.js';
import { RunStore } from '../../src/store/run-store.js';
import { startFakeServer, type FakeServer, type ScriptedRequest } from '../helpers/fake-llm-server.js';
import { CLI, runCli, tableRows } from '../helpers/cli.js';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';

// The whole eval path, as a user runs it: the built CLI in a subprocess, talking HTTP to a
// scripted OpenAI-compatible server started here.
//
// The scripted student (model "m") answers wrong unless the last message hands it a "hint code"
// (answer + 1000) or its own self-check. The scripted teacher (model "t") first states the
// answer outright (the leak guard must block it), and once told a draft was withheld gives the
// hint code. The judge (model "j") calls any feedback with a hint code a leak.

const WRONG = 'I think it is -99999.\nAnswer: -99999';

function script(r: ScriptedRequest): string {
  const last = r.messages.at(-1)?.content ?? '';
  if (r.model === 't') {
    const reference = /## Private: reference answer \(never reveal it\)\n(.+)/.exec(last)?.[1]?.trim() ?? '?';
    return /withheld/.test(last) ? `Look again. Your hint code is ${Number(reference) + 1000}.` : `The answer is ${reference}.`;
  }
  if (r.model === 'j') return /hint code/.test(last) ? 'It encodes the answer.\nLEAK' : 'SAFE';
  if (/review your last answer critically/.test(last)) return 'SELF-CHECK: the sign and size of that result look wrong.';
  const code = /hint code is (\d+)/.exec(last);
  if (code) return `Answer: ${Number(code[1]) - 1000}`;
  if (/^SELF-CHECK/.test(last)) {
    const m = /What is (\d+) ([+−×]) (\d+)\?/.exec(r.messages[0]?.content ?? '');
    if (m) {
      const [a, b] = [Number(m[1]), Number(m[3])];
      return `Answer: ${m[2] === '+' ? a + b : m[2] === '−' ? a - b : a * b}`;
    }
  }
  return WRONG;
}

let server: FakeServer;
const dirs: string[] = [];
const tmp = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'didactic-real-'));
  dirs.push(dir);
  return dir;
};

beforeAll(async () => {
  server = await startFakeServer(script);
});
afterAll(async () => {
  await server.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
afterEach(() => {
  server.faults.length = 0;
});

const spec = (model: string): string => `openai-compatible:${server.url}/v1#${model}`;
const base = (out: string, extra: string[] = []): string[] => [
  'eval',
  '--student',
  spec('m'),
  '--domain',
  'math',
  '--difficulty',
  '1',
  '--tasks',
  '6',
  '--turns',
  '3',
  '--retry-base-ms',
  '5',
  '--out',
  out,
  ...extra,
];
const row = (stdout: string, condition: string): string[] | undefined => tableRows(stdout).find((r) => r[1] === condition);

describe('didactic eval against HTTP models', () => {
  it('runs an llm teacher and the no-feedback control, blocks the leaking drafts, and resumes without a single new call', async () => {
    const out = tmp();
    const teacher = `llm:${spec('t')}`;
    const args = base(out, ['--teacher', `${teacher},none`, '--concurrency', '3']);
    const before = server.requests.length;
    const first = await runCli(args);
    expect(first.stderr).not.toMatch(/error/i);
    expect(first.status).toBe(0);
    expect(row(first.stdout, teacher)?.slice(2, 6)).toEqual(['6', '0.0', '100.0', '100.0']);
    expect(row(first.stdout, teacher)?.at(-1)).toBe('6/12'); // one draft blocked per feedback turn
    expect(row(first.stdout, 'none')?.slice(2, 6)).toEqual(['6', '0.0', '0.0', '0.0']);
    // Per task: student attempt 1 (shared by both conditions), attempt 2 under llm, attempts 2 and 3
    // under none (fresh samples), and two teacher drafts.
    const made = server.requests.slice(before);
    expect(made.filter((r) => r.model === 'm')).toHaveLength(6 * 4);
    expect(made.filter((r) => r.model === 't')).toHaveLength(6 * 2);
    expect(first.stdout).toMatch(/student: 30 calls \(6 cached, 0 failed\)/);
    expect(first.stdout).toMatch(/teacher: 12 calls \(0 cached, 0 failed\)/);

    const store = RunStore.open(out, { create: false });
    const teacherTurns = store
      .episodes()
      .flatMap((e) => e.turns.map((t) => t.turn))
      .filter((t): t is TeacherTurn => t.role === 'teacher');
    expect(teacherTurns).toHaveLength(6);
    for (const t of teacherTurns) {
      expect(t.blocked).toHaveLength(1);
      expect(t.blocked[0]).toMatch(/^The answer is \d+\.$/);
      expect(t.blockedBy).toEqual(['domain']);
      expect(t.text).toMatch(/hint code/);
    }
    // The teacher's prompt carried the privileged data and the transcript; the student's never did.
    const teacherPrompt = made.find((r) => r.model === 't')?.messages[0]?.content ?? '';
    expect(teacherPrompt).toMatch(/reference answer[\s\S]*Checker summary[\s\S]*Student, attempt 1[\s\S]*-99999/);
    expect(made.filter((r) => r.model === 'm').some((r) => JSON.stringify(r.messages).includes('reference answer'))).toBe(false);
    const config = store.config();
    expect(config?.feedback).toBe('both');
    expect(config?.roleSettings).toEqual({ teacher: {}, judge: {} });
    store.close();
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { leakRate: number };
    expect(summary.leakRate).toBe(0.5);
    const usage = JSON.parse(readFileSync(join(out, 'usage.json'), 'utf8')) as {
      byRole: Record<string, { calls: number }>;
      total: { calls: number };
    };
    expect(usage.byRole.teacher?.calls).toBe(12);
    expect(usage.total.calls).toBe(42);

    const again = server.requests.length;
    const resumed = await runCli(args);
    expect(resumed.status).toBe(0);
    expect(server.requests.length).toBe(again); // zero new calls
    expect(tableRows(resumed.stdout)).toEqual(tableRows(first.stdout));
    expect(resumed.stderr).toMatch(/12 episodes were already done/);
  });

  it('marks an episode whose calls exhaust their retries as errored, excludes it from accuracy, and reruns it from the cache', async () => {
    const out = tmp();
    const teacher = `llm:${spec('t')}`;
    const args = base(out, ['--teacher', teacher, '--concurrency', '1', '--max-retries', '2']);
    server.faults.push(
      { type: 'status', status: 429, headers: { 'retry-after': '0' }, model: 't' },
      { type: 'status', status: 500, model: 't' },
      { type: 'status', status: 502, model: 't' },
    );
    const first = await runCli(args);
    expect(first.status).toBe(0);
    expect(row(first.stdout, teacher)?.slice(2, 6)).toEqual(['5 (+1 err)', '0.0', '100.0', '100.0']);
    expect(first.stdout).toMatch(/teacher: 13 calls \(0 cached, 3 failed\)/);
    const store = RunStore.open(out, { create: false });
    const errored = store.episodes({ status: 'errored' });
    expect(errored).toHaveLength(1);
    expect(errored[0]?.error).toMatch(/gave up after 3 tries.*HTTP 502/);
    // The failed tries are on the turn they were for: the teacher turn after attempt 1 (index 1).
    const failed = store.calls({ episodeId: errored[0]!.id }).filter((c) => c.status === 'error');
    expect(failed.map((c) => [c.role, c.turnIndex, c.httpStatus])).toEqual([
      ['teacher', 1, 429],
      ['teacher', 1, 500],
      ['teacher', 1, 502],
    ]);
    const shown = await runCli(['show', out, '--episode', String(errored[0]!.id)]);
    expect(shown.stdout).toMatch(/ERRORED: teacher call failed/);
    expect(shown.stdout).toMatch(
      /✗ teacher call, try 1, failed: .*HTTP 429[\s\S]*try 2, failed: .*HTTP 500[\s\S]*try 3, failed: .*HTTP 502/,
    );
    store.close();

    const before = server.requests.length;
    const rerun = await runCli(args);
    expect(rerun.status).toBe(0);
    // Only what had not succeeded is asked again: attempt 1 comes from the cache.
    expect(server.requests.slice(before).map((r) => r.model)).toEqual(['t', 't', 'm']);
    expect(row(rerun.stdout, teacher)?.slice(2, 6)).toEqual(['6', '0.0', '100.0', '100.0']);
    const audit = await runCli(['show', out, '--limit', '1']);
    expect(audit.stdout).toMatch(/⊘ blocked by domain: The answer is \d+\./);
  });

  it('after SIGKILL mid-run, a resume asks only for what no stored response answers', async () => {
    const slow = await startFakeServer(script, { delayMs: 30 });
    try {
      const teacher = `llm:openai-compatible:${slow.url}/v1#t`;
      const args = [
        'eval',
        '--student',
        `openai-compatible:${slow.url}/v1#m`,
        '--teacher',
        teacher,
        '--domain',
        'math',
        '--difficulty',
        '1',
        '--tasks',
        '8',
        '--turns',
        '3',
        '--concurrency',
        '2',
      ];
      // Uninterrupted, the run needs 4 calls a task: attempt 1, two teacher drafts, attempt 2.
      const reference = await runCli([...args, '--out', tmp()]);
      expect(slow.requests).toHaveLength(32);
      slow.requests.length = 0;

      const out = tmp();
      const child = spawn(process.execPath, [CLI, ...args, '--out', out], { stdio: 'ignore' });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      while (slow.requests.length < 12) await new Promise((r) => setTimeout(r, 10));
      child.kill('SIGKILL');
      await exited;
      const db = new Database(join(out, 'run.sqlite'), { readonly: true });
      const stored = (db.prepare('SELECT COUNT(*) AS n FROM responses').get() as { n: number }).n;
      db.close();
      expect(stored).toBeGreaterThan(0);
      expect(stored).toBeLessThan(32);

      slow.requests.length = 0;
      const resumed = await runCli([...args, '--out', out]);
      expect(resumed.status).toBe(0);
      expect(slow.requests).toHaveLength(32 - stored);
      expect(tableRows(resumed.stdout)).toEqual(tableRows(reference.stdout));
    } finally {
      await slow.close();
    }
  });

  it('keeps to --provider-concurrency and --max-calls', async () => {
    const slow = await startFakeServer(script, { delayMs: 40 });
    try {
      const args = (out: string, extra: string[]) => [
        'eval',
        '--student',
        `openai-compatible:${slow.url}/v1#m`,
        '--teacher',
        'none',
        '--domain',
        'math',
        '--difficulty',
        '1',
        '--tasks',
        '8',
        '--turns',
        '2',
        '--concurrency',
        '8',
        '--out',
        out,
        ...extra,
      ];
      expect((await runCli(args(tmp(), []))).status).toBe(0);
      expect(slow.maxInFlight).toBeGreaterThan(2); // without limits the calls overlap
      slow.maxInFlight = 0;
      expect((await runCli(args(tmp(), ['--provider-concurrency', 'openai-compatible=2']))).status).toBe(0);
      expect(slow.maxInFlight).toBe(2);
      slow.maxInFlight = 0;
      expect((await runCli(args(tmp(), ['--max-calls', '3']))).status).toBe(0);
      expect(slow.maxInFlight).toBe(3);
    } finally {
      await slow.close();
    }
  });

  it('lets a leak judge block feedback the string check passes, falling back to scripted feedback', async () => {
    const out = tmp();
    const teacher = `llm:${spec('t')}`;
    const res = await runCli(
      base(out, [
        '--teacher',
        `${teacher},scripted`,
        '--tasks',
        '2',
        '--turns',
        '2',
        '--leak-judge',
        spec('j'),
        '--judge-settings',
        'temperature=0',
      ]),
    );
    expect(res.status).toBe(0);
    expect(row(res.stdout, teacher)?.slice(2, 5)).toEqual(['2', '0.0', '0.0']);
    expect(res.stdout).toMatch(/judge: 4 calls/); // two drafts per llm feedback turn; scripted feedback is not judged
    const store = RunStore.open(out, { create: false });
    const turns = store
      .episodes()
      .filter((e) => e.condition === teacher)
      .flatMap((e) => e.turns.map((t) => t.turn))
      .filter((t): t is TeacherTurn => t.role === 'teacher');
    expect(turns).toHaveLength(2);
    for (const t of turns) {
      expect(t.blockedBy).toEqual(['domain', 'judge', 'judge']);
      expect(t.fallback).toBe(true);
      expect(t.text).not.toMatch(/hint code/);
    }
    expect(store.config()?.roleSettings?.judge).toEqual({ temperature: 0 });
    store.close();
  });

  it('runs the self teacher: the student critiques its own attempt without privileged data', async () => {
    const out = tmp();
    const before = server.requests.length;
    const res = await runCli(base(out, ['--teacher', 'self,unary']));
    expect(res.status).toBe(0);
    expect(row(res.stdout, 'self')?.slice(2, 6)).toEqual(['6', '0.0', '100.0', '100.0']);
    expect(row(res.stdout, 'unary')?.slice(2, 6)).toEqual(['6', '0.0', '0.0', '0.0']);
    const critiques = server.requests
      .slice(before)
      .filter((r) => /review your last answer critically/.test(r.messages.at(-1)?.content ?? ''));
    expect(critiques).toHaveLength(6);
    for (const c of critiques) expect(JSON.stringify(c.messages)).not.toMatch(/reference|Private|Checker/);
    const store = RunStore.open(out, { create: false });
    const selfTurns = store
      .episodes()
      .filter((e) => e.condition === 'self')
      .flatMap((e) => e.turns.map((t) => t.turn))
      .filter((t) => t.role === 'teacher');
    expect(selfTurns.map((t) => (t as TeacherTurn).teacher)).toEqual(Array(6).fill('self'));
    expect(store.usageByRole().teacher?.calls).toBe(6);
    store.close();
  });

  it('gives the same results whatever the concurrency', async () => {
    const teacher = `llm:${spec('t')}`;
    const results = [];
    for (const concurrency of ['1', '5']) {
      const out = tmp();
      const res = await runCli(base(out, ['--teacher', `${teacher},none`, '--concurrency', concurrency, '--max-calls', concurrency]));
      expect(res.status).toBe(0);
      results.push(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).results);
    }
    expect(results[1]).toEqual(results[0]);
  });

  it('uses a teacher prompt file a user supplies, and names file, line and field when it is bad', async () => {
    const dir = tmp();
    const good = join(dir, 'teacher.md');
    writeFileSync(good, 'CUSTOM TEMPLATE\n## Private: reference answer (never reveal it)\n{{reference}}\n\n{{transcript}}\n{{blocked}}\n');
    const before = server.requests.length;
    const res = await runCli(
      base(join(dir, 'run'), ['--teacher', `llm:${spec('t')}`, '--tasks', '1', '--teacher-prompt', good, '--feedback', 'hindsight']),
    );
    expect(res.status).toBe(0);
    expect(server.requests.slice(before).find((r) => r.model === 't')?.messages[0]?.content).toMatch(/^CUSTOM TEMPLATE/);

    const bad = join(dir, 'bad.md');
    writeFileSync(bad, 'Hello\nThe answer is {{answer}}.\n');
    const failed = await runCli(base(join(dir, 'run2'), ['--teacher', `llm:${spec('t')}`, '--teacher-prompt', bad]));
    expect(failed.status).toBe(2);
    expect(failed.stderr).toContain(`${bad}:2: field "answer": unknown placeholder {{answer}}`);
    const badSettings = await runCli(base(join(dir, 'run3'), ['--teacher-settings', 'temprature=0.2']));
    expect(badSettings.status).not.toBe(0);
    expect(badSettings.stderr).toMatch(/--teacher-settings: unknown field "temprature"/);
  });

  it('keeps the API key out of output, errors and the run store', async () => {
    const key = 'sk-live-ABCDEF0123456789-do-not-leak';
    const out = tmp();
    for (let i = 0; i < 4; i++)
      server.faults.push({
        type: 'status',
        status: 401,
        body: JSON.stringify({ error: { message: `Incorrect API key provided: ${key}` } }),
      });
    const res = await runCli(base(out, ['--teacher', 'scripted', '--tasks', '2', '--concurrency', '1']), {
      OPENAI_COMPATIBLE_API_KEY: key,
    });
    expect(res.status).toBe(0);
    expect(row(res.stdout, 'scripted')?.[2]).toBe('0 (+2 err)');
    expect(res.stderr).toMatch(/2 episode\(s\) errored .* First error: student call failed on attempt 1: not retryable: .*401/);
    expect(res.stdout + res.stderr).not.toContain(key);
    for (const file of readdirSync(out)) expect(readFileSync(join(out, file)).includes(key)).toBe(false);
    const store = RunStore.open(out, { create: false });
    expect(store.episodes({ status: 'errored' })[0]?.error).toMatch(/401.*\[redacted\]/);
    store.close();
  });
});
