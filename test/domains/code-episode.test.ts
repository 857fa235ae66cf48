import { afterAll, describe, expect, it } from 'vitest';
import { runEpisode } from '../../src/core/episode.js';
import type { ChatModel } from '../../src/core/types.js';
import { codeDomain } from '../../src/domains/code/index.js';
import { chooseSandbox, closeSharedSandbox } from '../../src/sandbox/index.js';
import { createTeacher } from '../../src/teachers/registry.js';

// A whole didactic dialogue over a code task: the verdict comes from the sandbox (asynchronously),
// the scripted teacher names the failing call, and the student's second try passes.

chooseSandbox('pyodide', { workers: 1 });
afterAll(closeSharedSandbox);

const task = codeDomain.parseRecord(
  {
    id: 'double',
    domain: 'code',
    prompt: 'Write double(n) that returns twice n.',
    privileged: {
      answer: 'def double(n):\n    return n * 2\n',
      entryPoint: 'double',
      setup: '',
      tests: [
        { kind: 'equals', call: 'double(2)', expected: '4' },
        { kind: 'equals', call: 'double(5)', expected: '10' },
      ],
    },
  },
  { file: 'inline', line: 1 },
);

describe('a code episode', () => {
  it('fails, gets feedback naming the failing call, then passes', async () => {
    const seen: string[] = [];
    const student: ChatModel = {
      id: 'test:two-tries',
      async generate({ messages }) {
        seen.push(messages[messages.length - 1]?.content ?? '');
        const text =
          seen.length === 1 ? '```python\ndef double(n):\n    return n + 2\n```' : '```python\ndef double(n):\n    return n * 2\n```';
        return { text, usage: { inputTokens: 1, outputTokens: 1 } };
      },
    };
    const result = await runEpisode({ task, domain: codeDomain, teacher: createTeacher('scripted'), student, turns: 3, seed: 1 });
    expect(result.solvedAt).toBe(2);
    const feedback = result.turns.find((t) => t.role === 'teacher');
    expect(feedback?.text).toContain('double(5)');
    expect(feedback?.text).not.toContain('n * 2');
    expect(seen[1]).toBe(feedback?.text);
  }, 60_000);
});
