import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReproduceResult } from '../../src/reproduce/results.js';
import { runCli, spawnCli, tempDir } from '../helpers/cli.js';
import { tinyModelDir } from '../helpers/tiny-model.js';

/** Pids of live processes whose command line mentions `text` (Linux /proc). */
function processesMentioning(text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

describe('didactic reproduce', () => {
  it('retrains every model with its recipe (smoke size), evaluates in and out of distribution and writes the tables', async () => {
    const out = tempDir('didactic-reproduce-');
    // Minutes of work: run it without blocking the test worker.
    const r = await runCli(['reproduce', '--train', '--quick', '--tasks', '3', '--out', out]);
    expect(r.stderr + r.stdout).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    for (const model of ['sft-single', 'rl-single', 'rl2f', 'rl2f-tm'])
      expect(existsSync(join(out, 'models', model, 'model.safetensors'))).toBe(true);
    // The RL recipes keep their curves and log but not the optimizer state.
    expect(existsSync(join(out, 'models', 'rl2f', 'rl-curves.svg'))).toBe(true);
    expect(existsSync(join(out, 'models', 'rl2f', 'optimizer.safetensors'))).toBe(false);

    const result = JSON.parse(readFileSync(join(out, 'reproduce.json'), 'utf8')) as ReproduceResult;
    expect(result.trained).toBe(true);
    // 5 methods × 2 domains × (scripted, unary, none) + self for the teacher-modelling model in both.
    expect(result.cells).toHaveLength(32);
    expect(result.cells.every((c) => c.episodes === 3)).toBe(true);
    expect(new Set(result.cells.map((c) => `${c.split}:${c.domain}`))).toEqual(new Set(['in:math', 'out:maze']));
    expect(result.cells.filter((c) => c.condition === 'self').map((c) => c.method)).toEqual(['rl2f-tm', 'rl2f-tm']);
    expect(result.comparisons.length).toBe(8);
    // Single-turn and multi-turn RL spent the same budget of generated tokens (the last step may pass it).
    const tokens = (m: string) => result.training.find((t) => t.method === m)!.generatedTokens!;
    for (const m of ['rl-single', 'rl2f', 'rl2f-tm', 'sft-single']) expect(tokens(m)).toBeGreaterThanOrEqual(300);
    expect(tokens('rl2f')).toBeLessThan(600);
    expect(tokens('rl-single')).toBeLessThan(400);

    const md = readFileSync(join(out, 'report.md'), 'utf8');
    for (const heading of [
      'Table 1. In distribution (math)',
      'Table 2. Out of distribution (maze)',
      'Table 3. Controls',
      'Table 4. Self-teacher',
      "The paper's expectations, tested",
      '## Training',
    ]) {
      expect(md).toContain(heading);
    }
    expect(readFileSync(join(out, 'figure.png')).subarray(1, 4).toString()).toBe('PNG');
    expect(readFileSync(join(out, 'figure.svg'), 'utf8')).toContain('out of distribution');
    expect(r.stdout).toMatch(/RL²F ≈ single-turn RL at turn 1 \(in distribution\): [+-]\d/);
    expect(r.stdout).toContain(`report written to ${join(out, 'report.md')}`);
  }, 600_000);

  it('runs the second comparison (--suite f): retrains its recipes from the chosen start, evaluates in, near and out of distribution', async () => {
    const out = tempDir('didactic-reproduce-f-');
    // The shipped small model as the start: a smoke-sized RFT needs a few correct answers to keep,
    // which an untrained model does not give.
    const r = await runCli([
      'reproduce',
      '--train',
      '--quick',
      '--suite',
      'f',
      '--tasks',
      '2',
      '--base',
      'embedded:models/base',
      '--out',
      out,
    ]);
    expect(r.stderr + r.stdout).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    const models = ['f-sft-single', 'f-rl-single', 'f-rl-single-tokens', 'f-rl2f', 'f-rl2f-unary', 'f-rl2f-tm'];
    for (const model of models) {
      expect(existsSync(join(out, 'models', model, 'model.safetensors'))).toBe(true);
      expect(JSON.parse(readFileSync(join(out, 'models', model, 'recipe.json'), 'utf8')).seconds).toBeGreaterThanOrEqual(0);
    }
    const result = JSON.parse(readFileSync(join(out, 'reproduce.json'), 'utf8')) as ReproduceResult;
    expect(result.suite).toBe('f');
    // 7 methods × 3 splits × (scripted, unary, none), and the teacher-modelling model's self teacher on each split.
    expect(result.cells).toHaveLength(66);
    expect(result.cells.filter((c) => c.condition === 'self').map((c) => c.method)).toEqual(['f-rl2f-tm', 'f-rl2f-tm', 'f-rl2f-tm']);
    expect(result.cells.every((c) => c.episodes === 2)).toBe(true);
    expect(new Set(result.cells.map((c) => `${c.split}:${c.domain}`))).toEqual(new Set(['in:math', 'near:math', 'out:maze']));
    expect(result.comparisons).toHaveLength(17);
    expect(new Set(result.comparisons.map((c) => c.split))).toEqual(new Set(['in', 'near', 'out']));
    // The matchings: RL²F and single-turn RL at the same steps, and the single-turn run continued to RL²F's tokens.
    const trained = (m: string) => result.training.find((t) => t.method === m)!;
    expect(trained('f-rl-single').steps).toBe(trained('f-rl2f').steps);
    expect(trained('f-rl2f-unary').steps).toBe(trained('f-rl2f').steps);
    expect(trained('f-rl2f-tm').steps).toBe(trained('f-rl2f').steps);
    expect(trained('f-rl-single-tokens').generatedTokens).toBeGreaterThanOrEqual(trained('f-rl2f').generatedTokens!);
    expect(trained('f-sft-single').generatedTokens).toBeGreaterThanOrEqual(trained('f-rl2f').generatedTokens!);

    const md = readFileSync(join(out, 'report.md'), 'utf8');
    for (const heading of [
      '# RL²F reproduction, suite f (quick, models retrained)',
      'Table 1. In distribution (math d1)',
      'Table 2. Near out of distribution (math d2)',
      'Table 3. Out of distribution (maze)',
    ])
      expect(md).toContain(heading);
    expect(md).toMatch(/\| single-turn RL, matched tokens\s+\|/);
    expect(r.stdout).toMatch(/RL²F ≈ single-turn RL \(matched steps\) at turn 1 \(in distribution\): [+-]\d/);
    expect(r.stdout).toMatch(/RL²F above single-turn RL \(matched tokens\) at turn K \(near out of distribution\): [+-]\d/);
    expect(r.stdout).toMatch(
      /RL²F trained with the scripted teacher above RL²F trained with the unary one, scripted teacher at turn K \(out of distribution\)/,
    );

    const unknown = await runCli(['reproduce', '--quick', '--suite', 'f', '--methods', 'rl2f', '--out', tempDir()]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('--methods: unknown method "rl2f"; the methods of suite f are base-f, f-sft-single');
  }, 600_000);

  it('takes its running evaluation down with it when stopped, and says the same command resumes', async () => {
    const out = tempDir('didactic-reproduce-stop-');
    const parent = spawnCli(['reproduce', '--quick', '--tasks', '200', '--out', out]);
    let stderr = '';
    parent.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const closed = new Promise<number | null>((done) => parent.on('close', (code) => done(code)));
    // Wait for the first `didactic eval` child (its --out lies under ours).
    const children = (): number[] => processesMentioning(join(out, 'runs')).filter((pid) => pid !== parent.pid);
    for (let waited = 0; children().length === 0; waited += 100) {
      if (waited > 60_000) throw new Error(`no evaluation started; stderr: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    parent.kill('SIGTERM');
    expect(await closed).not.toBe(0);
    expect(stderr).toMatch(/stopped by SIGTERM .*the same command resumes it/);
    expect(children()).toEqual([]);
  }, 120_000);

  it('stops with one clear line, not a stack trace, when an evaluation refuses a stale run', async () => {
    const out = tempDir('didactic-reproduce-stale-');
    const args = ['reproduce', '--quick', '--tasks', '2', '--methods', 'base', '--out', out];
    const first = await runCli([...args, '--base', `embedded:${tinyModelDir(7)}`]);
    expect(first.status).toBe(0);
    const other = await runCli([...args, '--base', `embedded:${tinyModelDir(8)}`]);
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/holds a run with student = /);
    expect(other.stderr).toMatch(/didactic: error: .*eval .* failed \(exit 2\); its error is above/);
    expect(other.stderr).not.toMatch(/at ChildProcess|Node\.js v/);
  }, 120_000);

  it('compares only the chosen methods, from another starting model', async () => {
    const out = tempDir('didactic-reproduce-subset-');
    const start = tinyModelDir();
    const r = await runCli(['reproduce', '--quick', '--tasks', '2', '--methods', 'base,rl2f', '--base', `embedded:${start}`, '--out', out]);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    const result = JSON.parse(readFileSync(join(out, 'reproduce.json'), 'utf8')) as ReproduceResult;
    expect(new Set(result.cells.map((c) => c.method))).toEqual(new Set(['base', 'rl2f']));
    expect(result.training.map((t) => t.method)).toEqual(['base', 'rl2f']);
    expect(result.startingModel).toContain(start.split('/').at(-1));
    // Only the comparisons whose two sides were evaluated.
    expect(result.comparisons.length).toBeGreaterThan(0);
    for (const c of result.comparisons) expect(['base', 'rl2f']).toEqual(expect.arrayContaining([c.a.method, c.b.method]));
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('The starting model ("base" in the tables) is');
    expect(md).toMatch(
      /Not evaluated here: sft-single, rl-single, rl2f-tm\. \d+ of the suite's \d+ expectations need them and are not tested\./,
    );
    expect(md).not.toContain('single-turn RL |');

    const unknown = await runCli(['reproduce', '--quick', '--methods', 'base,rl3f', '--out', tempDir()]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('--methods: unknown method "rl3f"; the methods are base, sft-single, rl-single, rl2f, rl2f-tm');
  }, 300_000);

  it('says which model is missing and how to train it', async () => {
    const r = await runCli(['reproduce', '--quick', '--models', join(tempDir(), 'nowhere'), '--out', tempDir()]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /no model for sft-single at .*nowhere\/sft-single: train it with `bash scripts\/recipes\/train-sft-single\.sh/,
    );
  });
});
