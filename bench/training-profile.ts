import '../src/embedded/tensor/node-globals.js';
import { profiler } from '@jax-js/jax';
import { runtimeThreads, startRuntime } from '../src/embedded/tensor/runtime.js';
import { benchTrainingStep } from './training-batch.js';
import { GradientStep } from '../src/embedded/tensor/transformer.js';

// Where one training step of the `small` preset spends its time, kernel by kernel: the tensor
// library's profiler timings, summed per kind of kernel (output size and reduction). Kernel
// times are only real when kernels run on this thread, so run it with one thread:
//   npx tsc -p tsconfig.json && DIDACTIC_THREADS=1 node dist/bench/training-profile.js

await startRuntime();
if (runtimeThreads > 1) process.stderr.write('note: with kernel threads the profiler times dispatch, not work; set DIDACTIC_THREADS=1\n');
const { config, weights, rows, batch } = benchTrainingStep();
const step = new GradientStep(config);
await step.run(weights, batch); // compile

const kinds = new Map<string, { ms: number; calls: number }>();
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const detail = (entry as unknown as { detail?: { devtools?: { properties?: [string, string][] } } }).detail;
    const props = Object.fromEntries(detail?.devtools?.properties ?? []);
    const kind = [entry.name, props.reduction ? `reduce ${props.reduction}` : '', props.inputShapes ?? ''].filter(Boolean).join(' ');
    const k = kinds.get(kind) ?? { ms: 0, calls: 0 };
    k.ms += entry.duration;
    k.calls++;
    kinds.set(kind, k);
  }
});
observer.observe({ entryTypes: ['measure'] });
const steps = 3;
profiler.startTrace();
const began = performance.now();
for (let i = 0; i < steps; i++) await step.run(weights, batch);
const wall = performance.now() - began;
profiler.stopTrace();
await new Promise((resolve) => setTimeout(resolve, 100));
observer.disconnect();

const sorted = [...kinds].sort((a, b) => b[1].ms - a[1].ms);
const kernelMs = sorted.reduce((s, [, k]) => s + k.ms, 0);
const line = (s: string): void => void process.stdout.write(`${s}\n`);
line(
  `batch ${rows}×${batch.length}, ${runtimeThreads} thread(s): ${(wall / steps).toFixed(0)} ms/step, ${((100 * kernelMs) / wall).toFixed(0)}% of it in kernels`,
);
line('  ms/step  share  calls/step  kernel (output elements, reduction op:size, routine input shapes)');
for (const [kind, k] of sorted.slice(0, 20))
  line(
    `${(k.ms / steps).toFixed(1).padStart(9)}  ${((100 * k.ms) / kernelMs).toFixed(1).padStart(4)}%  ${String(k.calls / steps).padStart(10)}  ${kind}`,
  );
step.dispose();
process.exit(0);
