import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { rftRecord, trainRft, type RejectionSample, type RftOptions } from '../../src/rl/rft.js';
import { ROOT, tempDir } from '../helpers/cli.js';
import { tinyModelDir } from '../helpers/tiny-model.js';

const options = (from: string, out: string, extra: Partial<RftOptions> = {}): RftOptions => ({
  from,
  domain: 'math',
  difficulty: 1,
  tasks: 8,
  samples: 2,
  maxTokens: 48,
  steps: 1,
  batchSize: 1,
  lr: 3e-4,
  warmup: 0,
  seed: 1,
  out,
  resume: false,
  ...extra,
});

describe('the rft recipe', () => {
  it('records the source and the sampling counts in rft.json, in this order, without the examples themselves', () => {
    const sampled: RejectionSample = {
      examples: [{ messages: [] }, { messages: [] }],
      tasksSampled: 8,
      samplesDrawn: 16,
      generatedTokens: 45,
      stoppedBy: 'tasks',
    };
    expect(JSON.stringify(rftRecord({ from: '/m/base', domain: 'math' }, sampled))).toBe(
      '{"from":"/m/base","domain":"math","difficulty":null,"examples":2,"tasksSampled":8,"samplesDrawn":16,"generatedTokens":45,"stoppedBy":"tasks"}',
    );
    expect(rftRecord({ from: '/m/base', domain: 'math', difficulty: 2 }, sampled).difficulty).toBe(2);
  });

  it('samples the model, fine-tunes on its correct answers and writes rft.json next to the model', async () => {
    const out = tempDir();
    let sampledSeen: RejectionSample | undefined;
    const { record, sft } = await trainRft(options(join(ROOT, 'models/base'), out, { onSampled: (s) => (sampledSeen = s) }));
    expect(sampledSeen?.examples.length).toBe(record.examples);
    expect(record).toMatchObject({ domain: 'math', difficulty: 1, tasksSampled: 8, samplesDrawn: 16, stoppedBy: 'tasks' });
    expect(record.examples).toBeGreaterThan(0);
    expect(sft.steps).toBe(1);
    expect(readFileSync(join(out, 'rft.json'), 'utf8')).toBe(`${JSON.stringify(record, null, 1)}\n`);
    expect(existsSync(join(out, 'model.safetensors'))).toBe(true);
  });

  it('stops before fine-tuning when fewer answers than a batch were kept', async () => {
    const out = join(tempDir(), 'few');
    let sampled = false;
    const failed = await trainRft(
      options(tinyModelDir(3), out, { tasks: 2, samples: 1, maxTokens: 6, batchSize: 64, onSampled: () => (sampled = true) }),
    ).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(UsageError);
    expect((failed as Error).message).toMatch(/^only 0 correct answers were sampled, fewer than --batch-size 64/);
    expect(sampled).toBe(true);
    expect(existsSync(join(out, 'rft.json'))).toBe(false);
  });
});
