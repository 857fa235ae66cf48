import { describe, expect, it } from 'vitest';
import { checkAttempt } from '../../src/runner/check-attempt.js';

describe('checkAttempt (didactic verify)', () => {
  it("gives the verdict and, for a wrong attempt, the scripted teacher's feedback", async () => {
    const wrong = await checkAttempt({ domain: 'math', task: '{"prompt": "p", "answer": 7}', attempt: 'Answer: 8' });
    expect(wrong.task.privileged.answer).toBe('7');
    expect(wrong.verdict).toMatchObject({ extracted: '8', correct: false });
    expect(wrong.feedback).toEqual(expect.any(String));
    const right = await checkAttempt({ domain: 'math', task: '{"prompt": "p", "answer": 7}', attempt: 'Answer: 7' });
    expect(right).toMatchObject({ verdict: { correct: true }, feedback: null });
  });

  it('names the flag and line of a task that is not JSON', async () => {
    await expect(checkAttempt({ domain: 'math', task: '{"prompt"', attempt: 'x' })).rejects.toThrow(/^--task:1: invalid JSON/);
  });
});
