import { writeFileSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import type { Domain } from '../core/types.js';
import { getDomain } from '../domains/registry.js';
import { recordedLoopDomain } from '../loop/recorded-domain.js';
import { singleTurnExamples } from '../embedded/sft-data.js';
import { closeSharedSandbox } from '../sandbox/index.js';
import { RunStore } from '../store/run-store.js';
import { DIALOGUE_KINDS, dialogueExamples, type DialogueKind } from './dialogues.js';
import { type SyntheticFeedback, syntheticExamples } from './synthetic.js';

// `didactic data`: training data written as chat JSONL, the format `train sft` reads.

export interface SingleTurnDataOptions {
  /** The domains, by name. */
  domain: string[];
  /** Examples per domain. */
  n: number;
  seed: number;
  /** Difficulty levels (each domain's default if absent). */
  difficulty?: number[];
  /** The JSONL file to write. */
  out: string;
}

/** Single-turn examples from the domains' generators, one file; returns how many were written. */
export function writeSingleTurnData(o: SingleTurnDataOptions): number {
  const lines: string[] = [];
  for (const name of o.domain) {
    const domain = getDomain(name);
    const difficulties = o.difficulty ?? [domain.defaultDifficulty];
    for (const d of difficulties) {
      if (!domain.difficulties.includes(d))
        throw new UsageError(`--difficulty for ${domain.name} must be among ${domain.difficulties.join(', ')}, got ${d}`);
    }
    for (const example of singleTurnExamples(domain, { n: o.n, seed: o.seed, difficulties })) lines.push(JSON.stringify(example));
  }
  writeFileSync(o.out, `${lines.join('\n')}\n`);
  return lines.length;
}

export interface DialogueDataOptions {
  /** `solved` or `corrected` (see dialogues.ts). */
  kind: string;
  /** Only these conditions (default: all). */
  condition?: string[];
  /** The JSONL file to write. */
  out: string;
}

export interface DialogueData {
  kind: DialogueKind;
  examples: number;
  /** Episodes read. */
  episodes: number;
  /** `corrected` only: corrections left out because no reference reply passes the verifier. */
  skipped: number;
}

/** Chat examples from the dialogues of the run in `dir`, one file. */
export async function writeDialogueData(dir: string, o: DialogueDataOptions): Promise<DialogueData> {
  const kind = o.kind as DialogueKind;
  if (!DIALOGUE_KINDS.includes(kind)) throw new UsageError(`--kind must be one of ${DIALOGUE_KINDS.join(', ')}, got "${o.kind}"`);
  const store = RunStore.open(dir, { create: false });
  try {
    const conditions = o.condition;
    const all = store.episodes();
    const known = new Set(all.map((e) => e.condition));
    for (const c of conditions ?? [])
      if (!known.has(c)) throw new UsageError(`--condition ${c}: the run in ${dir} has only ${[...known].join(', ')}`);
    const episodes = all.filter((e) => conditions === undefined || conditions.includes(e.condition));
    const config = store.config();
    // A recorded feedback loop's domain is the app's own check, registered only in the app.
    const domain = (name: string): Domain => {
      try {
        return getDomain(name);
      } catch (error) {
        if (config?.appSystemPrompt === undefined || !config.domains.includes(name)) throw error;
        return recordedLoopDomain(name, config.appSystemPrompt);
      }
    };
    const made = await dialogueExamples(episodes, { task: (d, id) => store.task(d, id), domain }, kind).finally(closeSharedSandbox);
    writeFileSync(o.out, made.examples.map((e) => `${JSON.stringify(e)}\n`).join(''));
    return { kind, examples: made.examples.length, episodes: made.episodes, skipped: made.skipped };
  } finally {
    store.close();
  }
}

export interface SyntheticDataOptions {
  domain: string;
  n: number;
  seed: number;
  difficulty?: number[];
  dialogueShare: number;
  maxEarlier: number;
  feedback: SyntheticFeedback;
  out: string;
}

/** Synthetic dialogues (see synthetic.ts), `n` per difficulty level, one file; returns how many were written. */
export async function writeSyntheticData(o: SyntheticDataOptions): Promise<{ examples: number; dialogues: number }> {
  const domain = getDomain(o.domain);
  const lines: string[] = [];
  let dialogues = 0;
  for (const [k, difficulty] of (o.difficulty ?? [domain.defaultDifficulty]).entries()) {
    if (!domain.difficulties.includes(difficulty))
      throw new UsageError(`--difficulty for ${domain.name} must be among ${domain.difficulties.join(', ')}, got ${difficulty}`);
    const examples = await syntheticExamples({ ...o, domain, difficulty, seed: o.seed + k });
    dialogues += examples.filter((e) => e.messages.filter((m) => m.role === 'assistant').length > 1).length;
    for (const example of examples) lines.push(JSON.stringify(example));
  }
  writeFileSync(o.out, `${lines.join('\n')}\n`);
  return { examples: lines.length, dialogues };
}
