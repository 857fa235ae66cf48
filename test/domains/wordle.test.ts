import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/random.js';
import type { Task } from '../../src/core/types.js';
import { wordleDomain, wordList, score, type WordlePrivileged } from '../../src/domains/wordle/index.js';
import { consistent } from '../../src/domains/wordle/pattern.js';
import { describeMarks } from '../../src/domains/wordle/feedback.js';

const domain = wordleDomain;

describe('wordle word list', () => {
  it('ships hundreds of distinct five-letter words', () => {
    const words = wordList();
    expect(words.length).toBeGreaterThan(800);
    expect(new Set(words).size).toBe(words.length);
    for (const w of words) expect(w).toMatch(/^[A-Z]{5}$/);
  });
});

describe('wordle scoring', () => {
  it('marks greens, yellows and greys', () => {
    expect(score('TRACE', 'CRANE').join('')).toBe('-GGYG');
    expect(score('CRANE', 'CRANE').join('')).toBe('GGGGG');
    expect(score('BLOWN', 'CRANE').join('')).toBe('----Y');
  });
  it('scores duplicate letters the way the game does', () => {
    // Target has one E: the green E takes it, the other E is grey.
    expect(score('SPEED', 'ABIDE').join('')).toBe('--Y-Y');
    expect(score('EERIE', 'THEME').join('')).toBe('Y---G');
    // Two Ls in the target, three in the guess: only two get marked.
    expect(score('LLAMA', 'HELLO').join('')).toBe('YY---');
  });
  it('describes the marks in words, with exact counts for repeated letters', () => {
    expect(describeMarks('SPEED', score('SPEED', 'ABIDE'))).toBe(
      'E and D are in the word but misplaced; S and P are not in the word; the word has exactly 1 E.',
    );
    expect(describeMarks('BLOWN', score('BLOWN', 'CRANE'))).toContain('N is in the word but misplaced');
  });
});

// Determinism, round trips of the native format, the reference verifying and scripted feedback never
// leaking (nor holding a listed word but the guess) are checked for every domain in contract.test.ts.

describe('wordle generator', () => {
  it('makes solvable games at every level: the target is a listed word, and the prompt only gives what the level allows', () => {
    for (const difficulty of domain.difficulties) {
      for (const task of domain.generate({ n: 50, seed: 1, difficulty })) {
        const target = task.privileged.answer;
        expect(wordList()).toContain(target);
        expect(domain.verify(task, `Answer: ${target.toLowerCase()}`).correct).toBe(true);
        if (difficulty <= 2) {
          expect(task.privileged.candidates).toContain(target);
          expect(task.privileged.candidates).toHaveLength(difficulty === 1 ? 6 : 20);
        } else {
          expect(task.privileged.candidates).toBeUndefined();
          // No list: the target is not written in the prompt.
          expect(new RegExp(`\\b${target}\\b`).test(task.prompt)).toBe(false);
        }
        if (difficulty === 3) expect(task.prompt).toMatch(/Hint: the \w+ letter is [A-Z]\./);
      }
    }
  });
});

describe('wordle extraction', () => {
  const cases: Array<[string, string | null]> = [
    ['Answer: CRANE', 'CRANE'],
    ['I think it is a common word.\nAnswer: crane', 'CRANE'],
    ['Guess: slate', 'SLATE'],
    ['My final answer is **TRACE**.', 'TRACE'],
    ['\\boxed{crane}', 'CRANE'],
    ['Answer: "crane"', 'CRANE'],
    ['Answer: C R A N E', 'CRANE'],
    ['Answer: my guess is crane', 'CRANE'],
    ['Answer: I will try PLANT now', 'PLANT'],
    ['crane', 'CRANE'],
    ['Answer: CRANES', 'CRANES'],
    ['Answer: CR4NE', 'CR4NE'],
    ['Let me think about letters.', null],
    ['', null],
    ['Answer: SLATE\nOn second thought,\nAnswer: CRANE', 'CRANE'],
  ];
  it.each(cases)('%j → %j', (text, expected) => {
    expect(domain.extract(text)).toBe(expected);
  });
});

