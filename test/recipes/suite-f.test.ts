import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript, tempDir } from '../helpers/cli.js';
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
