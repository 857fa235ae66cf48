import { createRng } from '../core/random.js';
import type { EmbeddedModel, KvCache } from './model.js';
import { type CachedPrefix, shiftKeys } from './prefix-cache.js';

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
 * Sample every request. Rows are grouped (see rowGroups), each group is filled up to a
 * power-of-two number of rows (idle rows that are done from the start) and its prompts are
 * left-padded to a multiple of 32, so batches of similar size share one compiled program: every
 * new shape costs compile time and memory that the tensor library keeps, and concurrent episodes
 * otherwise produce a new shape at nearly every call. A dialogue's earlier turns come from the
 * model's prefix cache when they are there, so only the new tokens of a turn run again.
 */
export async function sampleBatch(
  model: EmbeddedModel,
  requests: readonly SampleRequest[],
  options: SampleOptions = {},
): Promise<SampleOutput[]> {
  if (requests.length === 0) return [];
  const plans = requests.map((r) => planReuse(model, r, options));
  const outputs: SampleOutput[] = new Array<SampleOutput>(requests.length);
  for (const group of rowGroups(model, requests, plans)) {
    const onToken = options.onToken;
    const part = await sampleBucket(
      model,
      group.map((i) => requests[i] as SampleRequest),
      group.map((i) => plans[i] ?? null),
      {
        ...options,
        ...(onToken ? { onToken: (row: number, id: number) => onToken(group[row] as number, id) } : {}),
      },
    );
    part.forEach((o, j) => {
      outputs[group[j] as number] = o;
    });
  }
  // A reused entry is superseded by the longer sequence just stored for the same dialogue.
  for (const plan of plans) if (plan) model.prefixes.delete(plan.entry);
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

/** A request's first `length` window tokens taken from a cached prefix instead of a prompt pass. */
interface Reuse {
  entry: CachedPrefix;
  length: number;
}

/** Fewer shared tokens than this are run again: below it the cached pass saves less than its setup costs. */
export const MIN_REUSE = 32;

function planReuse(model: EmbeddedModel, request: SampleRequest, options: SampleOptions): Reuse | null {
  if (options.recompute || !model.prefixes.enabled) return null;
  const window = promptWindow(request.prompt, model.config.maxSeq, request.maxTokens);
  const match = model.prefixes.match(window);
  // At least the last window token runs through the model: its logits are the first draw's.
  const length = Math.min(match?.length ?? 0, window.length - 1);
  if (!match || length < MIN_REUSE) return null;
  model.prefixes.stats.hits++;
  model.prefixes.stats.reusedTokens += length;
  return { entry: match.entry, length };
}

/**
 * Most rows × (new tokens) × (positions attended) in one prompt pass. The pass holds the
 * attention scores of every layer at once, the sampler's largest buffers, and the tensor library
 * keeps what it allocated for the life of the process: 64 rows of 256-token prompts alone take
 * over a GiB. Long prompts are therefore sampled in smaller groups.
 */
const PREFILL_CELLS = 64 * 128 * 128;

/**
 * What one extra prompt pass costs, in padded row-tokens: a one-row pass runs at about 60% of a
 * full batch's speed per token in `bench/rl-step.ts`, which fits a fixed cost of about 50 tokens.
 */
const PASS_COST = 64;

/**
 * Requests (by index) in groups, each run as one prompt pass: rows with a cached prefix apart
 * from rows without (the two run different passes), and within each, rows sorted by the tokens
 * they run and cut where the padding saved outweighs another pass. A group's rows are padded to
 * its longest and filled up to a power of two, so a reply of 20 new tokens batched with one of
 * 90 would otherwise pay for 96; every group also fits PREFILL_CELLS.
 */
function rowGroups(model: EmbeddedModel, requests: readonly SampleRequest[], plans: readonly (Reuse | null)[]): number[][] {
  const maxSeq = model.config.maxSeq;
  const up = (n: number, to: number): number => Math.ceil(n / to) * to;
  const lengths = requests.map((r, i) => {
    const window = promptWindow(r.prompt, maxSeq, r.maxTokens).length;
    const past = plans[i]?.length ?? 0;
    return past > 0 ? { past: up(past, 64), fresh: up(window - past, 32) } : { past: 0, fresh: up(window, 32) };
  });
  const groups: number[][] = [];
  for (const hot of [false, true]) {
    const members = requests.map((_, i) => i).filter((i) => (plans[i] !== null) === hot);
    const fresh = (i: number): number => lengths[i]?.fresh ?? 0;
    const past = (i: number): number => lengths[i]?.past ?? 0;
    members.sort((a, b) => fresh(a) - fresh(b) || past(a) - past(b) || a - b);
    // Cheapest cut of the sorted rows into contiguous groups: best[k] covers the first k rows.
    const n = members.length;
    const best = [0, ...Array<number>(n).fill(Infinity)];
    const cut = Array<number>(n + 1).fill(0);
    for (let k = 1; k <= n; k++) {
      let longestPast = 0;
      for (let start = k - 1; start >= 0; start--) {
        longestPast = Math.max(longestPast, past(members[start] as number));
        const rows = k - start;
        const T = fresh(members[k - 1] as number);
        if (rows > 1 && rows * T * (longestPast + T) > PREFILL_CELLS) break;
        const cost = (best[start] as number) + PASS_COST + 2 ** Math.ceil(Math.log2(rows)) * T;
        if (cost < (best[k] as number)) {
          best[k] = cost;
          cut[k] = start;
        }
      }
    }
    const parts: number[][] = [];
    for (let k = n; k > 0; k = cut[k] as number) parts.unshift(members.slice(cut[k], k));
    groups.push(...parts);
  }
  return groups;
}

async function sampleBucket(
  model: EmbeddedModel,
  requests: readonly SampleRequest[],
  plans: readonly (Reuse | null)[],
  options: SampleOptions,
): Promise<SampleOutput[]> {
  const bucket = 2 ** Math.ceil(Math.log2(requests.length));
  if (bucket === requests.length) return sampleRows(model, requests, plans, options);
  const idle: SampleRequest = {
    prompt: [model.tokenizer.id('<|pad|>')],
    temperature: 0,
    topP: 1,
    maxTokens: 0,
    seed: 0,
    stopIds: new Set(),
  };
  const extra = bucket - requests.length;
  const filled = [...requests, ...Array.from({ length: extra }, () => idle)];
  const filledPlans = [...plans, ...Array.from({ length: extra }, () => null)];
  return (await sampleRows(model, filled, filledPlans, options)).slice(0, requests.length);
}

/**
 * Where each row's tokens sit in the key/value cache before decoding starts: `slots` in token
 * order, the rotary position of the first (`offset`; the rest follow one by one), and `end`, the
 * position of the first generated token (the same for every row, so all rows decode in step).
 */
interface Layout {
  slots: number[][];
  offsets: number[];
  end: number;
}

/**
 * Cache slots for the tokens decoded after a prompt pass: the budget in 16s, so batches with the
 * same prompt length share one compiled step. Each step writes into these slots only (the
 * prompt's keys are read, never copied), so fewer slots make every step cheaper.
 */
function decodedSlots(budget: number): number {
  return Math.max(16, Math.ceil(budget / 16) * 16);
}

/** Every row's whole window in one pass, left-padded to P: the tokens sit at positions padding…P−1. */
async function coldPass(
  model: EmbeddedModel,
  windows: readonly number[][],
  budget: number,
  options: SampleOptions,
): Promise<{ logits: Float32Array; cache: KvCache | null; layout: Layout; capacity: number; sequence: number[][]; padding: number[] }> {
  const rows = windows.length;
  const maxSeq = model.config.maxSeq;
  const pad = model.tokenizer.id('<|pad|>');
  const longest = Math.max(...windows.map((p) => p.length));
  const P = Math.max(longest, Math.min(Math.ceil(longest / 32) * 32, maxSeq - budget));
  const padding = windows.map((p) => P - p.length);
  // All rows, padded on the left; rotary positions are relative, so the shift does not matter.
  const sequence: number[][] = windows.map((p, b) => [...Array<number>(padding[b] as number).fill(pad), ...p]);
  const capacity = P + decodedSlots(budget);
  const layout: Layout = {
    slots: padding.map((start) => Array.from({ length: P - start }, (_, j) => start + j)),
    offsets: padding,
    end: P,
  };
  if (options.recompute) {
    const { tokens, mask } = wholePrefix(sequence, padding, P);
    return { logits: await model.lastLogits(tokens, rows, mask), cache: null, layout, capacity, sequence, padding };
  }
  // Identical windows run once: the members of a group all start from the task's prompt, and
  // the idle rows that fill a batch are all the same. Each row then gets its window's logits and
  // keys, so it samples what it would have sampled from a pass of its own.
  const { run, rowsOf } = distinctRows(windows);
  const { tokens, mask } = wholePrefix(
    run.map((b) => sequence[b] as number[]),
    run.map((b) => padding[b] as number),
    P,
  );
  const { logits, cache } = await model.prefill(tokens, run.length, mask, capacity, rowsOf);
  return { logits, cache, layout, capacity, sequence, padding };
}

/**
 * The rows to run for these windows, one per distinct window (filled up to a power of two with
 * the first, so that few pass shapes are compiled), and for each window the run row it reads;
 * `rowsOf` is undefined when the run is the batch itself, in order, and no row needs copying.
 */
function distinctRows(windows: readonly number[][]): { run: number[]; rowsOf: number[] | undefined } {
  const index = new Map<string, number>();
  const run: number[] = [];
  const rowsOf = windows.map((window, b) => {
    const key = window.join(',');
    let row = index.get(key);
    if (row === undefined) {
      row = run.length;
      index.set(key, row);
      run.push(b);
    }
    return row;
  });
  const filled = 2 ** Math.ceil(Math.log2(run.length));
  while (run.length < Math.min(filled, windows.length)) run.push(run[0] as number);
  // The filled run can have as many rows as the batch without being the batch in order.
  const inOrder = run.length === windows.length && rowsOf.every((row, b) => row === b);
  return { run, rowsOf: inOrder ? undefined : rowsOf };
}

/**
 * Rows whose window starts with a cached prefix: the prefixes' keys and values fill slots
 * 0…C−1 (each right-aligned), and only the rest of each window — left-padded to T — runs through
 * the model at positions C…C+T−1. A row's cached keys are rotated to sit just before its new
 * tokens, so each row attends over one unbroken run of positions, as in a full prompt pass.
 */
async function warmPass(
  model: EmbeddedModel,
  windows: readonly number[][],
  plans: readonly (Reuse | null)[],
  budget: number,
): Promise<{ logits: Float32Array; cache: KvCache; layout: Layout; capacity: number }> {
  const rows = windows.length;
  const dim = model.config.dim;
  const layers = model.config.layers;
  const pad = model.tokenizer.id('<|pad|>');
  const reused = plans.map((p) => p?.length ?? 0);
  const fresh = windows.map((w, b) => w.length - (reused[b] as number));
  const C = Math.ceil(Math.max(...reused) / 64) * 64;
  // New tokens in 32s (a reply and the feedback after it are 20–90 tokens); past lengths in 64s.
  const T = Math.ceil(Math.max(...fresh) / 32) * 32;
  const end = C + T;
  const capacity = end + decodedSlots(budget);
  const tokens = new Int32Array(rows * T).fill(pad);
  const keys = Array.from({ length: layers }, () => new Float32Array(rows * C * dim));
  const values = Array.from({ length: layers }, () => new Float32Array(rows * C * dim));
  const mask = new Uint8Array(rows * T * (C + T));
  const layout: Layout = { slots: [], offsets: [], end };
  for (let b = 0; b < rows; b++) {
    const L = reused[b] as number;
    const n = fresh[b] as number;
    const window = windows[b] as number[];
    for (let i = 0; i < n; i++) tokens[b * T + (T - n) + i] = window[L + i] as number;
    const offset = end - n - L;
    const plan = plans[b];
    if (plan) {
      for (let l = 0; l < layers; l++) {
        // Only the L matched positions are used: rotate those, not the whole stored entry.
        const matched = (plan.entry.keys[l] as Float32Array).subarray(0, L * dim);
        keys[l]?.set(shiftKeys(matched, model.config, offset - plan.entry.offset), (b * C + (C - L)) * dim);
        values[l]?.set((plan.entry.values[l] as Float32Array).subarray(0, L * dim), (b * C + (C - L)) * dim);
      }
    }
    for (let i = 0; i < T; i++) {
      const row = (b * T + i) * (C + T);
      if (i < T - n) {
        // Padding positions attend to themselves only, so every softmax has a finite input.
        mask[row + C + i] = 1;
        continue;
      }
      for (let j = C - L; j < C; j++) mask[row + j] = 1;
      for (let j = T - n; j <= i; j++) mask[row + C + j] = 1;
    }
    layout.slots.push([...Array.from({ length: L }, (_, j) => C - L + j), ...Array.from({ length: n }, (_, j) => end - n + j)]);
    layout.offsets.push(offset);
  }
  const { logits, cache } = await model.extend(tokens, rows, mask, { keys, values, length: C }, capacity);
  return { logits, cache, layout, capacity };
}

async function sampleRows(
  model: EmbeddedModel,
  requests: readonly SampleRequest[],
  plans: readonly (Reuse | null)[],
  options: SampleOptions,
): Promise<SampleOutput[]> {
  const rows = requests.length;
  const maxSeq = model.config.maxSeq;
  const vocab = model.config.vocabSize;
  const pad = model.tokenizer.id('<|pad|>');
  const windows = requests.map((r) => promptWindow(r.prompt, maxSeq, r.maxTokens));
  const maxTokens = Math.max(...requests.map((r) => r.maxTokens));
  const budget = Math.min(maxTokens, maxSeq - Math.max(...windows.map((w) => w.length)));
  const rngs = requests.map((r) => createRng(r.seed));
  const outputs: SampleOutput[] = requests.map(() => ({ ids: [], logprobs: [], finish: 'length' }));
  const done = requests.map((r) => r.maxTokens <= 0);

  const warm = plans.some((p) => p !== null);
  const cold = warm ? null : await coldPass(model, windows, maxTokens, options);
  const first = cold ?? (await warmPass(model, windows, plans, budget));
  const { layout, capacity } = first;
  let { logits, cache } = first;
  const E = layout.end;
  // Which cache slots each row may attend to; every fed token's slot is added as it is fed.
  const allowed = layout.slots.map((slots) => {
    const row = new Uint8Array(capacity);
    for (const j of slots) row[j] = 1;
    return row;
  });

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
      const S = E + step + 1;
      if (cold && options.recompute) {
        for (let b = 0; b < rows; b++) (cold.sequence[b] as number[]).push(next[b] as number);
        const { tokens, mask } = wholePrefix(cold.sequence, cold.padding, S);
        logits = await model.lastLogits(tokens, rows, mask);
      } else {
        const mask = new Uint8Array(rows * capacity);
        for (let b = 0; b < rows; b++) {
          const row = allowed[b] as Uint8Array;
          row[S - 1] = 1;
          mask.set(row, b * capacity);
        }
        const out = model.step(next, S - 1, mask, cache as KvCache);
        cache = out.cache;
        logits = out.logits;
      }
    }
    if (cache && model.prefixes.enabled) {
      // Idle filler rows (maxTokens 0) are not dialogues, and a sequence shorter than MIN_REUSE
      // can never be reused (planReuse needs that many matching tokens): nothing of theirs is
      // kept, and when no row is left the cache is not read back at all. Short dialogues (math
      // at difficulty 1 opens with about 20 tokens) otherwise paid a device-to-host copy of the
      // whole cache at every turn for entries no prompt could match.
      const fed = requests.map((r, b) => {
        const tail = (outputs[b] as SampleOutput).ids.slice(0, -1);
        return r.maxTokens > 0 && (windows[b] as number[]).length + tail.length >= MIN_REUSE ? tail : null;
      });
      if (fed.some((tail) => tail !== null)) await keepPrefixes(model, windows, fed, layout, capacity, cache);
    }
  } finally {
    model.releaseCache(cache);
  }
  return outputs;
}

