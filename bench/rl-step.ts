import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedChat } from '../src/embedded/chat.js';
import { EmbeddedModel } from '../src/embedded/model.js';
import { promptWindow } from '../src/embedded/sample.js';
import { runtimeThreads } from '../src/embedded/tensor/runtime.js';
import { rollOut, type Rollout } from '../src/rl/rollout.js';
import { trainRl } from '../src/rl/trainer.js';
import { referenceGflops } from './reference-gemm.js';
import { rolloutWorkload } from './rollout-workload.js';

// The rollouts of one RL step on models/base-f, the start of the second comparison
// (RL_BENCH_MODEL=base for the first's; math difficulty 1, scripted teacher, K = 4, G = 8, 8
// tasks: the recipes' 64 episodes a step, RL_BENCH_TASKS changes it) generated all at once
// through the batching chat versus one episode at a time, each with and without the prefix
// cache, as throughput ratios measured in this run, with the floor any sampler has on this
// machine; then three steps of `train rl`, split into rollout and update time.
// Run: npx tsc -p tsconfig.json && node dist/bench/rl-step.js

const line = (s: string): void => void process.stdout.write(`${s}\n`);
const { modelDir: from, domain, teacher, shape, tasks, seedOf } = rolloutWorkload();

// Batched versus one at a time: the same episodes (same tasks and seeds, so the same samples).
const model = await EmbeddedModel.load(from);
// Where rollout time goes: the prompt passes (prefill, whole dialogue each turn) against the
// one-token decode steps, timed by wrapping this model's two entry points.
const passes = { prefillMs: 0, prefillCalls: 0, promptTokens: 0, stepMs: 0, steps: 0 };
const timed =
  <A extends unknown[], R>(f: (...a: A) => R, add: (ms: number, ...a: A) => void) =>
  (...a: A): R => {
    const began = performance.now();
    const r = f(...a);
    // Prompt passes are asynchronous (they run on the kernel threads): time them to completion.
    if (r instanceof Promise) void r.then(() => add(performance.now() - began, ...a));
    else add(performance.now() - began, ...a);
    return r;
  };
model.prefill = timed(model.prefill.bind(model), (ms, tokens) => {
  passes.prefillMs += ms;
  passes.prefillCalls++;
  passes.promptTokens += tokens.length;
});
// Prompt passes after a cached prefix run only the new tokens.
model.extend = timed(model.extend.bind(model), (ms, tokens) => {
  passes.prefillMs += ms;
  passes.prefillCalls++;
  passes.promptTokens += tokens.length;
});
model.step = timed(model.step.bind(model), (ms) => {
  passes.stepMs += ms;
  passes.steps++;
});
const passLine = (label: string, seconds: number): { text: string; calls: number; steps: number } => {
  const counts = { calls: passes.prefillCalls, steps: passes.steps };
  const text = `  ${label}: ${passes.prefillCalls} prompt passes over ${passes.promptTokens} padded new tokens ${(passes.prefillMs / 1000).toFixed(2)} s (${((100 * passes.prefillMs) / 1000 / seconds).toFixed(0)}%), ${passes.steps} decode steps ${(passes.stepMs / 1000).toFixed(2)} s (${((100 * passes.stepMs) / 1000 / seconds).toFixed(0)}%)`;
  Object.assign(passes, { prefillMs: 0, prefillCalls: 0, promptTokens: 0, stepMs: 0, steps: 0 });
  return { text, ...counts };
};
const chat = new EmbeddedChat(model);
const failed = (rs: readonly Rollout[]): number => rs.filter((r) => r.episode.status === 'errored').length;
const promptTokens = (rs: readonly Rollout[]): number =>
  rs.reduce((s, r) => s + r.generations.reduce((a, g) => a + promptWindow(g.promptIds, model.config.maxSeq, shape.maxTokens).length, 0), 0);
const tokens = (rs: readonly Rollout[]): number => rs.reduce((s, r) => s + r.generations.reduce((a, g) => a + g.ids.length, 0), 0);
const samples = (rs: readonly Rollout[]): string => JSON.stringify(rs.map((r) => r.generations.map((g) => g.ids)));

/** The step's rollouts, all at once through the batching chat or one episode after another. */
async function rollouts(
  batched: boolean,
  prefixCache: boolean,
): Promise<{ rs: Rollout[]; seconds: number; passes: ReturnType<typeof passLine> }> {
  model.prefixes.enabled = prefixCache;
  model.prefixes.clear();
  const started = performance.now();
  const rs: Rollout[] = [];
  if (batched) rs.push(...(await rollOut({ chat, domain, teacher, tasks, ...shape, seedOf })));
  else
    for (let t = 0; t < tasks.length; t++)
      for (let g = 0; g < shape.group; g++)
        rs.push(...(await rollOut({ chat, domain, teacher, tasks: [tasks[t]!], ...shape, group: 1, seedOf: () => seedOf(t, g) })));
  const seconds = (performance.now() - started) / 1000;
  if (failed(rs)) throw new Error('some rollouts failed');
  return { rs, seconds, passes: passLine(`${batched ? 'batched' : 'one at a time'}, prefix cache ${prefixCache ? 'on' : 'off'}`, seconds) };
}

// Compile every path's shapes first, all of them: a run of thousands of steps compiles once, and
// a one-at-a-time path warmed on one task still compiled new shapes in its timed run (measured
// at up to twice its warm time).
for (const [batched, prefixCache] of [
  [true, true],
  [true, false],
  [false, true],
  [false, false],
] as const)
  await rollouts(batched, prefixCache);
