import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Task } from '../../src/core/types.js';
import { getDomain } from '../../src/domains/registry.js';
import type { MathPrivileged } from '../../src/domains/math/types.js';
import { runCli, tempDir } from '../helpers/cli.js';

// `didactic data synthetic`: dialogues a start model learns to answer after feedback from,
// without learning anything from what the feedback says.

interface Message {
  role: string;
  content: string;
  train?: boolean;
}

const math = getDomain('math');

async function write(args: string[], domain = 'math'): Promise<Message[][]> {
  const out = join(tempDir('didactic-synthetic-'), 'data.jsonl');
  const r = await runCli(['data', 'synthetic', '--domain', domain, '--out', out, ...args]);
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { messages: Message[] }).messages);
}

/** The task each example asks, regenerated from the same seed. */
function tasksOf(n: number, seed: number, difficulty: number): Task<MathPrivileged>[] {
  return math.generate({ n, seed, difficulty }) as Task<MathPrivileged>[];
}

/** Share of follow-up feedback whose direction (too high / too low) is the shown attempt's real one. */
async function directionAgreement(examples: Message[][], tasks: Task[]): Promise<{ agree: number; directed: number }> {
  let agree = 0;
  let directed = 0;
  for (const [i, messages] of examples.entries()) {
    const task = tasks[i] as Task;
    for (let m = 2; m + 1 < messages.length; m += 2) {
      const attempt = messages[m] as Message;
      const feedback = (messages[m + 1] as Message).content;
      const said = /too high|larger than/.test(feedback) ? 'too-high' : /too low|smaller than/.test(feedback) ? 'too-low' : null;
      const verdict = await math.verify(task, attempt.content);
      const real = (verdict.details as { direction?: string }).direction;
      if (!said || (real !== 'too-high' && real !== 'too-low')) continue;
      directed++;
      if (said === real) agree++;
    }
  }
  return { agree, directed };
}

describe('didactic data synthetic', () => {
  it('writes earlier wrong attempts as context, real scripted feedback, and a trained reply that verifies', async () => {
    const examples = await write(['--difficulty', '2', '--n', '300', '--seed', '5']);
    const tasks = tasksOf(300, 5, 2);
    expect(examples).toHaveLength(300);
    let dialogues = 0;
    for (const [i, messages] of examples.entries()) {
      const task = tasks[i] as Task<MathPrivileged>;
      expect(messages[1]?.content).toBe(task.prompt);
      const reply = messages.at(-1) as Message;
      expect(reply.role).toBe('assistant');
      expect(reply.train).toBeUndefined();
      expect((await math.verify(task, reply.content)).correct).toBe(true);
      // Multi-step tasks: the reply writes each intermediate value.
      for (const step of (task.privileged.steps ?? []).slice(0, -1)) expect(reply.content).toContain(`${step.description}: ${step.value}`);
      const earlier = messages.slice(2, -1);
      expect(earlier.length % 2).toBe(0);
      expect(earlier.length / 2).toBeLessThanOrEqual(3);
      if (earlier.length) dialogues++;
      for (let m = 0; m < earlier.length; m += 2) {
        const attempt = earlier[m] as Message;
        const feedback = earlier[m + 1] as Message;
        expect(attempt).toMatchObject({ role: 'assistant', train: false });
        expect((await math.verify(task, attempt.content)).correct).toBe(false);
        expect(feedback.role).toBe('user');
        expect(math.leaks(task, feedback.content)).toBe(false);
      }
    }
    // About half are dialogues (--dialogue-share 0.5).
    expect(dialogues).toBeGreaterThan(100);
    expect(dialogues).toBeLessThan(200);
  }, 60_000);

  it('shuffled feedback says nothing about the attempt it follows; true feedback is about it', async () => {
    const args = ['--difficulty', '1', '--n', '600', '--seed', '9', '--dialogue-share', '1'];
    const tasks = tasksOf(600, 9, 1);
    const shuffled = await directionAgreement(await write(args), tasks);
    const truthful = await directionAgreement(await write([...args, '--feedback', 'true']), tasks);
    expect(truthful.directed).toBeGreaterThan(300);
    expect(truthful.agree).toBe(truthful.directed);
    // The decoy's direction matches the attempt's by chance only.
    expect(shuffled.directed).toBeGreaterThan(300);
    expect(shuffled.agree / shuffled.directed).toBeGreaterThan(0.4);
    expect(shuffled.agree / shuffled.directed).toBeLessThan(0.6);
  }, 60_000);

  it('writes maze dialogues whose true feedback names the move the shown path fails at, and whose shuffled feedback mostly does not', async () => {
    const maze = getDomain('maze');
    const tasks = maze.generate({ n: 400, seed: 7, difficulty: 1 });
    // The failing move a feedback text names ("Move 3 goes ...", "At move 3 ..."; not "Up to move 2"), or null.
    const named = (text: string): number | null => {
      const m = /(?:Move|At move) (\d+)/.exec(text);
      return m ? Number(m[1]) : null;
    };
    const agreement = async (examples: Message[][]): Promise<{ agree: number; placed: number }> => {
      let agree = 0;
      let placed = 0;
      for (const [i, messages] of examples.entries()) {
        const task = tasks[i] as Task;
        expect((await maze.verify(task, (messages.at(-1) as Message).content)).correct).toBe(true);
        for (let m = 2; m + 1 < messages.length - 1; m += 2) {
          const verdict = await maze.verify(task, (messages[m] as Message).content);
          expect(verdict.correct).toBe(false);
          const feedback = (messages[m + 1] as Message).content;
          expect(maze.leaks(task, feedback)).toBe(false);
          const real = (verdict.details as { move?: number }).move;
          const said = named(feedback);
          if (real === undefined || said === null) continue;
          placed++;
          if (said === real) agree++;
        }
      }
      return { agree, placed };
    };
    const out = (feedback: string): Promise<Message[][]> =>
      write(['--difficulty', '1', '--n', '400', '--seed', '7', '--dialogue-share', '1', '--feedback', feedback], 'maze');
    const truthful = await agreement(await out('true'));
    const shuffled = await agreement(await out('shuffled'));
    expect(truthful.placed).toBeGreaterThan(150);
    expect(truthful.agree).toBe(truthful.placed);
    expect(shuffled.placed).toBeGreaterThan(60);
    // A decoy fails at the same move as the shown path by chance only (22% here).
    expect(shuffled.agree / shuffled.placed).toBeLessThan(0.4);
  }, 60_000);

  it('refuses a domain it has no attempt writer for, naming the ones it has', async () => {
    const r = await runCli(['data', 'synthetic', '--domain', 'countdown', '--out', join(tempDir(), 'x.jsonl')]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/written for: math, maze/);
    expect(r.stderr).not.toMatch(/ {4}at /);
  });
});
