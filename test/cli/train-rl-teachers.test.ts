import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { startFakeServer, type FakeServer } from '../helpers/fake-llm-server.js';
import { tinyRlArgs } from '../helpers/train-rl-args.js';

// `train rl` with teachers that are models: an `llm:` teacher over HTTP, and `self` (the policy
// critiquing itself in the teacher slot); and a long run in chunks with --stop-at / --resume.

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer(() => 'Check the last digit of your sum.');
});
afterAll(async () => server.close());

const base = tinyRlArgs;

describe('train rl with model teachers', () => {
  it('asks an llm: teacher over HTTP for the feedback between attempts', async () => {
    const out = join(tempDir(), 'rl');
    const r = await runCli(base(out, ['--steps', '1', '--teacher', `llm:openai-compatible:${server.url}/v1#critic`]), {
      OPENAI_COMPATIBLE_API_KEY: 'k',
    });
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    const asked = server.requests.filter((q) => q.model === 'critic');
    // The untrained model fails its first attempts, so the teacher is asked at least once per episode that failed.
    expect(asked.length).toBeGreaterThan(0);
    expect(asked[0]!.messages.map((m) => m.content).join('\n')).toMatch(/What is \d+ [+−×] \d+/);
  }, 120_000);

  it('lets the policy write its own critique with --teacher self', async () => {
    const out = join(tempDir(), 'rl');
    const r = await runCli(base(out, ['--steps', '1', '--teacher', 'self', '--teacher-modelling', '0.5']));
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/trained 1 RL steps/);
  }, 120_000);

  it('names an unknown teacher', async () => {
    const r = await runCli(base(join(tempDir(), 'rl'), ['--teacher', 'oracle']));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /unknown --teacher "oracle": use scripted, unary, none, placebo, maintain, self, llm:<spec> or module:<file.js>/,
    );
  });

  it('stops at --stop-at and continues in a new process with --resume to the same schedule', async () => {
    const out = join(tempDir(), 'rl');
    const first = await runCli(base(out, ['--steps', '3', '--stop-at', '1', '--checkpoint-every', '5']));
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/trained 1 RL steps .*stopped at --stop-at; --resume continues to step 3/);
    const state = JSON.parse(readFileSync(join(out, 'rl-state.json'), 'utf8')) as { step: number };
    expect(state.step).toBe(1);
    // As if the process had died after logging a step it had not checkpointed yet.
    appendFileSync(join(out, 'rl-log.jsonl'), `${JSON.stringify({ step: 2, reward: 0.5 })}\n`);
    const rest = await runCli(base(out, ['--steps', '3', '--resume']));
    expect(rest.status).toBe(0);
    expect(rest.stdout).toMatch(/trained 3 RL steps/);
    const steps = readFileSync(join(out, 'rl-log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { step: number }).step);
    expect(steps).toEqual([1, 2, 3]);
    // The same curves in SQLite, one row a step.
    const db = new Database(join(out, 'rl-run.sqlite'), { readonly: true });
    const rows = db.prepare('SELECT step, reward, acc_at, kl, total_generated_tokens FROM rl_steps ORDER BY step').all() as Array<{
      step: number;
      acc_at: string;
      total_generated_tokens: number;
    }>;
    db.close();
    expect(rows.map((r) => r.step)).toEqual([1, 2, 3]);
    expect(JSON.parse(rows[2]!.acc_at)).toHaveLength(2);
    expect(rows[2]!.total_generated_tokens).toBeGreaterThan(rows[0]!.total_generated_tokens);
  }, 120_000);
});
