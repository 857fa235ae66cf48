import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { tinyModelDir } from '../helpers/tiny-model.js';

// Awaited, not blocking: training runs long enough to make a blocked test worker miss vitest's RPC deadline.
const execCli = promisify(execFile);
/** The CLI's stdout; rejects (with `stderr` on the error) when it exits non-zero, as execFileSync throws. */
const run = async (args: string[]): Promise<string> => (await execCli(process.execPath, [CLI, ...args], { encoding: 'utf8' })).stdout;

describe('embedded model through the CLI', () => {
  it("data sft writes chat examples with the evaluation's opening messages and a one-line answer", async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'didactic-data-')), 'math.jsonl');
    await run(['data', 'sft', '--domain', 'math', '--n', '5', '--seed', '3', '--difficulty', '1', '--out', out]);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { messages: { role: string; content: string }[] });
    expect(lines).toHaveLength(5);
    const tasks = (await run(['tasks', '--domain', 'math', '--n', '5', '--seed', '3', '--difficulty', '1', '--json']))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { prompt: string; privileged: { answer: string } });
    lines.forEach((line, i) => {
      expect(line.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant']);
      expect(line.messages[1]?.content).toBe(tasks[i]?.prompt);
      expect(line.messages[2]?.content).toBe(`Answer: ${tasks[i]?.privileged.answer}`);
    });
  });

  it('train sft trains, checkpoints, resumes and draws the loss curve', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'didactic-train-'));
    const data = join(dir, 'data.jsonl');
    await run(['data', 'sft', '--domain', 'math', '--n', '64', '--difficulty', '1', '--out', data]);
    const model = join(dir, 'model');
    const common = [
      'train',
      'sft',
      '--data',
      data,
      '--preset',
      'tiny',
      '--out',
      model,
      '--batch-size',
      '8',
      '--eval-every',
      '4',
      '--checkpoint-every',
      '4',
    ];
    await run([...common, '--steps', '8', '--stop-at', '4']);
    const first = readFileSync(join(model, 'train-log.jsonl'), 'utf8').trim().split('\n');
    expect(first).toHaveLength(4);
    const state = JSON.parse(readFileSync(join(model, 'state.json'), 'utf8')) as { step: number };
    expect(state.step).toBe(4);
    const resumed = await run([...common, '--steps', '8', '--resume']);
    expect(resumed).toMatch(/trained 8 steps/);
    const log = readFileSync(join(model, 'train-log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { step: number; heldOutLoss?: number });
    expect(log.map((r) => r.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(log.filter((r) => r.heldOutLoss !== undefined).map((r) => r.step)).toEqual([4, 8]);
    for (const file of ['config.json', 'model.safetensors', 'optimizer.safetensors']) expect(existsSync(join(model, file))).toBe(true);
    expect(readFileSync(join(model, 'loss-curve.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('rejects a malformed training file naming the file, line and field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'didactic-bad-'));
    const data = join(dir, 'bad.jsonl');
    execFileSync('sh', [
      '-c',
      `printf '%s\\n' '{"messages":[{"role":"user","content":"hi"}]}' '{"messages":[{"role":"robot","content":"x"}]}' > ${data}`,
    ]);
    let stderr = '';
    try {
      await run(['train', 'sft', '--data', data, '--preset', 'tiny', '--out', join(dir, 'm')]);
    } catch (error) {
      stderr = String((error as { stderr?: string }).stderr);
    }
    expect(stderr).toContain(`${data}:2:`);
    expect(stderr).toContain('messages.0.role');
  });

  it('embedded:<path> works as an eval student', async () => {
    const dir = tinyModelDir(4);
    const out = join(mkdtempSync(join(tmpdir(), 'didactic-eval-')), 'run');
    const stdout = await run([
      'eval',
      '--student',
      `embedded:${dir}`,
      '--domain',
      'math',
      '--difficulty',
      '1',
      '--tasks',
      '3',
      '--turns',
      '2',
      '--max-tokens',
      '6',
      '--out',
      out,
    ]);
    expect(stdout).toContain('| math');
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      run: { student: string };
      results: { episodes: number; errored: number; tokens: { student: { output: number } } }[];
    };
    expect(summary.run.student).toBe(`embedded:${dir}`);
    expect(summary.results).toHaveLength(3);
    for (const r of summary.results) {
      expect(r.episodes).toBe(3);
      expect(r.errored).toBe(0);
      expect(r.tokens.student.output).toBeGreaterThan(0);
    }
  });
});
