import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { tinyRlArgs } from '../helpers/train-rl-args.js';

// `train rl --teacher-kl`: the teacher turns' anchor, as a user runs it.

const base = (out: string, extra: string[]): string[] => tinyRlArgs(out, ['--steps', '1', ...extra]);

describe('train rl --teacher-kl', () => {
  it('runs a step with teacher modelling anchored and logs the teacher log-ratio', async () => {
    const out = join(tempDir(), 'rl');
    const r = await runCli(base(out, ['--teacher-modelling', '0.05', '--teacher-kl', '1']));
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/teacher log-ratio -?\d+\.\d{3}/);
    const [step] = readFileSync(join(out, 'rl-log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { teacherLogRatio?: number });
    // Before the first update the policy is the starting model: the teacher's text has not moved.
    expect(step?.teacherLogRatio).toBe(0);
  }, 120_000);

  it('refuses an anchor with nothing to anchor, and a negative one, naming the flag', async () => {
    const alone = await runCli(base(join(tempDir(), 'rl'), ['--teacher-kl', '1']));
    expect(alone.status).toBe(2);
    expect(alone.stderr).toMatch(/--teacher-kl .*--teacher-modelling/);
    const negative = await runCli(base(join(tempDir(), 'rl'), ['--teacher-modelling', '0.05', '--teacher-kl', '-1']));
    expect(negative.status).not.toBe(0);
    expect(negative.stderr).toMatch(/--teacher-kl/);
  }, 120_000);
});
