import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runScript, tempDir } from '../helpers/cli.js';
import { tinyModelDir } from '../helpers/tiny-model.js';

// The second comparison's recipes at smoke size (QUICK=1: 4 RL steps in chunks of 2) from an
// untrained tiny model: what they write, not how good it is.

interface RlState {
  step: number;
  totalGeneratedTokens: number;
  history: unknown[];
}
interface RecipeRecord {
  recipe: string;
  seconds: number;
  steps: number;
}
const json = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

describe('recipes of suite f', () => {
  it('single-turn RL keeps its checkpoint at RL²F’s steps and continues the same run to RL²F’s tokens', async () => {
    const dir = tempDir('didactic-recipes-f-');
    const env = { QUICK: '1', BASE: tinyModelDir(), RL2F: join(dir, 'f-rl2f') };
    const rl2f = await runScript('scripts/recipes/f/train-rl2f.sh', [join(dir, 'f-rl2f')], env);
    expect(rl2f.stderr).not.toMatch(/Error/);
    expect(rl2f.status).toBe(0);
    const budget = json<RlState>(join(dir, 'f-rl2f', 'rl-state.json')).totalGeneratedTokens;
    expect(json<RlState>(join(dir, 'f-rl2f', 'rl-state.json')).step).toBe(4);
    expect(json<RecipeRecord>(join(dir, 'f-rl2f', 'recipe.json'))).toMatchObject({ recipe: 'scripts/recipes/f/train-rl2f.sh', steps: 4 });
    expect(rl2f.stdout).toMatch(/train-rl2f\.sh: \d+ s wall time; written to .*f-rl2f\/recipe\.json/);

    const single = await runScript('scripts/recipes/f/train-rl-single.sh', [join(dir, 'steps'), join(dir, 'tokens')], env);
    expect(single.stderr).not.toMatch(/Error/);
    expect(single.status).toBe(0);
    expect(single.stdout).toContain(`kept the checkpoint at step 4 as ${join(dir, 'steps')} (matched steps)`);
    const steps = json<RlState>(join(dir, 'steps', 'rl-state.json'));
    const tokens = json<RlState>(join(dir, 'tokens', 'rl-state.json'));
    // Matched steps: exactly RL²F's 4 (the chunk that would pass it ends there), with the run's history up to it.
    expect(steps.step).toBe(4);
    expect(steps.history).toHaveLength(4);
    expect(steps.totalGeneratedTokens).toBeLessThan(budget);
    // Matched tokens: the same run, on until it had generated what RL²F did.
    expect(tokens.step).toBeGreaterThan(4);
    expect(tokens.totalGeneratedTokens).toBeGreaterThanOrEqual(budget);
    expect(tokens.history.slice(0, 4)).toEqual(steps.history);
    for (const d of ['steps', 'tokens']) {
      expect(existsSync(join(dir, d, 'model.safetensors'))).toBe(true);
      expect(existsSync(join(dir, d, 'optimizer.safetensors'))).toBe(false);
      expect(existsSync(join(dir, d, 'recipe-seconds'))).toBe(false);
    }
    const stepsRecord = json<RecipeRecord>(join(dir, 'steps', 'recipe.json'));
    const tokensRecord = json<RecipeRecord>(join(dir, 'tokens', 'recipe.json'));
    expect(stepsRecord).toMatchObject({ recipe: 'scripts/recipes/f/train-rl-single.sh', steps: 4 });
    expect(tokensRecord).toMatchObject({ recipe: 'scripts/recipes/f/train-rl-single.sh', steps: tokens.step });
    expect(stepsRecord.seconds).toBeLessThanOrEqual(tokensRecord.seconds);

    // Run again, the recipe has nothing left to train and keeps the time it recorded.
    const again = await runScript('scripts/recipes/f/train-rl-single.sh', [join(dir, 'steps'), join(dir, 'tokens')], env);
    expect(again.status).toBe(0);
    expect(json<RlState>(join(dir, 'tokens', 'rl-state.json')).step).toBe(tokens.step);
    expect(json<RecipeRecord>(join(dir, 'tokens', 'recipe.json')).seconds).toBeGreaterThanOrEqual(tokensRecord.seconds);
  }, 300_000);

  it('says to train RL²F first when its token count is not there', async () => {
    const dir = tempDir('didactic-recipes-f-');
    const r = await runScript('scripts/recipes/f/train-sft-single.sh', [join(dir, 'sft')], {
      QUICK: '1',
      BASE: tinyModelDir(),
      RL2F: join(dir, 'nowhere'),
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(
      `no RL²F run at ${join(dir, 'nowhere')} (rl-state.json): train it first with scripts/recipes/f/train-rl2f.sh`,
    );
  });
});

describe('the single-turn SFT recipe of suite f', () => {
  it('continues its sampling from the journal after a crash, and ships the model without the journal', async () => {
    const dir = tempDir('didactic-recipes-f-');
    const rl2f = join(dir, 'f-rl2f');
    mkdirSync(rl2f);
    writeFileSync(join(rl2f, 'rl-state.json'), JSON.stringify({ totalGeneratedTokens: 6000 }));
    const out = join(dir, 'sft');
    const env = { QUICK: '1', BASE: join(ROOT, 'models/base'), RL2F: rl2f };
    const journal = join(out, 'rft-samples.jsonl');
    // Crash the sampler (SIGKILL, no chance to tidy up) once it has written two batches.
    const crash = setInterval(() => {
      if (!existsSync(journal) || readFileSync(journal, 'utf8').split('\n').length < 4) return;
      for (const pid of processesMatching(`train rft`, out)) process.kill(pid, 'SIGKILL');
      clearInterval(crash);
    }, 20);
    const crashed = await runScript('scripts/recipes/f/train-sft-single.sh', [out], env);
    clearInterval(crash);
    expect(crashed.status).not.toBe(0);
    expect(existsSync(join(out, 'rft.json'))).toBe(false);

    const resumed = await runScript('scripts/recipes/f/train-sft-single.sh', [out], env);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`continuing the sampling after \\d+ whole batches in ${journal}`));
    const record = json<{ generatedTokens: number; stoppedBy: string }>(join(out, 'rft.json'));
    expect(record.stoppedBy).toBe('token-budget');
    expect(record.generatedTokens).toBeGreaterThanOrEqual(6000);
    expect(json<RecipeRecord>(join(out, 'recipe.json'))).toMatchObject({ recipe: 'scripts/recipes/f/train-sft-single.sh', steps: 4 });
    for (const gone of ['rft-samples.jsonl', 'state.json', 'optimizer.safetensors']) expect(existsSync(join(out, gone))).toBe(false);
    expect(existsSync(join(out, 'model.safetensors'))).toBe(true);
  }, 300_000);
});

/** Process ids whose command line holds every one of `parts` (read from /proc: no pgrep needed). */
function processesMatching(...parts: string[]): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const command = readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ');
        return parts.every((p) => command.includes(p));
      } catch {
        return false;
      }
    })
    .map(Number);
}
