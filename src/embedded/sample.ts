import { createRng } from '../core/random.js';
import type { KvCache } from './model.js';
import type { EmbeddedModel } from './model.js';

// Batched sampling with a key/value cache: one pass over all prompts (left-padded to the same
// length), then one position per step for every row. Each row has its own seeded generator, so
// a row's draw depends on its seed and its logits, not on the order rows were scheduled in.

export interface SampleRequest {
  prompt: number[];
  /** 0 = greedy. */
  temperature: number;
  topP: number;
  maxTokens: number;
  seed: number;
  /** Token ids that end the sample (normally <|end|>); the stop token is not returned. */
  stopIds: ReadonlySet<number>;
  /** Optional: stop when the decoded text contains one of these; checked after each token. */
  stopWhen?: (ids: readonly number[]) => boolean;
}

export interface SampleOutput {
  ids: number[];
  /** Log-probability of each returned token under the model at temperature 1 (for policy gradients). */
  logprobs: number[];
  finish: 'stop' | 'length';
}

export interface SampleOptions {
  /** Without a cache: recompute the whole prefix at every step (the baseline the bench compares against). */
  recompute?: boolean;
  /** Called after every step with the rows' new token (or -1 for finished rows); used for streaming. */
  onToken?: (row: number, id: number) => void;
}

/**
 * Sample every request. The batch is filled up to a power-of-two number of rows (idle rows that
 * are done from the start) and prompts are left-padded to a multiple of 64, so batches of
 * similar size share one compiled program: every new shape costs compile time and memory that
 * the tensor library keeps, and concurrent episodes otherwise produce a new shape at nearly
 * every call.
 */
export async function sampleBatch(
  model: EmbeddedModel,
  requests: readonly SampleRequest[],
  options: SampleOptions = {},
): Promise<SampleOutput[]> {
  if (requests.length === 0) return [];
  const groups = prefillGroups(model, requests);
  if (groups.length === 1) return sampleBucket(model, requests, options);
  const outputs: SampleOutput[] = new Array<SampleOutput>(requests.length);
  for (const group of groups) {
    const onToken = options.onToken;
    const part = await sampleBucket(
      model,
      group.map((i) => requests[i] as SampleRequest),
      {
        ...options,
        ...(onToken ? { onToken: (row: number, id: number) => onToken(group[row] as number, id) } : {}),
      },
    );
    part.forEach((o, j) => {
      outputs[group[j] as number] = o;
    });
  }
  return outputs;
}

/**
 * The context the sampler conditions on: the most recent `maxSeq − maxTokens` prompt tokens, so
 * that the reply always fits the window. The RL trainer builds its training contexts with this
 * same function, which is what keeps the update on-policy for long dialogues.
 */
export function promptWindow(prompt: readonly number[], maxSeq: number, maxTokens: number): number[] {
  return prompt.slice(Math.max(0, prompt.length - (maxSeq - Math.max(1, maxTokens))));
}

/**
 * Most rows × (padded prompt length)² in one prefill pass. The prefill's attention scores
 * (rows × heads × P × P floats), held for every layer at once, are the sampler's largest
 * buffers, and the tensor library keeps what it allocated for the life of the process: 64 rows of
 * 256-token prompts alone take over a GiB. Long prompts are therefore sampled in smaller groups.
 */
const PREFILL_CELLS = 64 * 128 * 128;

/** Requests (by index) in groups that each fit PREFILL_CELLS, similar prompt lengths together. */
function prefillGroups(model: EmbeddedModel, requests: readonly SampleRequest[]): number[][] {
  const maxSeq = model.config.maxSeq;
  const padded = requests.map((r) => Math.ceil(promptWindow(r.prompt, maxSeq, r.maxTokens).length / 64) * 64);
  const longest = Math.max(...padded);
  if (requests.length * longest * longest <= PREFILL_CELLS) return [requests.map((_, i) => i)];
  const order = requests.map((_, i) => i).sort((a, b) => (padded[a] as number) - (padded[b] as number) || a - b);
  const groups: number[][] = [];
  let group: number[] = [];
  for (const i of order) {
    const p = padded[i] as number;
    // Sorted by length, so the newest member is the group's longest prompt.
    if (group.length > 0 && (group.length + 1) * p * p > PREFILL_CELLS) {
      groups.push(group);
      group = [];
    }
    group.push(i);
  }
  groups.push(group);
  return groups;
}

async function sampleBucket(model: EmbeddedModel, requests: readonly SampleRequest[], options: SampleOptions): Promise<SampleOutput[]> {
  const bucket = 2 ** Math.ceil(Math.log2(requests.length));
  if (bucket === requests.length) return sampleRows(model, requests, options);
  const idle: SampleRequest = {
    prompt: [model.tokenizer.id('<|pad|>')],
    temperature: 0,
    topP: 1,
    maxTokens: 0,
    seed: 0,
    stopIds: new Set(),
  };
  const filled = [...requests, ...Array.from({ length: bucket - requests.length }, () => idle)];
  return (await sampleRows(model, filled, options)).slice(0, requests.length);
}

