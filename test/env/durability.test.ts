import { afterEach, describe, expect, it } from 'vitest';
import { getDomain } from '../../src/domains/registry.js';
import { tempDir } from '../helpers/cli.js';
import { call, type EnvServer, startEnvServer } from '../helpers/env-server.js';

// A reply is committed before it is sent: a server killed with SIGKILL and started again on the
// same store answers every replay identically and continues the open episodes.

const running: EnvServer[] = [];
const serve = async (args: string[]): Promise<EnvServer> => {
  const s = await startEnvServer(args);
  running.push(s);
  return s;
};
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

const tasks = getDomain('math').generate({ n: 40, seed: 3, difficulty: 2 });
const wrong = (i: number, attempt: number): string => `Answer: ${Number(tasks[i]?.privileged.answer) + attempt}`;

describe('didactic env serve --store', () => {
  it('survives SIGKILL: replays are identical and open episodes continue', async () => {
    const store = tempDir('didactic-env-store-');
    const first = await serve(['--store', store]);
    const ids: string[] = [];
    const replies = new Map<string, unknown>();
    for (let i = 0; i < 40; i++) {
      const s = await call(first.url, 'POST', '/v1/episodes', {
        episode_key: `kill/${i}`,
        task: { domain: 'math', seed: 3, difficulty: 2, index: i },
      });
      ids.push(s.body.episode_id);
      replies.set(`start/${i}`, s.body);
      // Half the episodes get one wrong attempt, a quarter two.
      for (let a = 1; a <= (i % 4 === 0 ? 2 : i % 2); a++) {
        const r = await call(first.url, 'POST', `/v1/episodes/${s.body.episode_id}/attempts`, { attempt: a, text: wrong(i, a) });
        expect(r.status).toBe(200);
        replies.set(`${i}/${a}`, r.body);
      }
    }
    await first.stop('SIGKILL');
    expect(first.process.signalCode).toBe('SIGKILL');

    const second = await serve(['--store', store]);
    for (let i = 0; i < 40; i++) {
      const again = await call(second.url, 'POST', '/v1/episodes', {
        episode_key: `kill/${i}`,
        task: { domain: 'math', seed: 3, difficulty: 2, index: i },
      });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(replies.get(`start/${i}`));
      const taken = i % 4 === 0 ? 2 : i % 2;
      for (let a = 1; a <= taken; a++) {
        const r = await call(second.url, 'POST', `/v1/episodes/${ids[i]}/attempts`, { attempt: a, text: wrong(i, a) });
        expect(r.headers.get('idempotent-replay')).toBe('true');
        expect(r.body).toEqual(replies.get(`${i}/${a}`));
      }
      // The episode goes on from where it stopped.
      const next = await call(second.url, 'POST', `/v1/episodes/${ids[i]}/attempts`, {
        attempt: taken + 1,
        text: `Answer: ${tasks[i]?.privileged.answer}`,
      });
      expect(next.status).toBe(200);
      expect(next.body).toMatchObject({ attempt: taken + 1, done: true, reason: 'solved' });
      expect(next.body.reward.episode).toBeCloseTo(0.7 ** taken, 12);
    }
  }, 60_000);

  it('writes the same scripted feedback for the same episode key and attempt, on any server', async () => {
    const [a, b] = await Promise.all([serve(['--store', tempDir('didactic-env-a-')]), serve([])]);
    for (let i = 0; i < 20; i++) {
      const feedback = await Promise.all(
        [a, b].map(async (s) => {
          const id = (
            await call(s.url, 'POST', '/v1/episodes', {
              episode_key: `seeded/${i}`,
              task: { domain: 'math', seed: 3, difficulty: 2, index: i },
            })
          ).body.episode_id;
          const r = await call(s.url, 'POST', `/v1/episodes/${id}/attempts`, { attempt: 1, text: wrong(i, 1) });
          return r.body.feedback.content as string;
        }),
      );
      expect(feedback[0]).toBe(feedback[1]);
    }
  }, 60_000);
});

describe('didactic env serve --episode-ttl', () => {
  it('expires idle episodes: GET says expired, an attempt gets 410', async () => {
    const s = await serve(['--episode-ttl', '1']);
    const idle = (await call(s.url, 'POST', '/v1/episodes', { episode_key: 'idle', task: { domain: 'math', seed: 3, index: 0 } })).body
      .episode_id;
    const busy = (
      await call(s.url, 'POST', '/v1/episodes', {
        episode_key: 'busy',
        task: { domain: 'math', seed: 3, difficulty: 2, index: 1 },
        max_attempts: 5,
      })
    ).body.episode_id;
    // The busy one is kept alive by its attempts; the idle one is not.
    for (let a = 1; a <= 3; a++) {
      await new Promise((done) => setTimeout(done, 500));
      const r = await call(s.url, 'POST', `/v1/episodes/${busy}/attempts`, { attempt: a, text: wrong(1, a) });
      expect(r.status).toBe(200);
    }
    const state = await call(s.url, 'GET', `/v1/episodes/${idle}`);
    expect(state.body).toMatchObject({ status: 'expired', done: true, reason: 'expired' });
    const late = await call(s.url, 'POST', `/v1/episodes/${idle}/attempts`, { attempt: 1, text: 'Answer: 1' });
    expect(late.status).toBe(410);
    expect(late.body.error).toMatchObject({ code: 'episode_expired', retryable: false });
    const stats = await call(s.url, 'GET', '/v1/stats');
    expect(stats.body.episodes_open).toBe(1);
  }, 30_000);
});
