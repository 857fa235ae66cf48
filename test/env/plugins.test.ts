import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { call, type EnvServer, startEnvServer } from '../helpers/env-server.js';
import { pluginDir, reverseDomainSource, teacherSource } from '../helpers/plugins.js';

// Plug-ins reach RL trainers too: `env serve --domain module:<file.js>` serves a domain from
// outside the repository, `--teacher name=module:<file.js>` offers a plug-in teacher, and
// `data export --domain module:<file.js>` writes the prompts a trainer loads for them.

const dir = pluginDir({ 'reverse.js': reverseDomainSource(), 'nudge.js': teacherSource });
const domain = `module:${join(dir, 'reverse.js')}`;
let server: EnvServer;

beforeAll(async () => {
  server = await startEnvServer(['--domain', domain, '--teacher', `nudge=module:${join(dir, 'nudge.js')}`]);
}, 60_000);
afterAll(() => server?.stop());

describe('plug-ins through env serve and data export', () => {
  it('serves a plug-in domain with a plug-in teacher, by their own names', async () => {
    const health = await call(server.url, 'GET', '/v1/health');
    expect(health.body.domains).toContain('reverse');
    expect(health.body.teachers).toContain('nudge');
    const started = await call(server.url, 'POST', '/v1/episodes', {
      episode_key: 'plug-1',
      task: { domain: 'reverse', seed: 3, index: 0 },
      teacher: 'nudge',
      max_attempts: 2,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const prompt = String(started.body.messages.at(-1).content);
    const word = /Reverse the word "([a-z]+)"/.exec(prompt)?.[1] as string;
    const wrong = await call(server.url, 'POST', `/v1/episodes/${started.body.episode_id}/attempts`, {
      attempt: 1,
      text: `Answer: ${word}`,
    });
    expect(wrong.body.verdict.correct).toBe(false);
    expect(wrong.body.feedback.content).toMatch(/^A reviewer says: .*Try from the last letter\.$/);
    const right = await call(server.url, 'POST', `/v1/episodes/${started.body.episode_id}/attempts`, {
      attempt: 2,
      text: `Answer: ${[...word].reverse().join('')}`,
    });
    expect(right.body).toMatchObject({ done: true, reason: 'solved', reward: { episode: 0.7 } });
  });

  it('exports a plug-in domain for a trainer, with task references the server resolves', async () => {
    const out = join(tempDir(), 'reverse.jsonl');
    const r = await runCli(['data', 'export', '--format', 'verl', '--domain', domain, '--n', '3', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    expect(rows).toHaveLength(3);
    for (const [i, line] of rows.entries()) {
      const row = JSON.parse(line) as { prompt: { content: string }[]; extra_info: { didactic: string } };
      const reference = JSON.parse(row.extra_info.didactic) as { task: Record<string, unknown> };
      // A plug-in's ids are its own, so its generated tasks go by their generator spec.
      expect(reference.task).toEqual({ domain: 'reverse', seed: 1, difficulty: 1, index: i });
      const started = await call(server.url, 'POST', '/v1/episodes', { episode_key: `plug-export-${i}`, task: reference.task });
      expect(started.status, JSON.stringify(started.body)).toBe(201);
      // The server makes the same task the export wrote.
      expect(started.body.messages.at(-1).content).toBe(row.prompt.at(-1)?.content);
    }
  });
});
