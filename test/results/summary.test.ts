import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Domain } from '../../src/core/types.js';
import { getDomain } from '../../src/domains/registry.js';
import { SUMMARY_SCHEMA_VERSION } from '../../src/metrics/summary.js';
import { PRICE_TABLE_NOTE } from '../../src/providers/prices.js';
import { episodeOutcomes } from '../../src/results/outcomes.js';
import { buildSummary, summaryMarkdown, summaryTable, writeSummaryFiles } from '../../src/results/summary.js';
import { runUsage, writeUsageFile } from '../../src/results/usage.js';
import { type RunConfig, RunStore } from '../../src/store/run-store.js';
import { CONFIG, student, task, teacher, tempDir } from '../store/fixtures.js';

const RUN: RunConfig = { ...CONFIG, tasks: 3 };

/**
 * math × {scripted, none} on tasks a, b, c. scripted/a: 5, 5.0 (the same wrong answer, as math
 * compares), 4 → solved at 3; scripted/b: 7, 4 → solved at 2; scripted/c still running;
 * none/a: 4 → solved at 1; none/b errored after one attempt.
 */
function handBuiltRun(): RunStore {
  const store = RunStore.open(tempDir(), { create: true });
  const [a, b, c] = [task('a'), task('b'), task('c')];
  store.initialize(RUN, [a, b, c]);
  const episode = (t: typeof a, condition: string, turns: Parameters<RunStore['addTurn']>[2][]) => {
    const id = store.startEpisode(t, condition);
    turns.forEach((turn, i) => {
      store.addTurn(id, i, turn);
    });
    return id;
  };
  const done = (id: number, solvedAt: number | null, attempts: number) =>
    store.finishEpisode(id, { taskId: '', domain: 'math', condition: '', status: 'done', solvedAt, attempts, turns: [] });
  done(
    episode(a, 'scripted', [
      student(1, '5'),
      teacher(1, { blocked: ['the answer is 4'] }),
      student(2, '5.0'),
      teacher(2, { fallback: true }),
      student(3, '4', true),
    ]),
    3,
    3,
  );
  done(episode(b, 'scripted', [student(1, '7'), teacher(1), student(2, '4', true)]), 2, 2);
  episode(c, 'scripted', [student(1, '1')]);
  done(episode(a, 'none', [student(1, '4', true)]), 1, 1);
  store.finishEpisode(episode(b, 'none', [student(1, '9')]), {
    taskId: 'b',
    domain: 'math',
    condition: 'none',
    status: 'errored',
    solvedAt: null,
    attempts: 1,
    turns: [],
    error: 'boom',
  });
  return store;
}

