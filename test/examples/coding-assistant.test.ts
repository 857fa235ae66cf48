import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';
import { type FakeServer, startFakeServer } from '../helpers/fake-llm-server.js';

// The example coding assistant run as a process against a scripted model behind a real HTTP
// server (the OpenAI chat-completions wire): a wrong implementation, then one the compiler
// rejects, then the fix; every check is the real TypeScript compiler and a real Node test run.

const APP = join(ROOT, 'dist/examples/coding-assistant/main.js');
const SAMPLE = join(ROOT, 'examples/coding-assistant/sample');
const fence = (code: string) => `Here is the implementation:\n\`\`\`ts\n${code}\n\`\`\``;
const REPLIES = [
  fence("export function slugify(title: string): string {\n  return title.toLowerCase().replace(/ /g, '-');\n}"),
  fence(
    "export function slugify(title: string): string {\n  const words: number[] = title.toLowerCase().split(/[^a-z0-9]+/);\n  return words.filter(Boolean).join('-');\n}",
  ),
  fence(
    "export function slugify(title: string): string {\n  const words: string[] = title.toLowerCase().split(/[^a-z0-9]+/);\n  return words.filter(Boolean).join('-');\n}",
  ),
];

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer((request) => REPLIES[request.messages.filter((m) => m.role === 'assistant').length] ?? 'no more replies');
});
afterAll(() => server.close());

function runApp(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((done) =>
    execFile(
      process.execPath,
      [APP, ...args],
      { cwd: ROOT, env: { ...process.env, OPENAI_COMPATIBLE_API_KEY: 'test-key' } },
      (error, stdout, stderr) => done({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    ),
  );
}

describe('examples/coding-assistant', () => {
  it('loops from a wrong answer through a compile error to code that passes', { timeout: 120_000 }, async () => {
    const record = tempDir();
    const r = await runApp([
      '--model',
      `openai-compatible:${server.url}/v1#scripted-coder`,
      '--stub',
      join(SAMPLE, 'slugify.ts'),
      '--tests',
      join(SAMPLE, 'slugify.test.ts'),
      '--record',
      record,
    ]);
    expect(r.status, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/── attempt 1: FAIL \(a test fails\)/);
    expect(r.stdout).toMatch(/AssertionError[\s\S]*'hello,-world!'[\s\S]*'hello-world'[\s\S]*slugify\.test\.ts:5:8/);
    expect(r.stdout).toMatch(/── attempt 2: FAIL \(1 TypeScript error\)/);
    expect(r.stdout).toMatch(/slugify\.ts\(2,9\): error TS2322: Type 'string\[\]' is not assignable to type 'number\[\]'/);
    expect(r.stdout).toMatch(/── attempt 3: PASS/);
    expect(r.stdout).toMatch(/passed after 3 attempt\(s\)/);

    // What the model was sent: the compiler's words reached it as the next user message.
    expect(server.requests).toHaveLength(3);
    const third = server.requests[2]?.messages ?? [];
    expect(third[third.length - 1]?.content).toMatch(/error TS2322/);

    // The dialogue is a run like any other.
    const shown = await runCli(['show', record]);
    expect(shown.status, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/coding-assistant/);
  });

  it('says so when the model never gets there', { timeout: 120_000 }, async () => {
    const r = await runApp([
      '--model',
      `openai-compatible:${server.url}/v1#scripted-coder`,
      '--stub',
      join(SAMPLE, 'slugify.ts'),
      '--tests',
      join(SAMPLE, 'slugify.test.ts'),
      '--max-attempts',
      '1',
    ]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/not passing after 1 attempt\(s\)/);
  });
});
