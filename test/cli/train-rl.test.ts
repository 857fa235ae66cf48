import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { tinyModelDir } from '../helpers/tiny-model.js';

describe('train rl and train rft through the CLI', () => {
  // Teacher modelling gives every step something to learn even when no rollout of the untrained model succeeds.
  it('train rl runs two steps, checkpoints, draws the curves, logs every step and resumes', async () => {
    const model = tinyModelDir(5);
    const out = join(tempDir(), 'rl');
    const args = [
      'train',
      'rl',
      '--student',
      `embedded:${model}`,
      '--domain',
      'math',
      '--difficulty',
      '1',
      '--turns',
      '2',
      '--group',
      '4',
      '--tasks-per-step',
      '2',
      '--max-tokens',
      '6',
      '--teacher-modelling',
      '0.5',
      '--out',
      out,
    ];
    const first = await runCli([...args, '--steps', '2', '--checkpoint-every', '1']);
    expect(first.stderr).toMatch(/step 2\/2 \| reward [\d.]+ \| acc @1 \d+% @2 \d+%/);
    expect(first.stdout).toMatch(/trained 2 RL steps in \d+ s; [\d,]+ student tokens generated/);
    expect(first.status).toBe(0);
    for (const file of ['config.json', 'model.safetensors', 'optimizer.safetensors', 'rl-state.json', 'rl-curves.svg', 'rl-log.jsonl'])
      expect(existsSync(join(out, file)), file).toBe(true);
    expect(readFileSync(join(out, 'rl-curves.svg'), 'utf8')).toMatch(/^<svg[\s\S]*KL to the starting policy/);
    const log = readFileSync(join(out, 'rl-log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { step: number; accAt: number[]; generatedTokens: number });
    expect(log.map((l) => l.step)).toEqual([1, 2]);
    expect(log[0]?.accAt).toHaveLength(2);
    expect(log[0]?.generatedTokens).toBeGreaterThan(0);

    const again = await runCli([...args, '--steps', '2']);
    expect(again.status).not.toBe(0);
    expect(again.stderr).toMatch(/already holds an RL run; pass --resume/);
    const resumed = await runCli([...args, '--steps', '3', '--resume']);
    expect(resumed.status).toBe(0);
    expect(resumed.stderr).toMatch(/resuming from step 2/);
    expect(readFileSync(join(out, 'rl-log.jsonl'), 'utf8').trim().split('\n')).toHaveLength(3);

    // Carried to another checkout: the recorded starting model is gone, the run's --student takes its place.
    const moved = join(tempDir(), 'start');
    cpSync(model, moved, { recursive: true });
    const state = join(out, 'rl-state.json');
    writeFileSync(state, JSON.stringify({ ...JSON.parse(readFileSync(state, 'utf8')), reference: join(tempDir(), 'gone') }));
    const carried = await runCli([...args.map((a) => (a === `embedded:${model}` ? `embedded:${moved}` : a)), '--steps', '4', '--resume']);
    expect(carried.status).toBe(0);
    expect(carried.stderr).toMatch(/is gone; --student .* is the KL reference/);
    expect((JSON.parse(readFileSync(state, 'utf8')) as { reference: string }).reference).toBe(moved);
  }, 120_000);

  it('train rl rejects a student that is not an embedded model and a bad γ', async () => {
    const bad = await runCli(['train', 'rl', '--student', 'module:x.js', '--domain', 'math', '--out', join(tempDir(), 'x')]);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/--student must be an embedded model/);
    const gamma = await runCli([
      'train',
      'rl',
      '--student',
      'embedded:base',
      '--domain',
      'math',
      '--gamma',
      '1.5',
      '--out',
      join(tempDir(), 'x'),
    ]);
    expect(gamma.status).not.toBe(0);
    expect(gamma.stderr).toMatch(/--gamma must be in \(0, 1\]/);
  });

  it('train rft samples the base model, keeps its correct answers, fine-tunes on them and reports the tokens', async () => {
    const out = join(tempDir(), 'rft');
    const rft = [
      'train',
      'rft',
      '--student',
      'embedded:base',
      '--domain',
      'math',
      '--difficulty',
      '1',
      '--tasks',
      '16',
      '--samples',
      '4',
      '--steps',
      '2',
      '--batch-size',
      '4',
      '--out',
      out,
    ];
    const r = await runCli(rft);
    expect(r.status, r.stderr).toBe(0);
    const m = /kept (\d+) of (\d+) samples; ([\d,]+) tokens generated; fine-tuned 2 steps/.exec(r.stdout);
    expect(m).not.toBeNull();
    expect(Number(m![2])).toBe(64);
    const summary = JSON.parse(readFileSync(join(out, 'rft.json'), 'utf8')) as { examples: number; generatedTokens: number };
    expect(summary.examples).toBe(Number(m![1]));
    expect(summary.generatedTokens).toBe(Number(m![3]!.replace(/,/g, '')));
    expect(existsSync(join(out, 'model.safetensors'))).toBe(true);

    // Stopped while sampling (no SFT state yet, the journal cut inside its second batch), the same
    // command with --resume reads the first batch from the journal and draws only the second again.
    const journal = join(out, 'rft-samples.jsonl');
    const [header, first, second] = readFileSync(journal, 'utf8').split('\n');
    rmSync(join(out, 'state.json'));
    const marked = { ...(JSON.parse(first!) as { drawn: number }), drawn: 1000 };
    writeFileSync(journal, `${header}\n${JSON.stringify(marked)}\n${second!.slice(0, 20)}`);
    const resumed = await runCli([...rft, '--resume']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`kept ${m![1]} of 1032 samples; ${m![3]} tokens generated`));
    expect(readFileSync(journal, 'utf8')).toBe(`${header}\n${JSON.stringify(marked)}\n${second}\n`);
    const otherSeed = await runCli([...rft, '--seed', '2', '--resume']);
    expect(otherSeed.status).not.toBe(0);
    expect(otherSeed.stderr).toContain(`${journal}:1: field "seed": the journal was sampled with 1, this run asks for 2`);
    expect(existsSync(join(out, 'model.safetensors'))).toBe(true);

    const budget = await runCli([
      'train',
      'rft',
      '--student',
      'embedded:base',
      '--domain',
      'math',
      '--difficulty',
      '1',
      '--tasks',
      '64',
      '--samples',
      '4',
      '--token-budget',
      '50',
      '--steps',
      '1',
      '--batch-size',
      '1',
      '--out',
      join(tempDir(), 'rft2'),
    ]);
    expect(budget.status, budget.stderr).toBe(0);
    expect(budget.stderr).toMatch(/sampled 32 answers to 8 tasks \([\d,]+ tokens, token budget reached\)/);
  }, 120_000);

  it('train rft --lr-floor 1 keeps the learning rate constant after warm-up, as train rl does; the default decays it', async () => {
    const lrs = async (extra: string[]): Promise<number[]> => {
      const out = join(tempDir(), 'rft');
      const r = await runCli([
        'train',
        'rft',
        '--student',
        'embedded:base',
        '--domain',
        'math',
        '--difficulty',
        '1',
        '--tasks',
        '16',
        '--samples',
        '4',
        '--steps',
        '4',
        '--batch-size',
        '2',
        '--lr',
        '1e-4',
        '--warmup',
        '1',
        ...extra,
        '--out',
        out,
      ]);
      expect(r.status, r.stderr).toBe(0);
      return readFileSync(join(out, 'train-log.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { lr: number }).lr);
    };
    expect(await lrs(['--lr-floor', '1'])).toEqual([1e-4, 1e-4, 1e-4, 1e-4]);
    const decayed = await lrs([]);
    expect(decayed[0]).toBe(1e-4);
    expect(decayed[3]).toBeLessThan(1e-4);
    const bad = await runCli(['train', 'rft', '--student', 'embedded:base', '--domain', 'math', '--lr-floor', '2', '--out', tempDir()]);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('--lr-floor must be in (0, 1], got "2"');
  }, 120_000);
});