function task(target: string, candidates?: string[]): Task<WordlePrivileged> {
  return domain.parseRecord({ target, ...(candidates ? { candidates } : {}) }, { file: 't.jsonl', line: 1 });
}

describe('wordle verification', () => {
  const t = task('crane');
  it('accepts the word in any case', () => {
    expect(domain.verify(t, 'Answer: Crane').correct).toBe(true);
  });
  it('scores a wrong five-letter guess', () => {
    const v = domain.verify(t, 'Answer: trace');
    expect(v.correct).toBe(false);
    expect(v.details).toMatchObject({ outcome: 'scored', guess: 'TRACE', marks: ['-', 'G', 'G', 'Y', 'G'] });
  });
  it('reports wrong length, non-letters and missing guesses', () => {
    expect(domain.verify(t, 'Answer: cranes').details.outcome).toBe('bad-length');
    expect(domain.verify(t, 'Answer: cr4ne').details.outcome).toBe('not-letters');
    expect(domain.verify(t, 'no idea').details.outcome).toBe('no-answer');
  });
  it('notes a guess outside the listed candidates', () => {
    const listed = task('crane', ['crane', 'slate', 'plant']);
    expect(domain.verify(listed, 'Answer: trace').details.notACandidate).toBe(true);
    expect(domain.verify(listed, 'Answer: slate').details.notACandidate).toBeUndefined();
  });
  it('treats answers as the same regardless of case', () => {
    expect(domain.sameAnswer('crane', 'CRANE')).toBe(true);
    expect(domain.sameAnswer('crane', 'trace')).toBe(false);
  });
});

describe('wordle task records', () => {
  it('names the field of a bad record', () => {
    expect(() => domain.parseRecord({ target: 'toolong' }, { file: 'w.jsonl', line: 4 })).toThrow(/w\.jsonl:4: field "target"/);
    expect(() => domain.parseRecord({ word: 'crane' }, { file: 'w.jsonl', line: 5 })).toThrow(/w\.jsonl:5: field "target": missing/);
    expect(() => domain.parseRecord({ target: 'crane', candidates: ['slate', 'plant'] }, { file: 'w.jsonl', line: 6 })).toThrow(
      /field "candidates"/,
    );
  });
});

describe('wordle leak check', () => {
  const t = task('crane');
  it('catches the target written out', () => {
    expect(domain.leaks(t, 'The word is CRANE.')).toBe(true);
    expect(domain.leaks(t, 'think of a crane, the bird')).toBe(true);
    expect(domain.leaks(t, 'It is spelled C R A N E.')).toBe(true);
    expect(domain.leaks(t, 'c-r-a-n-e')).toBe(true);
  });
  it('lets the pattern and other words through', () => {
    expect(domain.leaks(t, 'TRACE  - G G Y G\nR, A and E are in the correct spot.')).toBe(false);
    expect(domain.leaks(t, 'CRANES has six letters')).toBe(false);
  });
});

describe('wordle feedback is enough to solve', () => {
  it('a solver that keeps only words consistent with the marks always finds the word within six guesses', () => {
    const words = wordList();
    for (const t of domain.generate({ n: 30, seed: 2, difficulty: 4 })) {
      let candidates = words.slice();
      let solved = false;
      for (let turn = 0; turn < 6 && !solved; turn++) {
        const guess = candidates[Math.floor(candidates.length / 2)] as string;
        const v = domain.verify(t, `Answer: ${guess}`);
        if (v.correct) {
          solved = true;
          break;
        }
        // Read the marks back from the feedback text, as a student would.
        const feedback = domain.scriptedFeedback(t, v, createRng(1));
        const marks = /^[A-Z]{5} {2}([GY-](?: [GY-]){4})$/m.exec(feedback)?.[1]?.split(' ') as Array<'G' | 'Y' | '-'>;
        candidates = candidates.filter((w) => consistent(w, guess, marks));
      }
      expect(solved).toBe(true);
    }
  });
});