async function sampleRows(model: EmbeddedModel, requests: readonly SampleRequest[], options: SampleOptions): Promise<SampleOutput[]> {
  const rows = requests.length;
  const maxSeq = model.config.maxSeq;
  const vocab = model.config.vocabSize;
  const pad = model.tokenizer.id('<|pad|>');
  const prompts = requests.map((r) => promptWindow(r.prompt, maxSeq, r.maxTokens));
  const longest = Math.max(...prompts.map((p) => p.length));
  const P = Math.max(longest, Math.min(Math.ceil(longest / 64) * 64, maxSeq - Math.max(...requests.map((r) => r.maxTokens))));
  const padding = prompts.map((p) => P - p.length);
  const budget = Math.min(Math.max(...requests.map((r) => r.maxTokens)), maxSeq - P);
  const rngs = requests.map((r) => createRng(r.seed));
  const outputs: SampleOutput[] = requests.map(() => ({ ids: [], logprobs: [], finish: 'length' }));
  const done = requests.map((r) => r.maxTokens <= 0);
  // All rows, padded on the left; rotary positions are relative, so the shift does not matter.
  const sequence: number[][] = prompts.map((p, b) => [...Array<number>(padding[b] as number).fill(pad), ...p]);

  // Capacities rounded up so batches of similar length share one compiled step.
  const capacity = Math.ceil((P + budget) / 64) * 64;
  let cache: KvCache | null = null;
  let logits: Float32Array;
  {
    const { tokens, mask } = wholePrefix(sequence, padding, P);
    if (options.recompute) logits = model.lastLogits(tokens, rows, mask);
    else ({ logits, cache } = model.prefill(tokens, rows, mask, capacity));
  }

  try {
    for (let step = 0; step < budget && done.some((d) => !d); step++) {
      const next = new Int32Array(rows);
      for (let b = 0; b < rows; b++) {
        const request = requests[b] as SampleRequest;
        const row = logits.subarray(b * vocab, (b + 1) * vocab);
        if (done[b]) {
          next[b] = pad;
          continue;
        }
        const { id, logprob } = pick(row, request, rngs[b] as ReturnType<typeof createRng>);
        next[b] = id;
        const output = outputs[b] as SampleOutput;
        if (request.stopIds.has(id)) {
          output.finish = 'stop';
          done[b] = true;
          options.onToken?.(b, -1);
          continue;
        }
        output.ids.push(id);
        output.logprobs.push(logprob);
        options.onToken?.(b, id);
        if (request.stopWhen?.(output.ids)) {
          output.finish = 'stop';
          done[b] = true;
        } else if (output.ids.length >= request.maxTokens) done[b] = true;
      }
      if (!done.some((d) => !d) || step + 1 >= budget) break;
      // Let streamed chunks reach their sockets between steps.
      if (options.onToken) await new Promise<void>((resolve) => setImmediate(resolve));
      for (let b = 0; b < rows; b++) (sequence[b] as number[]).push(next[b] as number);
      const S = P + step + 1;
      if (options.recompute) {
        const { tokens, mask } = wholePrefix(sequence, padding, S);
        logits = model.lastLogits(tokens, rows, mask);
      } else {
        const mask = new Uint8Array(rows * capacity);
        for (let b = 0; b < rows; b++) for (let j = padding[b] as number; j < S; j++) mask[b * capacity + j] = 1;
        const out = model.step(next, S - 1, mask, cache as KvCache);
        cache = out.cache;
        logits = out.logits;
      }
    }
  } finally {
    model.releaseCache(cache);
  }
  return outputs;
}

/** The first S tokens of every row, [rows, S], and their causal mask [rows, S, S] that skips each row's left padding. */
function wholePrefix(sequence: readonly number[][], padding: readonly number[], S: number): { tokens: Int32Array; mask: Uint8Array } {
  const rows = sequence.length;
  const tokens = new Int32Array(rows * S);
  const mask = new Uint8Array(rows * S * S);
  for (let b = 0; b < rows; b++) {
    const row = sequence[b] as number[];
    const start = padding[b] as number;
    for (let i = 0; i < S; i++) {
      tokens[b * S + i] = row[i] as number;
      // Padding positions attend to themselves only, so every softmax has a finite input.
      for (let j = 0; j <= i; j++) if (j >= start || j === i) mask[(b * S + i) * S + j] = 1;
    }
  }
  return { tokens, mask };
}

/** Draw one token: temperature, then nucleus (top-p) truncation; greedy at temperature 0. */
function pick(logits: Float32Array, request: SampleRequest, rng: { next(): number }): { id: number; logprob: number } {
  let max = -Infinity;
  let argmax = 0;
  for (let i = 0; i < logits.length; i++) {
    const v = logits[i] as number;
    if (v > max) {
      max = v;
      argmax = i;
    }
  }
  let z = 0;
  for (let i = 0; i < logits.length; i++) z += Math.exp((logits[i] as number) - max);
  const logZ = max + Math.log(z);
  const logprobOf = (id: number): number => (logits[id] as number) - logZ;
  if (request.temperature <= 0) return { id: argmax, logprob: logprobOf(argmax) };

  const t = request.temperature;
  const probs = new Float64Array(logits.length);
  let total = 0;
  for (let i = 0; i < logits.length; i++) {
    const p = Math.exp(((logits[i] as number) - max) / t);
    probs[i] = p;
    total += p;
  }
  const order = Array.from({ length: logits.length }, (_, i) => i).sort((a, b) => (probs[b] as number) - (probs[a] as number) || a - b);
  const topP = Math.min(1, Math.max(request.topP, 0));
  let kept = 0;
  let mass = 0;
  for (const id of order) {
    mass += (probs[id] as number) / total;
    kept++;
    if (mass >= topP) break;
  }
  let target = rng.next() * mass * total;
  for (let k = 0; k < kept; k++) {
    const id = order[k] as number;
    target -= probs[id] as number;
    if (target <= 0) return { id, logprob: logprobOf(id) };
  }
  const last = order[kept - 1] as number;
  return { id: last, logprob: logprobOf(last) };
}
