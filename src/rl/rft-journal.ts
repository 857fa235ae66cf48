import { appendFileSync, existsSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { UsageError } from '../core/errors.js';

// Rejection sampling to an RL run's token budget draws hundreds of thousands of answers, an hour
// and more on two cores, and a working day can end in the middle of it. So the draws are written
// down batch by batch, and a stopped run continues after the last whole batch instead of drawing
// everything again. Each draw is seeded by task and sample, so the continued run keeps exactly the
// answers an unbroken one would have drawn. Only what fine-tuning and rft.json need is kept: the
// token and sample counts of every batch and the text of its correct answers.

/** What the draws depend on: a journal written under other settings cannot be continued. */
export interface JournalHeader {
  /** SHA-256 of the sampled model's model.safetensors. */
  weightsSha256: string;
  domain: string;
  difficulty: number | null;
  tasks: number;
  samples: number;
  maxTokens: number;
  seed: number;
  tasksPerBatch: number;
}

/** One batch of tasks, sampled. */
export interface JournalBatch {
  batch: number;
  /** Tokens generated over the batch's samples. */
  tokens: number;
  /** Samples drawn. */
  drawn: number;
  /** The correct answers, in the order they were drawn: task index (in the generated task list), sample, text. */
  kept: Array<[task: number, sample: number, text: string]>;
}

export interface RftJournal {
  readonly path: string;
  /** The batches already sampled, in order from batch 0. */
  readonly batches: readonly JournalBatch[];
  append(batch: JournalBatch): void;
}

/**
 * Opens the journal at `path`: with `resume`, continues the one there (after checking it was
 * written under the same settings); otherwise starts a new one over anything there.
 */
export function openRftJournal(path: string, header: JournalHeader, resume: boolean): RftJournal {
  const continued = resume && existsSync(path);
  if (!continued) writeFileSync(path, `${JSON.stringify(header)}\n`);
  const batches = continued ? readJournal(path, header) : [];
  return {
    path,
    batches,
    append(batch) {
      if (batch.batch !== batches.length) throw new Error(`${path}: batch ${batch.batch} appended after ${batches.length} batches`);
      appendFileSync(path, `${JSON.stringify(batch)}\n`);
      batches.push(batch);
    },
  };
}

function readJournal(path: string, header: JournalHeader): JournalBatch[] {
  const text = readFileSync(path, 'utf8');
  // A run stopped while appending leaves a last line without its newline: drop it, and cut the
  // file back to the last whole batch so the next append starts a clean line.
  const whole = text.endsWith('\n') ? text : text.slice(0, text.lastIndexOf('\n') + 1);
  if (whole.length < text.length) truncateSync(path, Buffer.byteLength(whole));
  const lines = whole.split('\n').slice(0, -1);
  const at = (line: number, field?: string) => `${path}:${line}${field ? `: field "${field}"` : ''}`;
  if (lines.length === 0) throw new UsageError(`${at(1)}: empty sampling journal; run without --resume to sample again`);
  const stored = parse(lines[0] as string, at(1)) as Record<string, unknown>;
  for (const [field, value] of Object.entries(header)) {
    if (stored[field] !== value)
      throw new UsageError(
        `${at(1, field)}: the journal was sampled with ${JSON.stringify(stored[field])}, this run asks for ${JSON.stringify(value)}; ` +
          'run with the same settings, or without --resume to sample again',
      );
  }
  return lines.slice(1).map((line, i) => {
    const batch = parse(line, at(i + 2)) as JournalBatch;
    if (batch.batch !== i || !Number.isInteger(batch.tokens) || !Number.isInteger(batch.drawn) || !Array.isArray(batch.kept))
      throw new UsageError(`${at(i + 2, 'batch')}: expected batch ${i} with tokens, drawn and kept; the journal is damaged`);
    return batch;
  });
}

function parse(line: string, where: string): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    throw new UsageError(`${where}: not JSON (${(error as Error).message}); the journal is damaged`);
  }
}
