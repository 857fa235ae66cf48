import { describe, expect, it } from 'vitest';
import { getDomain } from '../../src/domains/registry.js';
import { trainRlRecipe } from '../../src/rl/recipe.js';
import { tempDir } from '../helpers/cli.js';
import { tinyModelDir } from '../helpers/tiny-model.js';

describe('the rl recipe', () => {
  it('resolves the teacher by name once the policy is loaded', async () => {
    await expect(
      trainRlRecipe({
        from: tinyModelDir(3),
        out: tempDir(),
        domain: getDomain('math'),
        teacher: 'oracle',
        feedback: 'both',
        turns: 1,
        group: 2,
        tasksPerStep: 1,
        steps: 1,
        lr: 1e-4,
        warmup: 0,
        gamma: 0.7,
        stdNormalize: false,
        kl: 0,
        teacherModelling: 0,
        maxTokens: 4,
        seed: 1,
        checkpointEvery: 1,
        resume: false,
      }),
    ).rejects.toThrow('unknown --teacher "oracle"');
  });
});
