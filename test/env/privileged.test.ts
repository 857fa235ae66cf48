import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng, deriveSeed } from '../../src/core/random.js';
import type { Task } from '../../src/core/types.js';
import { getDomain } from '../../src/domains/registry.js';
import { wrongAttemptFixtures } from '../domains/wrong-attempts.js';
import { call, type EnvServer, startEnvServer } from '../helpers/env-server.js';

// Privileged data (reference answers, solutions, unit tests, the verifier's findings) never
// appears in any response. Thousands of seeded episodes over every domain, driven with the wrong
// attempts students write, through every endpoint that answers about an episode.

const EPISODES: Record<string, number> = { math: 900, maze: 400, wordle: 400, countdown: 400, arc: 300, code: 6 };
const ATTEMPTS = 4;
/** Keys that would carry private data if a reply ever included a task or a verdict whole. */
const PRIVATE_KEYS = new Set([
  'privileged',
  'answer',
  'solution',
  'steps',
  'tests',
  'details',
  'summary',
  'grid',
  'reference',
  'output',
  'setup',
]);

let server: EnvServer;
beforeAll(async () => {
  server = await startEnvServer(['--max-attempts', String(ATTEMPTS + 1)]);
}, 30_000);
afterAll(async () => {
  await server?.stop();
});

interface Episode {
  task: Task;
  id: string;
  attempts: string[];
  done: boolean;
}

function keysOf(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) keysOf(v, into);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      into.push(k);
      keysOf(v, into);
    }
  }
  return into;
}

/** The reference answer and worked solution, where long enough to recognise and not already public in the prompt. */
function secrets(task: Task): string[] {
  const candidates = [task.privileged.answer, task.privileged.solution].filter((v): v is string => typeof v === 'string');
  return candidates.filter((s) => s.trim().length >= 3 && !task.prompt.includes(s));
}

/** Every string the server wrote into a reply: not the student's attempts, their extracted answers or the ids the client chose. */
function serverStrings(value: unknown, key = '', into: string[] = []): string[] {
  if (typeof value === 'string') {
    if (!['extracted', 'episode_id', 'episode_key', 'id'].includes(key)) into.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) serverStrings(v, key, into);
  } else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (record.role === 'assistant') return into;
    for (const [k, v] of Object.entries(record)) serverStrings(v, k, into);
  }
  return into;
}

describe('no privileged data in any response', () => {
  it('holds over thousands of seeded episodes in every domain', async () => {
    const episodes: Episode[] = [];
    const replies: Array<{ episode: Episode; body: unknown; authored: string[] }> = [];
    for (const [name, count] of Object.entries(EPISODES)) {
      const domain = getDomain(name);
      const fixture = wrongAttemptFixtures[name];
      if (!fixture) throw new Error(`no wrong-attempt fixture for ${name}`);
      const perLevel = Math.ceil(count / domain.difficulties.length);
      for (const difficulty of domain.difficulties) {
        for (const task of domain.generate({ n: perLevel, seed: 11, difficulty })) {
          const attempts = fixture.attempts(task, createRng(deriveSeed('env-leak', task.id))).slice(0, ATTEMPTS);
          episodes.push({ task, id: '', attempts, done: false });
        }
      }
    }
    expect(episodes.length).toBeGreaterThanOrEqual(2000);
    const batch = async (ops: unknown[]): Promise<unknown[]> => {
      const r = await call(server.url, 'POST', '/v1/batch', { ops });
      expect(r.status).toBe(200);
      return r.body.results as unknown[];
    };
    const chunks = <T>(items: T[], size = 512): T[][] =>
      Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

    for (const chunk of chunks(episodes)) {
      const results = await batch(
        chunk.map((e) => ({ op: 'start', episode_key: `leak/${e.task.id}`, task: { domain: e.task.domain, id: e.task.id } })),
      );
      results.forEach((body, i) => {
        const episode = chunk[i] as Episode;
        const reply = body as { episode_id: string; messages: Array<{ content: string }> };
        episode.id = reply.episode_id;
        // The opening messages are the domain's system prompt and the task's public prompt.
        expect(reply.messages.map((m) => m.content)).toEqual([getDomain(episode.task.domain).systemPrompt, episode.task.prompt]);
        replies.push({ episode, body, authored: [] });
      });
    }
    for (let a = 1; a <= ATTEMPTS; a++) {
      const live = episodes.filter((e) => !e.done && e.attempts.length >= a);
      for (const chunk of chunks(live)) {
        const results = await batch(chunk.map((e) => ({ op: 'attempt', episode_id: e.id, attempt: a, text: e.attempts[a - 1] })));
        results.forEach((body, i) => {
          const episode = chunk[i] as Episode;
          const reply = body as { done: boolean; feedback: { content: string } | null; error?: unknown };
          expect(reply.error).toBeUndefined();
          episode.done = reply.done;
          replies.push({ episode, body, authored: reply.feedback ? [reply.feedback.content] : [] });
        });
      }
    }
    for (const episode of episodes.filter((_, i) => i % 10 === 0)) {
      const state = await call(server.url, 'GET', `/v1/episodes/${episode.id}`);
      const authored = (state.body.messages as Array<{ role: string; content: string }>)
        .slice(2)
        .filter((m) => m.role === 'user')
        .map((m) => m.content);
      replies.push({ episode, body: state.body, authored });
    }

    let feedbackTexts = 0;
    for (const [n, { episode, body, authored }] of replies.entries()) {
      // Checking is CPU work; let the worker answer vitest between slices of it.
      if (n % 500 === 0) await new Promise((done) => setImmediate(done));
      const domain = getDomain(episode.task.domain);
      for (const key of keysOf(body)) expect(PRIVATE_KEYS.has(key), `key "${key}" in a reply for ${episode.task.id}`).toBe(false);
      const written = serverStrings(body).join('\n');
      for (const secret of secrets(episode.task)) {
        expect(written.includes(secret), `${episode.task.id} leaks ${JSON.stringify(secret).slice(0, 80)}`).toBe(false);
      }
      for (const text of authored) {
        expect(domain.leaks(episode.task, text), `${episode.task.id}: ${text}`).toBe(false);
        feedbackTexts++;
      }
    }
    expect(feedbackTexts).toBeGreaterThan(8000);
  }, 180_000);
});