const runs = [await rollouts(true, true), await rollouts(true, false), await rollouts(false, true), await rollouts(false, false)];
const [batched, batchedWhole, single, singleWhole] = runs as [(typeof runs)[0], (typeof runs)[0], (typeof runs)[0], (typeof runs)[0]];
const rate = (r: typeof batched): number => tokens(r.rs) / r.seconds;
line(
  `rollouts of ${batched.rs.length} episodes, seconds (tokens/s): batched ${batched.seconds.toFixed(2)} (${rate(batched).toFixed(0)}), batched without the prefix cache ${batchedWhole.seconds.toFixed(2)} (${rate(batchedWhole).toFixed(0)}), one episode at a time ${single.seconds.toFixed(2)} (${rate(single).toFixed(0)}), one at a time without the prefix cache ${singleWhole.seconds.toFixed(2)} (${rate(singleWhole).toFixed(0)})`,
);
const same = runs.every((r) => samples(r.rs) === samples(batched.rs));
line(
  `batched rollout throughput / one at a time without the prefix cache (the sampler before it): ${(rate(batched) / rate(singleWhole)).toFixed(1)}×; / one at a time with it: ${(rate(batched) / rate(single)).toFixed(1)}×; prefix cache on / off, batched: ${(rate(batched) / rate(batchedWhole)).toFixed(1)}×  (identical samples in all four: ${same ? 'yes' : 'no'})`,
);
for (const r of runs) line(r.passes.text);
// Batching runs a turn's rows in a few passes and steps instead of one set per episode. Were a
// pass of 32 rows as cheap as a pass of one, the ratio would be about what these counts give;
// it is less because a batched pass costs about its rows × tokens (the floor line below).
line(
  `  batched runs ${(single.passes.calls / batched.passes.calls).toFixed(1)}× fewer prompt passes (${batched.passes.calls} vs ${single.passes.calls}) and ${(single.passes.steps / batched.passes.steps).toFixed(1)}× fewer decode steps (${batched.passes.steps} vs ${single.passes.steps}) than one at a time, both with the prefix cache`,
);
line(`  prompt tokens before padding, whole windows: ${promptTokens(batched.rs)} (the same episodes every way)`);

// How much batching could give at most: every way must run each episode's tokens through the
// model at least once (its last window and reply; the first prompt once per task, as the group
// shares it), and a token costs at least the multiply-adds of the weight matrices (attention
// left out, so this is a floor). At the plain WebAssembly SIMD GEMM's rate measured now, on the
// same threads, that floor is the least time any batched sampler needs.
const { dim, layers, ffn, vocabSize } = model.config;
const flopsPerToken = 2 * (layers * (4 * dim * dim + 3 * dim * ffn) + dim * vocabSize);
const distinct = tasks.reduce((sum, _task, t) => {
  const members = batched.rs.filter((r) => r.group === t);
  const first = promptWindow(members[0]?.generations[0]?.promptIds ?? [], model.config.maxSeq, shape.maxTokens).length;
  return (
    sum +
    first +
    members.reduce((s, r) => {
      const last = r.generations.at(-1);
      if (!last) return s;
      return s + Math.max(0, promptWindow(last.promptIds, model.config.maxSeq, shape.maxTokens).length + last.ids.length - first);
    }, 0)
  );
}, 0);
const reference = await referenceGflops(1024, runtimeThreads, 4);
const floor = (distinct * flopsPerToken) / (reference * 1e9);
line(
  `  floor: ${distinct} distinct tokens × ${(flopsPerToken / 1e6).toFixed(2)} MFLOP = ${((distinct * flopsPerToken) / 1e9).toFixed(2)} GFLOP, ${(1000 * floor).toFixed(0)} ms at the WebAssembly SIMD GEMM's ${reference.toFixed(1)} GFLOP/s (${runtimeThreads} threads, this run); batched takes ${(batched.seconds / floor).toFixed(1)}× the floor, one at a time ${(single.seconds / floor).toFixed(1)}× (the most batching could give over it)`,
);
model.dispose();

const result = await trainRl({
  from,
  out: join(mkdtempSync(join(tmpdir(), 'didactic-rl-bench-')), 'rl'),
  domain,
  difficulty: 1,
  teacher,
  ...shape,
  steps: 3,
  lr: 1e-4,
  warmup: 0,
  gamma: 0.7,
  stdNormalize: false,
  kl: 0.05,
  teacherModelling: 0,
  seed: 1,
  checkpointEvery: 100,
  resume: false,
});
line(`threads: ${runtimeThreads}`);
line(
  `RL step, ${from.split('/').at(-1)}, K = ${shape.turns}, G = ${shape.group}, ${shape.tasksPerStep} tasks (${shape.group * shape.tasksPerStep} episodes a step):`,
);
for (const m of result.history) {
  const total = m.rolloutSeconds + m.updateSeconds;
  line(
    `  step ${m.step}: rollout ${m.rolloutSeconds.toFixed(2)} s (${m.generatedTokens} tokens, ${(m.generatedTokens / m.rolloutSeconds).toFixed(0)} tokens/s) + update ${m.updateSeconds.toFixed(2)} s = ${total.toFixed(2)} s; rollout share ${((100 * m.rolloutSeconds) / total).toFixed(0)}%`,
  );
}
line("  (step 1 includes compiling the step's shapes)");
