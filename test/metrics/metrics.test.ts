import { describe, expect, it } from 'vitest';
import { pairedBootstrap, quantile, wilson } from '../../src/metrics/intervals.js';
import type { EpisodeOutcome } from '../../src/metrics/outcomes.js';
import { cumulativeAccuracy, plasticity, summarize } from '../../src/metrics/summary.js';

function outcome(partial: Partial<EpisodeOutcome> & Pick<EpisodeOutcome, 'taskId' | 'condition'>): EpisodeOutcome {
  return {
    domain: 'math',
    status: 'done',
    solvedAt: null,
    answers: [],
    feedback: partial.condition !== 'none',
    feedbackTexts: 0,
    blocked: 0,
    fallbacks: 0,
    studentTokens: { input: 0, output: 0 },
    teacherTokens: { input: 0, output: 0 },
    ...partial,
  };
}

describe('Wilson interval (hand-computed)', () => {
  it('5 of 10 → [0.2366, 0.7634]', () => {
    const [lo, hi] = wilson(5, 10);
    expect(lo).toBeCloseTo(0.2366, 4);
    expect(hi).toBeCloseTo(0.7634, 4);
  });
  it('0 of 10 → [0, 0.2775]; 10 of 10 → [0.7225, 1]', () => {
    const [lo, hi] = wilson(0, 10);
    expect(lo).toBeCloseTo(0, 10);
    expect(hi).toBeCloseTo(0.2775, 4);
    const [lo2, hi2] = wilson(10, 10);
    expect(lo2).toBeCloseTo(0.7225, 4);
    expect(hi2).toBeCloseTo(1, 10);
  });
  it('no trials → [0, 1]', () => {
    expect(wilson(0, 0)).toEqual([0, 1]);
  });
});

describe('quantile and paired bootstrap', () => {
  it('interpolates quantiles', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0)).toBe(1);
    expect(quantile([1, 2, 3, 4], 1)).toBe(4);
  });
  it('collapses when every pair differs by the same amount', () => {
    expect(pairedBootstrap([1, 1, 1], [0, 0, 0])).toEqual([1, 1]);
  });
  it('is deterministic under a seed and brackets the estimate', () => {
    const a = [1, 1, 0, 1, 1, 0, 1, 1];
    const b = [1, 0, 0, 0, 1, 0, 0, 1];
    const ci = pairedBootstrap(a, b, { seed: 3 });
    expect(ci).toEqual(pairedBootstrap(a, b, { seed: 3 }));
    expect(ci[0]).toBeLessThanOrEqual(0.375);
    expect(ci[1]).toBeGreaterThanOrEqual(0.375);
    expect(ci[0]).toBeGreaterThanOrEqual(-1);
    expect(ci[1]).toBeLessThanOrEqual(1);
  });
});

describe('cumulative accuracy and plasticity (hand-computed)', () => {
  const outcomes = [
    outcome({ taskId: 'a', condition: 'scripted', solvedAt: 1, answers: ['1'] }),
    outcome({ taskId: 'b', condition: 'scripted', solvedAt: 2, answers: ['5', '6'] }),
    outcome({ taskId: 'c', condition: 'scripted', solvedAt: null, answers: ['5', '7', '5'] }),
    outcome({ taskId: 'd', condition: 'scripted', solvedAt: 3, answers: [null, '4', '9'] }),
    outcome({ taskId: 'e', condition: 'scripted', status: 'errored', answers: ['2'] }),
  ];
  it('counts solved-at-or-before k among scored episodes; errored ones are excluded', () => {
    expect(cumulativeAccuracy(outcomes, 3)).toEqual([1 / 4, 2 / 4, 3 / 4]);
  });
  it('repeat and change rates over later attempts', () => {
    // Later attempts: b2 (change), c2 (change), c3 (repeat of 5, change), d2 (null→4: change), d3 (change).
    const p = plasticity(outcomes, (x, y) => x === y);
    expect(p.laterAttempts).toBe(5);
    expect(p.repeatRate).toBeCloseTo(1 / 5, 6);
    expect(p.changeRate).toBeCloseTo(5 / 5, 6);
    const stubborn = plasticity([outcome({ taskId: 'x', condition: 'unary', answers: ['3', '3', '3'] })], (x, y) => x === y);
    expect(stubborn).toEqual({ laterAttempts: 2, repeatRate: 1, changeRate: 0 });
  });
});

