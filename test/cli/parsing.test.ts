import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tableRows, tempDir } from '../helpers/cli.js';

// Parsing people can trust: how each answer was found, the unparsed rate beside accuracy,
// --extract strict, reasoning removed before extraction, and the gold self-check.

const STUDENT = `module:${join(ROOT, 'test/fixtures/scripted-student.js')}`;
const GSM8K = join(ROOT, 'test/fixtures/benchmarks/math/gsm8k-test.jsonl');

// Attempt 1 mentions the right answer only while thinking and never states one; attempt 2 answers.
const script = [{ match: 'Natalia', replies: ['<think>48 + 24 = 72</think>\nIt must be 72 or so.', '<think>sure</think>\nAnswer: 72'] }];

interface SummaryJson {
  schemaVersion: number;
  unparsedRate: number;
  results: Array<{ cumulativeAccuracy: number[]; parsing: unknown; reasoning: unknown }>;
}

async function evalWith(extract: string | null): Promise<{ summary: SummaryJson; stdout: string; out: string }> {
  const dir = tempDir();
  const scriptFile = join(dir, 'script.json');
  writeFileSync(scriptFile, JSON.stringify(script));
  const out = join(dir, 'run');
  const args = ['eval', '--student', STUDENT, '--domain', 'math', '--data', GSM8K, '--turns', '2', '--teacher', 'scripted', '--out', out];
  const r = await runCli([...args, ...(extract ? ['--extract', extract] : [])], { DIDACTIC_STUDENT_SCRIPT: scriptFile });
  expect(r.stderr).not.toMatch(/error/i);
  expect(r.status).toBe(0);
  return { summary: JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')), stdout: r.stdout, out };
}

describe('answer parsing (subprocess)', () => {
  it('lenient: strips the reasoning, falls back to the last number, and records how each answer was found', async () => {
    const { summary, stdout } = await evalWith(null);
    expect(summary.schemaVersion).toBe(2);
    const entry = summary.results[0];
    // "72 or so" outside the thinking: the last number is 72, so the lenient fallback scores attempt 1.
    expect(entry?.cumulativeAccuracy).toEqual([1, 1]);
    expect(entry?.parsing).toEqual({ attempts: 1, unparsedRate: 0, unparsedByAttempt: [0, 0], methods: { 'last-number': 1 } });
    expect(entry?.reasoning).toEqual({ attempts: 1, tokens: null });
    const header = stdout.split('\n').find((l) => l.startsWith('| domain')) ?? '';
    expect(header).toMatch(/\| unparsed \|/);
  }, 60_000);

  it('strict: an attempt without an explicit final answer has none, and the unparsed rate says so per attempt', async () => {
    const { summary, stdout } = await evalWith('strict');
    const entry = summary.results[0];
    expect(entry?.cumulativeAccuracy).toEqual([0, 1]);
    expect(entry?.parsing).toEqual({ attempts: 2, unparsedRate: 0.5, unparsedByAttempt: [1, 0], methods: { none: 1, 'answer-line': 1 } });
    expect(summary.unparsedRate).toBe(0.5);
    const row = tableRows(stdout)[0] ?? [];
    const header = (stdout.split('\n').find((l) => l.startsWith('| domain')) ?? '').split('|').map((c) => c.trim());
    expect(row[header.indexOf('unparsed') - 1]).toBe('50.0');
  }, 60_000);

  it('--extract takes lenient or strict only', async () => {
    const r = await runCli(['eval', '--student', STUDENT, '--data', GSM8K, '--extract', 'loose', '--out', join(tempDir(), 'x')]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('--extract must be lenient or strict, got "loose"');
  });

  it('tasks --check lists the references the verifier cannot read or rejects, and fails', async () => {
    const file = join(tempDir(), 'gold.jsonl');
    const records = [
      { id: 'fine', problem: 'p', answer: '3/4' },
      { id: 'two-lines', problem: 'p', answer: 'x = 1\ny = 2' },
      { id: 'stars', problem: 'p', answer: '**' },
    ];
    writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n'));
    const r = await runCli(['tasks', '--domain', 'math', '--data', file, '--check']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('two-lines: reference "x = 1\\ny = 2": rejected (read as "x = 1"');
    expect(r.stdout).toContain('stars: reference "**": unparsed (nothing could be read');
    expect(r.stdout).toContain('1/3 references verify against their own task; 2 do not (1 the verifier cannot parse)');
    expect(r.stdout).not.toContain('fine:');
    const ok = await runCli(['tasks', '--domain', 'math', '--data', join(ROOT, 'test/fixtures/benchmarks/math/MATH'), '--check']);
    expect([ok.status, ok.stdout]).toEqual([0, '2/2 references verify against their own task\n']);
  });
});