/**
 * Store each row's window and the given generated tokens that were fed back (all but the last
 * drawn) with their keys and values, for the next prompt of the same dialogue; rows given null
 * are skipped.
 */
async function keepPrefixes(
  model: EmbeddedModel,
  windows: readonly number[][],
  fed: readonly (number[] | null)[],
  layout: Layout,
  capacity: number,
  cache: KvCache,
): Promise<void> {
  const dim = model.config.dim;
  const host = await model.readCache(cache);
  windows.forEach((window, b) => {
    const tail = fed[b];
    if (!tail) return;
    const slots = [...(layout.slots[b] as number[]), ...tail.map((_, t) => layout.end + t)];
    const gather = (a: Float32Array): Float32Array => {
      const out = new Float32Array(slots.length * dim);
      slots.forEach((slot, i) => {
        out.set(a.subarray((b * capacity + slot) * dim, (b * capacity + slot + 1) * dim), i * dim);
      });
      return out;
    };
    model.prefixes.add({
      ids: [...window, ...tail],
      keys: host.keys.map(gather),
      values: host.values.map(gather),
      offset: layout.offsets[b] as number,
    });
  });
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
export function pick(
  logits: Float32Array,
  request: Pick<SampleRequest, 'temperature' | 'topP'>,
  rng: { next(): number },
): { id: number; logprob: number } {
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
  const descending = new Float64Array(logits.length);
  let total = 0;
  for (let i = 0; i < logits.length; i++) {
    const p = Math.exp(((logits[i] as number) - max) / t);
    probs[i] = p;
    descending[i] = -p;
    total += p;
  }
  // Tokens from most to least likely (ties: lower id first), the nucleus the first of them whose
  // mass reaches topP, and the draw a walk down it. Only the k-th value of that order is needed
  // until the draw lands, and equal values are interchangeable in every sum, so the values are
  // sorted natively (negated, for descending order) and the id found afterwards: the same
  // floats in the same order as sorting the ids with a comparator, which took 15% of a rollout.
  descending.sort();
  const topP = Math.min(1, Math.max(request.topP, 0));
  let kept = 0;
  let mass = 0;
  for (let k = 0; k < descending.length; k++) {
    mass += -(descending[k] as number) / total;
    kept++;
    if (mass >= topP) break;
  }
  let target = rng.next() * mass * total;
  let chosen = kept - 1;
  for (let k = 0; k < kept; k++) {
    target -= -(descending[k] as number);
    if (target <= 0) {
      chosen = k;
      break;
    }
  }
  const id = idAtRank(probs, descending, chosen);
  return { id, logprob: logprobOf(id) };
}

/** The id at position `rank` of the ids sorted by probability, most likely first, ties by lower id. */
function idAtRank(probs: Float64Array, descending: Float64Array, rank: number): number {
  const value = descending[rank] as number;
  let tiesBefore = 0;
  while (rank - tiesBefore - 1 >= 0 && descending[rank - tiesBefore - 1] === value) tiesBefore++;
  for (let i = 0; i < probs.length; i++) {
    if (-(probs[i] as number) !== value) continue;
    if (tiesBefore === 0) return i;
    tiesBefore--;
  }
  throw new Error('idAtRank: rank outside the distribution');
}
