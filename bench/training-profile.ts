import '../src/embedded/tensor/node-globals.js';
import { runtimeThreads, startRuntime } from '../src/embedded/tensor/runtime.js';
import { traceKernels } from './kernel-trace.js';
import { referenceGflops } from './reference-gemm.js';
import { benchTrainingStep } from './training-batch.js';
import { GradientStep } from '../src/embedded/tensor/transformer.js';

// Where one training step of the `small` preset spends its time, kernel by kernel: the tensor
// library's profiler timings, summed per kind of kernel (output size and reduction), and for
// sum-reductions (products) their GFLOP/s as a share of a plain one-thread WebAssembly SIMD GEMM
// measured in this run. Kernel times are only real when kernels run on this thread, so run it
// with one thread:
//   npx tsc -p tsconfig.json && DIDACTIC_THREADS=1 node dist/bench/training-profile.js

await startRuntime();
if (runtimeThreads > 1) process.stderr.write('note: with kernel threads the profiler times dispatch, not work; set DIDACTIC_THREADS=1\n');
const { config, weights, rows, batch } = benchTrainingStep();
const step = new GradientStep(config);
await step.run(weights, batch); // compile

const reference = await referenceGflops(1024, 1, 6);
const steps = 3;
let wall = 0;
const entries = await traceKernels(async () => {
  const began = performance.now();
  for (let i = 0; i < steps; i++) await step.run(weights, batch);
  wall = performance.now() - began;
});
const kinds = new Map<string, { ms: number; calls: number; flops: number }>();
for (const { name, props, ms } of entries) {
  const kind = [name, props.reduction ? `reduce ${props.reduction}` : '', props.inputShapes ?? ''].filter(Boolean).join(' ');
  const k = kinds.get(kind) ?? { ms: 0, calls: 0, flops: 0 };
  k.ms += ms;
  k.calls++;
  // A sum over K inputs for each output element is K multiply-adds: 2K operations.
  const [op, size] = String(props.reduction ?? '').split(':');
  if (op === 'Add') k.flops += 2 * Number(props.size) * Number(size);
  kinds.set(kind, k);
}

const sorted = [...kinds].sort((a, b) => b[1].ms - a[1].ms);
const kernelMs = sorted.reduce((s, [, k]) => s + k.ms, 0);
const line = (s: string): void => void process.stdout.write(`${s}\n`);
line(
  `batch ${rows}×${batch.length}, ${runtimeThreads} thread(s): ${(wall / steps).toFixed(0)} ms/step, ${((100 * kernelMs) / wall).toFixed(0)}% of it in kernels`,
);
line(`reference WebAssembly SIMD GEMM (1024³, 1 thread, best of 6): ${reference.toFixed(1)} GFLOP/s`);
line('  ms/step  share  calls/step  GFLOP/s (of reference)  kernel (output elements, reduction op:size, routine input shapes)');
for (const [kind, k] of sorted.slice(0, 20)) {
  const gflops = k.flops / (k.ms / 1000) / 1e9;
  const rate = k.flops ? `${gflops.toFixed(1)} (${((100 * gflops) / reference).toFixed(0)}%)` : '';
  line(
    `${(k.ms / steps).toFixed(1).padStart(9)}  ${((100 * k.ms) / kernelMs).toFixed(1).padStart(4)}%  ${String(k.calls / steps).padStart(10)}  ${rate.padStart(22)}  ${kind}`,
  );
}
step.dispose();
process.exit(0);
