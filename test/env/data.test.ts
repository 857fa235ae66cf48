import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { call, type EnvServer, startEnvServer } from '../helpers/env-server.js';

// Tasks from files (--data), named by the ids `didactic tasks --data … --json` prints.

const dir = tempDir('didactic-env-data-');
const gsm8k = join(dir, 'gsm8k.jsonl');
writeFileSync(
  gsm8k,
  [
    { question: 'Tom has 3 apples and buys 4 more. How many apples does he have?', answer: '3 + 4 = 7\n#### 7' },
    { question: 'A box holds 6 eggs. How many eggs are in 5 boxes?', answer: '6 * 5 = 30\n#### 30' },
  ]
    .map((r) => JSON.stringify(r))
    .join('\n'),
);
const native = join(dir, 'maze.jsonl');
let server: EnvServer;

beforeAll(async () => {
  // A native file (what `didactic tasks --json` prints) names its domain on every line.
  const printed = await runCli(['tasks', '--domain', 'maze', '--n', '2', '--seed', '4', '--json']);
  writeFileSync(native, printed.stdout.replace(/"id":"maze-/g, '"id":"mine-'));
  server = await startEnvServer(['--data', `math=${gsm8k}`, '--data', native]);
}, 30_000);
afterAll(async () => {
  await server?.stop();
});

describe('didactic env serve --data', () => {
  it('starts episodes on loaded tasks by the ids `didactic tasks --json` prints', async () => {
    const listed = await runCli(['tasks', '--domain', 'math', '--data', gsm8k, '--json']);
    const ids = listed.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).id as string);
    const s = await call(server.url, 'POST', '/v1/episodes', { episode_key: 'data/1', task: { domain: 'math', id: ids[1] } });
    expect(s.status).toBe(201);
    expect(s.body.messages[1].content).toBe('A box holds 6 eggs. How many eggs are in 5 boxes?');
    expect(s.body.task).toEqual({ domain: 'math', id: ids[1], difficulty: null });
    const r = await call(server.url, 'POST', `/v1/episodes/${s.body.episode_id}/attempts`, { attempt: 1, text: '6 × 5 = 30.\nAnswer: 30' });
    expect(r.body).toMatchObject({ done: true, reason: 'solved', reward: { step: 1, episode: 1 } });
    const maze = await call(server.url, 'POST', '/v1/episodes', { episode_key: 'data/2', task: { domain: 'maze', id: 'mine-d1-s4-0' } });
    expect(maze.status).toBe(201);
  });

  it('refuses a bad task file at start, naming the file, line and field', async () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(
      bad,
      `${JSON.stringify({ question: 'What is 1 + 1?', answer: '#### 2' })}\n${JSON.stringify({ question: 'No answer here' })}\n`,
    );
    const r = await runCli(['env', 'serve', '--port', '0', '--data', `math=${bad}`]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${bad}:2: field "answer"`);
    const unnamed = await runCli(['env', 'serve', '--port', '0', '--data', gsm8k]);
    expect(unnamed.status).toBe(2);
    expect(unnamed.stderr).toContain(`${gsm8k}:1: field "domain"`);
  });
});
