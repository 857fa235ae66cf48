import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReproduceResult } from '../../src/reproduce/results.js';
import { ROOT, tempDir } from '../helpers/cli.js';

describe('scripts/experiments/dialogue-warm-start.sh', () => {
  it('runs end to end at smoke size: dialogues → corrections → fine-tuned start → both RL recipes → comparison', async () => {
    const out = join(tempDir('didactic-warm-start-'), 'ws');
    const r = await new Promise<{ code: number; stderr: string }>((done) => {
      execFile(
        'bash',
        ['scripts/experiments/dialogue-warm-start.sh', out],
        { cwd: ROOT, env: { ...process.env, QUICK: '1' }, maxBuffer: 1 << 26 },
        (error, _stdout, stderr) => done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr }),
      );
    });
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/wrote [1-9]\d* corrected examples from 60 episodes/);
    expect(readFileSync(join(out, 'dialogue-sft.jsonl'), 'utf8').trim().split('\n').length).toBeGreaterThan(60);
    for (const model of ['dialogue-sft', 'rl-single', 'rl2f'])
      expect(existsSync(join(out, 'models', model, 'model.safetensors'))).toBe(true);
    const result = JSON.parse(readFileSync(join(out, 'reproduce', 'reproduce.json'), 'utf8')) as ReproduceResult;
    expect(result.startingModel).toBe(join(out, 'models', 'dialogue-sft'));
    expect(new Set(result.cells.map((c) => c.method))).toEqual(new Set(['base', 'rl-single', 'rl2f']));
    expect(readFileSync(join(out, 'reproduce', 'report.md'), 'utf8')).toContain('the starting model chosen with --base');
  }, 600_000);
});
