import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deriveSeed } from '../src/core/random.js';
import { getDomain } from '../src/domains/registry.js';
import { EmbeddedChat } from '../src/embedded/chat.js';
import { EmbeddedModel } from '../src/embedded/model.js';
import { resolveModelDir } from '../src/embedded/provider.js';
import { promptWindow } from '../src/embedded/sample.js';
import { runtimeThreads } from '../src/embedded/tensor/runtime.js';
import { rollOut, type Rollout } from '../src/rl/rollout.js';
import { trainRl } from '../src/rl/trainer.js';
import { createTeacher } from '../src/teachers/registry.js';

// The rollouts of one RL step on models/base (math difficulty 1, scripted teacher, K = 4, G = 8,
// 4 tasks) generated all at once through the batching chat versus one episode at a time, as a
// throughput ratio measured in this run; then three steps of `train rl`, split into rollout and
// update time. Run: npx tsc -p tsconfig.json && node dist/bench/rl-step.js

const line = (s: string): void => void process.stdout.write(`${s}\n`);
const from = resolveModelDir(process.env.RL_BENCH_MODEL ?? 'base');
const domain = getDomain('math');
const teacher = createTeacher('scripted');
const shape = { turns: 4, group: 8, tasksPerStep: 4, maxTokens: 48 };

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
    add(performance.now() - began, ...a);
    return r;
  };
model.prefill = timed(model.prefill.bind(model), (ms, tokens) => {
  passes.prefillMs += ms;
  passes.prefillCalls++;
  passes.promptTokens += tokens.length;
});
model.step = timed(model.step.bind(model), (ms) => {
  passes.stepMs += ms;
  passes.steps++;
});
const passLine = (label: string, seconds: number): string => {
  const text = `  ${label}: ${passes.prefillCalls} prompt passes over ${passes.promptTokens} padded prompt tokens ${(passes.prefillMs / 1000).toFixed(2)} s (${((100 * passes.prefillMs) / 1000 / seconds).toFixed(0)}%), ${passes.steps} decode steps ${(passes.stepMs / 1000).toFixed(2)} s (${((100 * passes.stepMs) / 1000 / seconds).toFixed(0)}%)`;
  Object.assign(passes, { prefillMs: 0, prefillCalls: 0, promptTokens: 0, stepMs: 0, steps: 0 });
  return text;
};
const chat = new EmbeddedChat(model);
const tasks = domain.generate({ n: shape.tasksPerStep, seed: 7, difficulty: 1 });
const seedOf = (t: number, g: number): number => deriveSeed(7, 'bench', t, g);
const failed = (rs: readonly Rollout[]): number => rs.filter((r) => r.episode.status === 'errored').length;
const promptTokens = (rs: readonly Rollout[]): number =>
  rs.reduce((s, r) => s + r.generations.reduce((a, g) => a + promptWindow(g.promptIds, model.config.maxSeq, shape.maxTokens).length, 0), 0);
const tokens = (rs: readonly Rollout[]): number => rs.reduce((s, r) => s + r.generations.reduce((a, g) => a + g.ids.length, 0), 0);
// Warm both paths' compiled shapes first.
await rollOut({ chat, domain, teacher, tasks, ...shape, seedOf });
await rollOut({ chat, domain, teacher, tasks: tasks.slice(0, 1), ...shape, group: 1, seedOf });

passLine('', 1);
let started = performance.now();
const batched = await rollOut({ chat, domain, teacher, tasks, ...shape, seedOf });
const batchedSeconds = (performance.now() - started) / 1000;
const batchedPasses = passLine('batched', batchedSeconds);
started = performance.now();
const single: Rollout[] = [];
for (let t = 0; t < tasks.length; t++) {
  for (let g = 0; g < shape.group; g++)
    single.push(...(await rollOut({ chat, domain, teacher, tasks: [tasks[t]!], ...shape, group: 1, seedOf: () => seedOf(t, g) })));
}
const singleSeconds = (performance.now() - started) / 1000;
const singlePasses = passLine('one at a time', singleSeconds);
const same =
  JSON.stringify(batched.map((r) => r.generations.map((g) => g.ids))) ===
  JSON.stringify(single.map((r) => r.generations.map((g) => g.ids)));
line(
  `rollouts of ${batched.length} episodes: batched ${batchedSeconds.toFixed(2)} s (${(tokens(batched) / batchedSeconds).toFixed(0)} tokens/s), one episode at a time ${singleSeconds.toFixed(2)} s (${(tokens(single) / singleSeconds).toFixed(0)} tokens/s)`,
);
if (failed(batched) + failed(single)) throw new Error('some rollouts failed');
line(
  `batched rollout throughput / one at a time: ${(tokens(batched) / batchedSeconds / (tokens(single) / singleSeconds)).toFixed(1)}×  (identical samples: ${same ? 'yes' : 'no'})`,
);
line(batchedPasses);
line(singlePasses);
line(`  prompt tokens before padding: ${promptTokens(batched)} (the same episodes either way)`);
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
  `RL step, small preset, K = ${shape.turns}, G = ${shape.group}, ${shape.tasksPerStep} tasks (${shape.group * shape.tasksPerStep} episodes a step):`,
);
for (const m of result.history) {
  const total = m.rolloutSeconds + m.updateSeconds;
  line(
    `  step ${m.step}: rollout ${m.rolloutSeconds.toFixed(2)} s (${m.generatedTokens} tokens, ${(m.generatedTokens / m.rolloutSeconds).toFixed(0)} tokens/s) + update ${m.updateSeconds.toFixed(2)} s = ${total.toFixed(2)} s; rollout share ${((100 * m.rolloutSeconds) / total).toFixed(0)}%`,
  );
}
line("  (step 1 includes compiling the step's shapes)");
