import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/random.js';
import type { Task } from '../../src/core/types.js';
import { choiceDomain, type ChoicePrivileged } from '../../src/domains/choice/index.js';

const where = { file: 'q.csv', line: 2 };
const gpqaRow = (id: string) => ({
  'Record ID': id,
  Question: 'Which gas makes up most of the atmosphere?',
  'Correct Answer': 'Nitrogen',
  'Incorrect Answer 1': 'Oxygen',
  'Incorrect Answer 2': 'Argon',
  'Incorrect Answer 3': 'Carbon dioxide',
});

function task(): Task<ChoicePrivileged> {
  return choiceDomain.parseRecord(
    { question_id: 1, question: 'Which is prime?', options: ['21', '27', '29', '33'], answer: 'C', answer_index: 2 },
    where,
  );
}

describe('multiple choice', () => {
  it("shuffles GPQA's options per task by its id: the same order every time, the right one not always first", () => {
    const letters = Array.from({ length: 24 }, (_, i) => choiceDomain.parseRecord(gpqaRow(`rec${i}`), where).privileged.answer);
    expect(new Set(letters).size).toBeGreaterThan(2);
    expect(choiceDomain.parseRecord(gpqaRow('rec3'), where)).toEqual(choiceDomain.parseRecord(gpqaRow('rec3'), where));
    const t = choiceDomain.parseRecord(gpqaRow('rec3'), where);
    expect(t.privileged.options[t.privileged.answer.charCodeAt(0) - 65]).toBe('Nitrogen');
  });

  it('accepts the letter or the option text, and under strict only an explicit final answer', () => {
    const t = task();
    expect(choiceDomain.verify(t, 'Answer: C')).toMatchObject({ correct: true, extraction: 'answer-line' });
    expect(choiceDomain.verify(t, 'Answer: C) 29')).toMatchObject({ correct: true });
    expect(choiceDomain.verify(t, 'The answer is 29.')).toMatchObject({ correct: true, extracted: 'C', extraction: 'option-text' });
    expect(choiceDomain.verify(t, '\\boxed{B}')).toMatchObject({
      correct: false,
      extracted: 'B',
      details: { outcome: 'wrong', chosen: 'B' },
    });
    expect(choiceDomain.verify(t, 'I lean to (C) here.')).toMatchObject({ correct: true, extraction: 'last-letter' });
    expect(choiceDomain.verify(t, 'I lean to (C) here.', { extract: 'strict' })).toMatchObject({ correct: false, extraction: 'none' });
    expect(choiceDomain.verify(t, 'Answer: Q')).toMatchObject({ correct: false, details: { outcome: 'not-an-option' } });
  });

  it('feedback names only the wrong choice, and the leak check catches texts that point at the right one', () => {
    const t = task();
    const rng = createRng(1);
    for (const attempt of ['Answer: A', 'Answer: B', 'Answer: D', 'nothing', 'Answer: 91']) {
      const feedback = choiceDomain.scriptedFeedback(t, choiceDomain.verify(t, attempt), rng);
      expect(choiceDomain.leaks(t, feedback)).toBe(false);
    }
    for (const leak of ['The answer is C.', 'Pick (C).', 'It is option c.', 'Try 29.', 'C is correct.', '\\boxed{C}']) {
      expect(choiceDomain.leaks(t, leak), leak).toBe(true);
    }
    expect(choiceDomain.leaks(t, 'Option B is not the right answer. Reconsider the options A to D.')).toBe(false);
  });

  it('refuses an MMLU-Pro record whose answer and answer_index disagree, naming the field', () => {
    const record = { question: 'q', options: ['x', 'y', 'z'], answer: 'B', answer_index: 2 };
    expect(() => choiceDomain.parseRecord(record, where)).toThrow('q.csv:2: field "answer_index": 2 disagrees with answer "B"');
    expect(() => choiceDomain.parseRecord({ ...record, answer: 'E', answer_index: 4 }, where)).toThrow(
      'field "answer": "E" names no option',
    );
  });
});
