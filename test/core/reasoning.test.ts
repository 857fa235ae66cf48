import { describe, expect, it } from 'vitest';
import { splitReasoning } from '../../src/core/reasoning.js';
import { findMathAnswer } from '../../src/domains/math/extract.js';

describe('reasoning is removed before extraction', () => {
  it('takes out <think> blocks, a reply that starts inside one, and thinking that never closed', () => {
    expect(splitReasoning('<think>maybe 7</think>\nAnswer: 8')).toEqual({ answer: 'Answer: 8', reasoning: '<think>maybe 7</think>' });
    expect(splitReasoning('it is 7, no…</think>Answer: 8').answer).toBe('Answer: 8');
    expect(splitReasoning('Answer: 5 <thinking>but 7?').answer).toBe('Answer: 5');
    expect(splitReasoning('<think>the answer is 7 and the reply was cut off')).toEqual({
      answer: '',
      reasoning: '<think>the answer is 7 and the reply was cut off',
    });
    expect(splitReasoning('no tags at all: 3')).toEqual({ answer: 'no tags at all: 3', reasoning: '' });
  });
});

describe('math extraction modes', () => {
  it('says how the answer was found, and under strict takes no last number', () => {
    expect(findMathAnswer('so \\boxed{12}. Answer: 3')).toEqual({ value: '12', method: 'boxed' });
    expect(findMathAnswer('Final answer: 3')).toEqual({ value: '3', method: 'answer-line' });
    expect(findMathAnswer('I think 4, or 5')).toEqual({ value: '5', method: 'last-number' });
    expect(findMathAnswer('I think 4, or 5', 'strict')).toEqual({ value: null, method: 'none' });
    expect(findMathAnswer('Answer: 5', 'strict')).toEqual({ value: '5', method: 'answer-line' });
    expect(findMathAnswer('no idea')).toEqual({ value: null, method: 'none' });
  });
});
