import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { getDomain } from '../../src/domains/registry.js';
import { EmbeddedModel } from '../../src/embedded/model.js';
import { rejectionSample } from '../../src/rl/rft.js';
import { openRftJournal, type JournalBatch, type JournalHeader } from '../../src/rl/rft-journal.js';
import { ROOT, tempDir } from '../helpers/cli.js';

const header: JournalHeader = {
  weightsSha256: 'ab',
  domain: 'math',
  difficulty: 1,
  tasks: 6,
  samples: 2,
  maxTokens: 48,
  seed: 1,
  tasksPerBatch: 2,
};

describe('the rejection-sampling journal', () => {
  let model: EmbeddedModel;
  beforeAll(async () => {
    model = await EmbeddedModel.load(join(ROOT, 'models/base'));
  });
  afterAll(() => model.dispose());
  const sample = (journal?: ReturnType<typeof openRftJournal>) =>
    rejectionSample({
      ...header,
      model,
      domain: getDomain('math'),
      difficulty: 1,
      ...(journal ? { journal } : {}),
    });

  it('changes nothing in what is sampled, and a run continued from a cut journal draws only the batches missing', async () => {
    const plain = await sample();
    expect(plain.examples.length).toBeGreaterThan(0);
    const path = join(tempDir(), 'rft-samples.jsonl');
    expect(await sample(openRftJournal(path, header, false))).toEqual(plain);
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines).toHaveLength(5); // the header, three batches and the final newline
    expect(JSON.parse(lines[0] as string)).toEqual(header);

    // Stopped while writing batch 1: batch 0 (marked, to show it is read and not drawn) is kept,
    // the half line is dropped, and batches 1 and 2 are drawn again exactly as before.
    const first = JSON.parse(lines[1] as string) as JournalBatch;
    const marked: JournalBatch = { ...first, tokens: first.tokens + 1000, kept: [[0, 0, 'REPLAYED'], ...first.kept] };
    writeFileSync(path, `${lines[0]}\n${JSON.stringify(marked)}\n${(lines[2] as string).slice(0, 15)}`);
    const journal = openRftJournal(path, header, true);
    expect(journal.batches).toEqual([marked]);
    const resumed = await sample(journal);
    expect(resumed.generatedTokens).toBe(plain.generatedTokens + 1000);
    expect(resumed.samplesDrawn).toBe(plain.samplesDrawn);
    expect(resumed.examples[0]?.messages.at(-1)?.content).toBe('REPLAYED');
    expect(resumed.examples.slice(1)).toEqual(plain.examples);
    expect(readFileSync(path, 'utf8')).toBe([lines[0], JSON.stringify(marked), lines[2], lines[3], ''].join('\n'));
  }, 120_000);

  it('refuses to continue a journal sampled under other settings, naming the file, line and field, and leaves it as it was', () => {
    const path = join(tempDir(), 'rft-samples.jsonl');
    openRftJournal(path, header, false).append({ batch: 0, tokens: 5, drawn: 4, kept: [] });
    const before = readFileSync(path, 'utf8');
    expect(() => openRftJournal(path, { ...header, seed: 2 }, true)).toThrow(UsageError);
    expect(() => openRftJournal(path, { ...header, seed: 2 }, true)).toThrow(
      `${path}:1: field "seed": the journal was sampled with 1, this run asks for 2`,
    );
    expect(readFileSync(path, 'utf8')).toBe(before);

    writeFileSync(path, `${before}not json\n${JSON.stringify({ batch: 2, tokens: 1, drawn: 1, kept: [] })}\n`);
    expect(() => openRftJournal(path, header, true)).toThrow(`${path}:3: not JSON`);
    writeFileSync(path, `${before}${JSON.stringify({ batch: 2, tokens: 1, drawn: 1, kept: [] })}\n`);
    expect(() => openRftJournal(path, header, true)).toThrow(`${path}:3: field "batch": expected batch 1`);
  });

  it('starts over without --resume, and will not append a batch out of order', () => {
    const path = join(tempDir(), 'rft-samples.jsonl');
    openRftJournal(path, header, false).append({ batch: 0, tokens: 5, drawn: 4, kept: [] });
    const fresh = openRftJournal(path, header, false);
    expect(fresh.batches).toEqual([]);
    expect(readFileSync(path, 'utf8')).toBe(`${JSON.stringify(header)}\n`);
    expect(() => fresh.append({ batch: 1, tokens: 5, drawn: 4, kept: [] })).toThrow(/batch 1 appended after 0 batches/);
  });
});