describe('results from a run store', () => {
  it('outcomes: finished episodes only, with answers, feedback counts and tokens per role', () => {
    const store = handBuiltRun();
    const outcomes = episodeOutcomes(store.episodes(), (condition) => condition !== 'none');
    expect(outcomes.map((o) => `${o.condition}/${o.taskId}`)).toEqual(['none/a', 'none/b', 'scripted/a', 'scripted/b']);
    expect(outcomes[2]).toEqual({
      taskId: 'a',
      domain: 'math',
      condition: 'scripted',
      status: 'done',
      solvedAt: 3,
      answers: ['5', '5.0', '4'],
      extractions: ['parsed', 'parsed', 'parsed'],
      reasoning: { attempts: 0, tokens: null },
      feedback: true,
      feedbackTexts: 2,
      blocked: 1,
      fallbacks: 1,
      studentTokens: { input: 30, output: 9 },
      teacherTokens: { input: 10, output: 2 },
    });
    expect(outcomes[1]).toMatchObject({ status: 'errored', solvedAt: null, answers: ['9'], feedback: false, feedbackTexts: 0 });
    store.close();
  });

  it('the summary: run block from the configuration, results per condition, answers compared as the domain does', () => {
    const store = handBuiltRun();
    const domains = new Map<string, Domain>([['math', getDomain('math')]]);
    const summary = buildSummary(store, RUN, domains);
    expect(summary.schemaVersion).toBe(SUMMARY_SCHEMA_VERSION);
    expect(summary.didacticVersion).toBe('test');
    expect(summary.run).toEqual({
      student: 'module:test',
      teachers: ['scripted', 'none'],
      domains: ['math'],
      tasks: 3,
      seed: 7,
      difficulty: null,
      data: null,
      settings: RUN.settings,
      extract: 'lenient',
    });
    expect(summary.provenance).toBeNull(); // a store written without a start (no fingerprints taken)
    expect(summary.turns).toBe(3);
    const [scripted, none] = summary.results;
    expect(scripted).toMatchObject({
      domain: 'math',
      condition: 'scripted',
      episodes: 2,
      errored: 0,
      cumulativeAccuracy: [0, 0.5, 1],
      feedbackGain: 1,
      leak: { feedbackTexts: 3, blocked: 1, fallbacks: 1 },
      tokens: { student: { input: 50, output: 15 }, teacher: { input: 15, output: 3 } },
    });
    expect(scripted?.learningGain).toMatchObject({ versus: 'none', pairedTasks: 1 });
    // 5.0 after 5 is a repeat for math's comparison, not for plain string equality.
    expect(scripted?.plasticity).toMatchObject({ laterAttempts: 3, repeatRate: 0.333333 });
    expect(buildSummary(store, RUN, new Map()).results[0]?.plasticity.repeatRate).toBe(0);
    expect(none).toMatchObject({ condition: 'none', episodes: 2, errored: 1, cumulativeAccuracy: [1, 1, 1], learningGain: null });
    expect(summary.leakRate).toBe(0.25);
    store.close();
  });

  it('summary files: summary.json as the summary, summary.md with the table', () => {
    const store = handBuiltRun();
    const summary = buildSummary(store, RUN, new Map([['math', getDomain('math')]]));
    writeSummaryFiles(store.dir, summary);
    expect(readFileSync(join(store.dir, 'summary.json'), 'utf8')).toBe(`${JSON.stringify(summary, null, 2)}\n`);
    const markdown = readFileSync(join(store.dir, 'summary.md'), 'utf8');
    expect(markdown).toBe(summaryMarkdown(summary));
    expect(markdown.startsWith('# didactic run: math × scripted, none\n')).toBe(true);
    expect(markdown).toContain(summaryTable(summary));
    const [header, , scripted, none] = summaryTable(summary)
      .split('\n')
      .map((line) =>
        line
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );
    expect(header).toEqual([
      'domain',
      'condition',
      'n',
      'acc@1',
      'acc@2',
      'acc@3',
      '95% CI @3',
      'Δ@3−@1',
      'vs none @3 (95% CI)',
      'repeat',
      'unparsed',
      'leaks',
    ]);
    expect(scripted?.slice(0, 6)).toEqual(['math', 'scripted', '2', '0.0', '50.0', '100.0']);
    expect([scripted?.[7], scripted?.[9], scripted?.[10], scripted?.[11]]).toEqual(['+100.0', '33.3', '0.0', '1/4']);
    expect(none).toEqual([
      'math',
      'none',
      '1 (+1 err)',
      '100.0',
      '100.0',
      '100.0',
      expect.any(String),
      '+0.0',
      '(pass@k)',
      '0.0',
      '0.0',
      '0',
    ]);
    store.close();
  });

  it('usage: per role and in total from the call log, written to usage.json', () => {
    const store = handBuiltRun();
    const base = { episodeId: null, turnIndex: null, model: 'm', try: 0, latencyMs: 1, inputTokens: 10, outputTokens: 2 } as const;
    store.recordCall({ ...base, role: 'student', status: 'ok', costUsd: 0.25 });
    store.recordCall({ ...base, role: 'student', status: 'cached', costUsd: 0 });
    store.recordCall({ ...base, role: 'teacher', status: 'ok', costUsd: null });
    store.recordCall({ ...base, role: 'teacher', status: 'error', costUsd: null });
    const usage = runUsage(store);
    expect(usage.byRole).toEqual(store.usageByRole());
    expect(usage.total).toEqual({
      calls: 4,
      cached: 1,
      failed: 1,
      inputTokens: 20,
      outputTokens: 4,
      estimatedCostUsd: 0.25,
      unpricedCalls: 1,
    });
    expect(usage.costNote).toBe(PRICE_TABLE_NOTE);
    writeUsageFile(store.dir, usage);
    expect(readFileSync(join(store.dir, 'usage.json'), 'utf8')).toBe(`${JSON.stringify(usage, null, 2)}\n`);
    store.close();
  });

  it('usage without any priced call has no cost estimate; without calls, a zero one', () => {
    const store = handBuiltRun();
    expect(runUsage(store).total).toEqual({
      calls: 0,
      cached: 0,
      failed: 0,
      inputTokens: 0,
      outputTokens: 0,
      estimatedCostUsd: 0,
      unpricedCalls: 0,
    });
    store.recordCall({
      episodeId: null,
      turnIndex: null,
      role: 'student',
      model: 'local',
      try: 0,
      status: 'ok',
      latencyMs: 1,
      inputTokens: 1,
      outputTokens: 1,
      costUsd: null,
    });
    expect(runUsage(store).total.estimatedCostUsd).toBeNull();
    store.close();
  });
});