describe('summary', () => {
  const rows: EpisodeOutcome[] = [];
  const solvedFeedback = [1, 2, null, 2];
  const solvedNone = [1, null, null, 3];
  solvedFeedback.forEach((s, i) =>
    rows.push(outcome({ taskId: `t${i}`, condition: 'scripted', solvedAt: s, feedbackTexts: s === 1 ? 0 : 2, blocked: i === 2 ? 1 : 0 })),
  );
  solvedNone.forEach((s, i) => rows.push(outcome({ taskId: `t${i}`, condition: 'none', solvedAt: s })));
  const summary = summarize({ turns: 3, outcomes: rows, sameAnswer: (_d, a, b) => a === b, seed: 1, conditions: ['scripted', 'none'] });

  it('reports acc@k, gains and the learning-from-feedback gain against none', () => {
    const [scripted, none] = summary.results;
    expect(scripted?.cumulativeAccuracy).toEqual([0.25, 0.75, 0.75]);
    expect(none?.cumulativeAccuracy).toEqual([0.25, 0.25, 0.5]);
    expect(scripted?.feedbackGain).toBe(0.5);
    expect(scripted?.learningGain?.estimate).toBe(0.25);
    expect(scripted?.learningGain?.pairedTasks).toBe(4);
    expect(none?.learningGain).toBeNull();
    expect(scripted?.interval95[0]?.[0]).toBeCloseTo(wilson(1, 4)[0], 6);
  });
  it('reports the leak rate as blocked / generated feedback texts', () => {
    // 6 accepted texts + 1 blocked = 7 generated.
    expect(summary.results[0]?.leak).toEqual({ feedbackTexts: 6, blocked: 1, fallbacks: 0, rate: Math.round((1 / 7) * 1e6) / 1e6 });
    expect(summary.leakRate).toBeCloseTo(1 / 7, 5);
  });
});

describe("ARC's two-attempt score", () => {
  it('averages, per ARC task, the share of its test inputs solved within two attempts', () => {
    const outcome = (taskId: string, solvedAt: number | null): EpisodeOutcome => ({
      taskId,
      domain: 'arc',
      condition: 'none',
      status: 'done',
      solvedAt,
      answers: [],
      feedback: false,
      feedbackTexts: 0,
      blocked: 0,
      fallbacks: 0,
      studentTokens: { input: 0, output: 0 },
      teacherTokens: { input: 0, output: 0 },
    });
    // Task a: inputs a.0 (solved at 2) and a.1 (solved at 3, too late) → 0.5; task b: solved at 1 → 1.
    const outcomes = [outcome('a.0', 2), outcome('a.1', 3), outcome('b', 1)];
    const arcTaskOf = (id: string) => id.split('.')[0];
    const { results } = summarize({ turns: 3, outcomes, sameAnswer: () => false, seed: 1, arcTaskOf });
    expect(results[0]?.arcTwoAttempt).toEqual({ score: 0.75, tasks: 2 });
    expect(results[0]?.cumulativeAccuracy[1]).toBeCloseTo(2 / 3, 5);
    expect(summarize({ turns: 3, outcomes, sameAnswer: () => false, seed: 1 }).results[0]?.arcTwoAttempt).toBeUndefined();
  });
});

describe('--repeats: variance between tasks and between repeats', () => {
  const outcome = (taskId: string, solvedAt: number | null): EpisodeOutcome => ({
    taskId,
    domain: 'math',
    condition: 'scripted',
    status: 'done',
    solvedAt,
    answers: [],
    feedback: true,
    feedbackTexts: 0,
    blocked: 0,
    fallbacks: 0,
    studentTokens: { input: 0, output: 0 },
    teacherTokens: { input: 0, output: 0 },
  });
  const repeatOf = (id: string) => id.split('#')[0];
  const summarizeRepeats = (outcomes: EpisodeOutcome[]) =>
    summarize({ turns: 2, outcomes, sameAnswer: () => false, seed: 1, repeatOf }).results[0]?.repeats;

  it('puts all the variance between tasks when each task always ends the same way', () => {
    const outcomes = [outcome('a#1', 1), outcome('a#2', 2), outcome('b#1', null), outcome('b#2', null)];
    expect(summarizeRepeats(outcomes)).toEqual({
      tasks: 2,
      repeats: 2,
      betweenTasks: 0.5,
      withinTasks: 0,
      taskShare: 1,
      standardError: 0.5,
    });
  });

  it('puts it within tasks when every task is a coin flip', () => {
    const outcomes = ['a', 'b', 'c'].flatMap((t) => [outcome(`${t}#1`, 1), outcome(`${t}#2`, null)]);
    expect(summarizeRepeats(outcomes)).toMatchObject({ tasks: 3, betweenTasks: 0, withinTasks: 0.5, taskShare: 0, standardError: 0 });
  });
});
