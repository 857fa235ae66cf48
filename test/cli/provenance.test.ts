import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mathDomain } from '../../src/domains/math/index.js';
import { type FakeServer, startFakeServer } from '../helpers/fake-llm-server.js';
import { NOISY_STUDENT, ROOT, runCli, tempDir } from '../helpers/cli.js';

// summary.json says what a run was made from: fingerprints of the tasks, prompts, templates and
// domain code, the version and git revision, the settings asked for and the model ids reported back.

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer(() => 'Answer: 7', { reportModel: (asked) => `${asked}-2025-01-31` });
});
afterAll(async () => {
  await server.close();
});

const summaryOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('provenance in summary.json (subprocess)', () => {
  it('fingerprints the task set, prompts and domain code; the same run gives the same ones, other tasks others', async () => {
    const dir = tempDir();
    const base = ['eval', '--student', NOISY_STUDENT, '--domain', 'math', '--turns', '2', '--teacher', 'scripted'];
    expect((await runCli([...base, '--tasks', '5', '--out', join(dir, 'a')])).status).toBe(0);
    expect((await runCli([...base, '--tasks', '5', '--out', join(dir, 'b')])).status).toBe(0);
    expect((await runCli([...base, '--tasks', '6', '--out', join(dir, 'c')])).status).toBe(0);
    const [a, b, c] = ['a', 'b', 'c'].map((r) => summaryOf(join(dir, r)).provenance);
    expect(a.tasksSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(a.domains.math).toMatch(/^[0-9a-f]{64}$/);
    expect(a.systemPrompts.math).toBe(sha256(mathDomain.systemPrompt));
    const head = await promisify(execFile)('git', ['rev-parse', 'HEAD'], { cwd: ROOT }).then(
      (r) => r.stdout.trim(),
      () => null,
    );
    expect(a.gitRevision).toBe(head);
    expect(b).toEqual(a);
    expect(c.tasksSha256).not.toBe(a.tasksSha256);
    expect(c.domains).toEqual(a.domains);
    expect(a.studentModels).toEqual([]); // a module: student reports no model id
  }, 60_000);

  it('records the model id the provider reported and the reasoning settings asked for', async () => {
    const out = join(tempDir(), 'run');
    const env = { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${server.url}/v1` };
    const args = ['eval', '--student', 'openai:o3-mini', '--domain', 'math', '--tasks', '2', '--turns', '1', '--teacher', 'none'];
    const r = await runCli([...args, '--student-settings', 'reasoningEffort=high', '--max-retries', '0', '--out', out], env);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.status).toBe(0);
    const summary = summaryOf(out);
    expect(summary.provenance.studentModels).toEqual(['o3-mini-2025-01-31']);
    expect(summary.run).toMatchObject({ student: 'openai:o3-mini', settings: { reasoningEffort: 'high' }, extract: 'lenient' });
    expect(server.requests.at(-1)?.body).toMatchObject({ reasoning_effort: 'high' });
  }, 60_000);
});
