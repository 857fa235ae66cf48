import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChatModel } from '../../src/core/types.js';
import { createFeedbackLoop } from '../../src/loop/feedback-loop.js';
import { RunStore } from '../../src/store/run-store.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { startFakeServer } from '../helpers/fake-llm-server.js';
import { DIDACTIC } from '../helpers/plugins.js';

/** A model that says the replies given, in order, and keeps what it was shown. */
function scripted(replies: string[]): ChatModel & { seen: string[][] } {
  const seen: string[][] = [];
  return {
    id: 'test:scripted',
    seen,
    async generate({ messages }) {
      seen.push(messages.map((m) => m.content));
      return { text: replies[seen.length - 1] ?? 'out of replies', usage: { inputTokens: 1, outputTokens: 1 } };
    },
  };
}

const isJson = (attempt: string) => {
  try {
    JSON.parse(attempt);
    return { passed: true };
  } catch (error) {
    return { passed: false, summary: 'not valid JSON', details: (error as Error).message };
  }
};

describe('createFeedbackLoop', () => {
  it("relays the app's verdict as the next user message until the check passes", async () => {
    const model = scripted(['{"a": 1,}', '{"a": 1}']);
    const turns: string[] = [];
    const loop = createFeedbackLoop({ model, check: isJson, maxAttempts: 3, onTurn: (t) => void turns.push(t.role) });
    const result = await loop.run('Give me a JSON object with a = 1.');
    expect(result).toMatchObject({ passed: true, attempt: '{"a": 1}', attempts: 2 });
    expect(turns).toEqual(['student', 'teacher', 'student']);
    const feedback = result.transcript[3];
    expect(feedback?.role).toBe('user');
    expect(feedback?.content).toMatch(/not valid JSON/);
    expect(feedback?.content).toMatch(/JSON/);
    // The second attempt saw the first and the relayed feedback.
    expect(model.seen[1]?.slice(-2)).toEqual(['{"a": 1,}', feedback?.content]);
    await loop.close();
  });

  it('stops at maxAttempts and says it did not pass', async () => {
    const loop = createFeedbackLoop({ model: scripted(['no', 'still no']), check: isJson, maxAttempts: 2 });
    const result = await loop.run('JSON please');
    expect(result).toMatchObject({ passed: false, attempt: 'still no', attempts: 2 });
  });

  it('uses a teacher of its own, and refuses a budget below one', async () => {
    const teacher = { name: 'terse', mode: 'feedback' as const, privileged: true, feedback: async () => ({ text: 'Fix the comma.' }) };
    const loop = createFeedbackLoop({ model: scripted(['{,}', '{}']), check: isJson, teacher, maxAttempts: 2 });
    expect((await loop.run('JSON')).transcript[3]?.content).toBe('Fix the comma.');
    expect(() => createFeedbackLoop({ model: scripted([]), check: isJson, maxAttempts: 0 })).toThrow(/maxAttempts/);
  });

  it('takes an llm: reviewer, which reads the verdict as privileged checker details', async () => {
    const server = await startFakeServer(() => 'Reviewer: the trailing comma breaks it.');
    try {
      const loop = createFeedbackLoop({
        model: scripted(['{"a": 1,}', '{"a": 1}']),
        check: isJson,
        teacher: `llm:openai-compatible:${server.url}/v1#reviewer`,
        maxAttempts: 2,
      });
      const result = await loop.run('JSON with a = 1');
      await loop.close();
      expect(result.passed).toBe(true);
      expect(result.transcript[3]?.content).toBe('Reviewer: the trailing comma breaks it.');
      const asked = JSON.stringify(server.requests[0]?.messages);
      expect(asked).toMatch(/not valid JSON/);
    } finally {
      await server.close();
    }
  });

  it('records every dialogue into a run store', async () => {
    const dir = tempDir();
    const loop = createFeedbackLoop({
      model: scripted(['x', '{}', '[]']),
      check: isJson,
      maxAttempts: 2,
      record: { dir, name: 'json-app' },
    });
    await loop.run('first');
    await loop.run('second');
    await loop.close();
    const store = RunStore.open(dir, { create: false });
    try {
      expect(store.tasks().map((t) => t.prompt)).toEqual(['first', 'second']);
      expect(store.episodes().map((e) => [e.domain, e.condition, e.solvedAt])).toEqual([
        ['json-app', 'relay', 2],
        ['json-app', 'relay', 1],
      ]);
    } finally {
      store.close();
    }
  });
});

describe('a recorded feedback loop, from an app process', () => {
  it('writes a run `didactic show` reads', async () => {
    const dir = tempDir();
    const app = join(tempDir(), 'app.mjs');
    writeFileSync(
      app,
      `import { createFeedbackLoop } from '${DIDACTIC}';
const replies = ['let x = ;', 'let x = 1;'];
const model = { id: 'app:scripted', async generate() { return { text: replies.shift(), usage: { inputTokens: 0, outputTokens: 0 } }; } };
const check = (code) => code.includes('= ;') ? { passed: false, summary: 'syntax error', details: 'line 1: expression expected after =' } : { passed: true };
const loop = createFeedbackLoop({ model, check, maxAttempts: 3, record: { dir: process.argv[2], name: 'linter' } });
const result = await loop.run('Declare x as 1.');
await loop.close();
console.log(JSON.stringify({ passed: result.passed, attempts: result.attempts }));
`,
    );
    const out = await new Promise<string>((done, fail) =>
      execFile(process.execPath, [app, dir], (error, stdout, stderr) => (error ? fail(new Error(stderr)) : done(stdout))),
    );
    expect(JSON.parse(out)).toEqual({ passed: true, attempts: 2 });
    const shown = await runCli(['show', dir]);
    expect(shown.status, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/linter/);
    expect(shown.stdout).toMatch(/line 1: expression expected after =/);
    expect(shown.stdout).toMatch(/let x = 1;/);
    const html = join(tempDir(), 'report.html');
    const report = await runCli(['report', dir, '--out', html]);
    expect(report.status, report.stderr).toBe(0);
    expect(readFileSync(html, 'utf8')).toMatch(/linter/);
    // Training data from the recorded dialogues, in another process than the app's.
    const data = join(tempDir(), 'solved.jsonl');
    const exported = await runCli(['data', 'dialogues', dir, '--kind', 'solved', '--out', data]);
    expect(exported.status, exported.stderr).toBe(0);
    const [example] = readFileSync(data, 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { messages: { role: string; content: string; train?: boolean }[] }).messages);
    expect(example?.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant']);
    expect(example?.[1]?.content).toBe('Declare x as 1.');
    expect(example?.[2]).toMatchObject({ content: 'let x = ;', train: false });
    expect(example?.[3]?.content).toMatch(/line 1: expression expected after =/);
    expect(example?.[4]).toEqual({ role: 'assistant', content: 'let x = 1;' });
    // A correction needs a reply the app's check confirms, which only the app can give.
    const corrected = await runCli(['data', 'dialogues', dir, '--kind', 'corrected', '--out', join(tempDir(), 'c.jsonl')]);
    expect(corrected.status, corrected.stderr).toBe(0);
    expect(corrected.stderr).toMatch(/wrote 0 corrected examples from 1 episodes.*1 corrections left out/);
  });
});
