import '../src/embedded/tensor/node-globals.js';
import { EmbeddedChat } from '../src/embedded/chat.js';
import { EmbeddedModel } from '../src/embedded/model.js';
import { runtimeThreads } from '../src/embedded/tensor/runtime.js';
import { rollOut } from '../src/rl/rollout.js';
import { traceKernels } from './kernel-trace.js';
import { rolloutWorkload } from './rollout-workload.js';

// Where the batched rollouts of one RL step spend their time (bench/rl-step.ts's shape: math at
// difficulty 1 on models/base-f, scripted teacher, K = 4, G = 8, 8 tasks; RL_BENCH_MODEL,
// RL_BENCH_DOMAIN and RL_BENCH_TASKS change it), kernel by kernel: the tensor library's profiler
// timings summed per kind of kernel (output elements, reduction op:size, the shape its first
// input is read as), with the share of the rollouts' wall time spent outside kernels. Kernel
// times are only real when kernels run on this thread, so run it with one thread:
//   npx tsc -p tsconfig.json && DIDACTIC_THREADS=1 node dist/bench/rollout-profile.js
// With CPU_PROFILE=<file> it writes a V8 CPU profile of the same rollouts instead (the
// JavaScript side: sampling, masks, the library's dispatch), for any thread count.

const line = (s: string): void => void process.stdout.write(`${s}\n`);
const { modelDir, domain, teacher, shape, tasks, seedOf } = rolloutWorkload();
const model = await EmbeddedModel.load(modelDir);
const chat = new EmbeddedChat(model);
const episodes = shape.group * shape.tasksPerStep;
const repeats = 3;
const rollouts = async (): Promise<number> => {
  let ms = 0;
  for (let i = 0; i < repeats; i++) {
    model.prefixes.clear();
    const began = performance.now();
    await rollOut({ chat, domain, teacher, tasks, ...shape, seedOf });
    ms += performance.now() - began;
  }
  return ms / repeats;
};
// Every shape compiled before anything is timed; then once without any profiler, since both
// profilers below slow what they measure.
await rollouts();
line(`batched rollouts of ${episodes} episodes, ${runtimeThreads} thread(s), unprofiled: ${(await rollouts()).toFixed(0)} ms each`);

if (process.env.CPU_PROFILE) {
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const ms = await rollouts();
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(process.env.CPU_PROFILE, JSON.stringify(profile));
  line(
    `batched rollouts of ${episodes} episodes, ${runtimeThreads} thread(s): ${ms.toFixed(0)} ms each; V8 CPU profile in ${process.env.CPU_PROFILE}`,
  );
  process.exit(0);
}

if (runtimeThreads > 1) process.stderr.write('note: with kernel threads the profiler times dispatch, not work; set DIDACTIC_THREADS=1\n');
let wall = 0;
const entries = await traceKernels(async () => {
  wall = await rollouts();
});
const kinds = new Map<string, { ms: number; calls: number }>();
for (const { name, props, ms } of entries) {
  // The first global view's shape, e.g. {32,32,256,128:…}: which product or elementwise op this is.
  const view = /\{([0-9,]+):/.exec(props.exp ?? '')?.[1];
  const kind = [
    name,
    props.reduction ? `reduce ${props.reduction}` : 'elementwise',
    view ? `reads [${view}]` : (props.inputShapes ?? ''),
  ].join('  ');
  const k = kinds.get(kind) ?? { ms: 0, calls: 0 };
  k.ms += ms;
  k.calls++;
  kinds.set(kind, k);
}

const sorted = [...kinds].sort((a, b) => b[1].ms - a[1].ms);
const kernelMs = sorted.reduce((s, [, k]) => s + k.ms, 0) / repeats;
const calls = sorted.reduce((s, [, k]) => s + k.calls, 0) / repeats;
const products = sorted.filter(([kind]) => kind.includes('reduce Add')).reduce((s, [, k]) => s + k.ms, 0) / repeats;
line(
  `batched rollouts of ${episodes} episodes, ${runtimeThreads} thread(s), profiled: ${wall.toFixed(0)} ms each, ${((100 * kernelMs) / wall).toFixed(0)}% in ${calls.toFixed(0)} kernel calls (sum-reductions, the products: ${((100 * products) / wall).toFixed(0)}%), ${(100 - (100 * kernelMs) / wall).toFixed(0)}% outside kernels`,
);
line('  ms each  share  calls  kernel (output elements, reduction op:size, shape of its first input)');
for (const [kind, k] of sorted.slice(0, Number(process.env.TOP ?? 20))) {
  line(
    `${(k.ms / repeats).toFixed(1).padStart(9)}  ${((100 * k.ms) / repeats / wall).toFixed(1).padStart(4)}%  ${String(k.calls / repeats).padStart(5)}  ${kind}`,
  );
}
model.dispose();
process.exit(0);
