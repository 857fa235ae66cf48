import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli.js';

// scripts/experiments/park.sh: a stopped experiment's model directories go to parked/ (to be
// committed) and come back on another machine, without its data or eval runs.

function park(cwd: string, ...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile('bash', [join(ROOT, 'scripts/experiments/park.sh'), ...args], { cwd }, (error, stdout, stderr) => {
      done({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

function put(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

describe('park.sh', () => {
  it('parks model directories with their checkpoint state and unparks them elsewhere', async () => {
    const cwd = tempDir();
    const run = join('runs', 'probe');
    put(join(cwd, run, 'base/model.safetensors'), 'weights');
    put(join(cwd, run, 'base/optimizer.safetensors'), 'moments');
    put(join(cwd, run, 'base/state.json'), '{"step":200}');
    put(join(cwd, run, 'base/config.json'), '{}');
    put(join(cwd, run, 'oracle/sft-blind/state.json'), '{"step":500}');
    put(join(cwd, run, 'oracle/mix-blind.jsonl'), 'data');
    put(join(cwd, run, 'work/train.jsonl'), 'data');
    put(join(cwd, run, 'gate/base/run.sqlite'), 'eval');

    const parked = await park(cwd, 'park', run);
    expect(parked.status, parked.stderr).toBe(0);
    expect(parked.stdout).toContain('parked 5 files');
    expect(readFileSync(join(cwd, 'parked/probe/base/optimizer.safetensors'), 'utf8')).toBe('moments');
    expect(existsSync(join(cwd, 'parked/probe/oracle/sft-blind/state.json'))).toBe(true);
    expect(existsSync(join(cwd, 'parked/probe/oracle/mix-blind.jsonl'))).toBe(false);
    expect(existsSync(join(cwd, 'parked/probe/work'))).toBe(false);
    expect(existsSync(join(cwd, 'parked/probe/gate'))).toBe(false);

    const elsewhere = join('other', 'probe');
    const unparked = await park(cwd, 'unpark', elsewhere);
    expect(unparked.status, unparked.stderr).toBe(0);
    expect(readFileSync(join(cwd, elsewhere, 'base/state.json'), 'utf8')).toBe('{"step":200}');
    expect(readFileSync(join(cwd, elsewhere, 'oracle/sft-blind/state.json'), 'utf8')).toBe('{"step":500}');
  });

  it('says so when there is nothing to unpark', async () => {
    const result = await park(tempDir(), 'unpark', 'runs/missing');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('nothing parked in parked/missing');
  });
});
