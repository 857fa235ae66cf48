import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { tinyRlArgs } from '../helpers/train-rl-args.js';

// `train rl --direction-reward`: the reward for moving the way the verdict pointed, as a user
// runs it, recorded in the run so that a resume cannot change it halfway.

describe('train rl --direction-reward', () => {
  it('records ρ in the run and refuses a resume that asks for another, naming the file and field', async () => {
    const out = join(tempDir(), 'rl');
    const first = await runCli(tinyRlArgs(out, ['--steps', '2', '--stop-at', '1', '--direction-reward', '0.3']));
    expect(first.stderr).not.toMatch(/Error/);
    expect(first.status).toBe(0);
    const state = JSON.parse(readFileSync(join(out, 'rl-state.json'), 'utf8')) as { directionReward?: number; step: number };
    expect(state).toMatchObject({ directionReward: 0.3, step: 1 });

    const other = await runCli(tinyRlArgs(out, ['--steps', '2', '--resume']));
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/rl-state\.json: directionReward is 0\.3, this run asks for --direction-reward 0/);
    // Refused before anything was written: the run is still at its checkpoint.
    expect(JSON.parse(readFileSync(join(out, 'rl-state.json'), 'utf8'))).toMatchObject({ step: 1 });

    const same = await runCli(tinyRlArgs(out, ['--steps', '2', '--resume', '--direction-reward', '0.3']));
    expect(same.status).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'rl-state.json'), 'utf8'))).toMatchObject({ step: 2, directionReward: 0.3 });
  }, 180_000);

  it('refuses it with episode credit and outside [0, 1], naming the flag', async () => {
    const episode = await runCli(tinyRlArgs(join(tempDir(), 'rl'), ['--steps', '1', '--credit', 'episode', '--direction-reward', '0.3']));
    expect(episode.status).toBe(2);
    expect(episode.stderr).toMatch(/--direction-reward .*--credit turn/);
    const big = await runCli(tinyRlArgs(join(tempDir(), 'rl'), ['--steps', '1', '--direction-reward', '2']));
    expect(big.status).not.toBe(0);
    expect(big.stderr).toMatch(/--direction-reward/);
  }, 120_000);
});
