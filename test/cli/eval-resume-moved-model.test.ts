import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { tinyModelDir } from '../helpers/tiny-model.js';

// A run of an embedded student resumes when the model's directory has moved (a run store carried
// to another checkout) as long as its weights are the same; other weights are refused.

const evalArgs = (model: string, out: string, tasks: number): string[] => [
  'eval',
  '--student',
  `embedded:${model}`,
  '--domain',
  'math',
  '--difficulty',
  '1',
  '--teacher',
  'scripted',
  '--turns',
  '2',
  '--tasks',
  String(tasks),
  '--max-tokens',
  '4',
  '--out',
  out,
];

describe('eval --out with a moved embedded model', () => {
  it('resumes with a copy of the same weights elsewhere and refuses other weights', async () => {
    const model = tinyModelDir(5);
    const out = join(tempDir(), 'run');
    const first = await runCli(evalArgs(model, out, 2));
    expect(first.stderr).not.toMatch(/Error/);
    expect(first.status).toBe(0);

    const moved = join(tempDir(), 'moved-model');
    cpSync(model, moved, { recursive: true });
    const resumed = await runCli(evalArgs(moved, out, 2));
    expect(resumed.stderr).not.toMatch(/holds a run with/);
    expect(resumed.status).toBe(0);

    const other = await runCli(evalArgs(tinyModelDir(6), out, 2));
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/holds a run with student = .*, but this command asks for .*rerun with the same settings/);
  });
});
