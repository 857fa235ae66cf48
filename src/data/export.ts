import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { UsageError } from '../core/errors.js';
import { domainNames, getDomain } from '../domains/registry.js';
import { checkDifficulty, selectTasks } from '../io/tasks.js';
import { EXPORT_FORMATS, EXPORT_LAYOUTS, type ExportFormat, taskReference } from './export-formats.js';
import { writeParquetRows } from './export-parquet.js';

// `didactic data export`: prompt datasets for RL trainers whose rollouts call `didactic env serve`.

export interface ExportOptions {
  format: string;
  /** The domains, by name; with `data`, exactly one. */
  domain: string[];
  data?: string;
  /** Tasks per domain. */
  n: number;
  seed: number;
  difficulty?: number;
  /** `.jsonl` (or `.json`, also written as JSON Lines, which HF `datasets` reads) or `.parquet`. */
  out: string;
  includeAnswers?: boolean;
  maxAttempts: number;
  discount: number;
  teacher?: string;
  split: string;
}

export interface ExportResult {
  format: ExportFormat;
  rows: number;
  file: string;
  fileFormat: 'jsonl' | 'parquet';
}

function fileFormat(out: string): 'jsonl' | 'parquet' {
  const ext = extname(out).toLowerCase();
  if (ext === '.parquet') return 'parquet';
  if (ext === '.jsonl' || ext === '.json') return 'jsonl';
  throw new UsageError(`--out must end in .jsonl, .json or .parquet, got "${out}"`);
}

export async function exportTaskData(o: ExportOptions): Promise<ExportResult> {
  if (!(EXPORT_FORMATS as readonly string[]).includes(o.format))
    throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got "${o.format}"`);
  const format = o.format as ExportFormat;
  const kind = fileFormat(o.out);
  if (o.data !== undefined && o.domain.length !== 1) throw new UsageError('--data takes exactly one --domain (the domain of the file)');
  if (!(o.discount > 0 && o.discount <= 1)) throw new UsageError(`--discount must be in (0, 1], got ${o.discount}`);
  const layout = EXPORT_LAYOUTS[format];
  const rows: Record<string, unknown>[] = [];
  for (const name of o.domain) {
    const domain = getDomain(name);
    checkDifficulty(domain, o.difficulty);
    const selection = {
      n: o.n,
      seed: o.seed,
      ...(o.difficulty === undefined ? {} : { difficulty: o.difficulty }),
      ...(o.data === undefined ? {} : { data: o.data }),
    };
    const referenceOptions = {
      maxAttempts: o.maxAttempts,
      discount: o.discount,
      ...(o.teacher === undefined ? {} : { teacher: o.teacher }),
    };
    // The server parses a built-in generated id back into its generator spec; a plug-in's ids are
    // its own, so its generated tasks are referenced by the spec itself.
    const bySpec = o.data === undefined && !domainNames().includes(domain.name);
    for (const [index, task] of (await selectTasks(domain, selection)).entries()) {
      const reference = {
        ...taskReference(task, referenceOptions),
        ...(o.data === undefined ? {} : { source: o.data }),
        ...(bySpec ? { task: { domain: domain.name, seed: o.seed, difficulty: o.difficulty ?? domain.defaultDifficulty, index } } : {}),
      };
      const answer = o.includeAnswers ? task.privileged.answer : '';
      rows.push(layout.row({ task, domain, index: rows.length, split: o.split, reference, answer }));
    }
  }
  if (kind === 'parquet') writeParquetRows(o.out, layout.columns, rows);
  else writeFileSync(o.out, rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
  return { format, rows: rows.length, file: o.out, fileFormat: kind };
}
