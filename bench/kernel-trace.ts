import { profiler } from '@jax-js/jax';

/** One kernel the tensor library ran: its label (e.g. Kernel[262K]), trace properties and duration. */
export interface KernelEntry {
  name: string;
  props: Record<string, string>;
  ms: number;
}

/**
 * Run `work` under the tensor library's profiler and return what it ran, kernel by kernel. The
 * library reports each kernel as a `performance.measure` with its properties (expression, output
 * size, reduction) in the devtools detail. Kernel times are only real when kernels run on the
 * calling thread (DIDACTIC_THREADS=1); with kernel threads they time the dispatch.
 */
export async function traceKernels(work: () => Promise<unknown>): Promise<KernelEntry[]> {
  const entries: KernelEntry[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const detail = (entry as unknown as { detail?: { devtools?: { properties?: [string, string][] } } }).detail;
      entries.push({ name: entry.name, props: Object.fromEntries(detail?.devtools?.properties ?? []), ms: entry.duration });
    }
  });
  observer.observe({ entryTypes: ['measure'] });
  profiler.startTrace();
  await work();
  profiler.stopTrace();
  // Observers are called asynchronously: let the last entries arrive.
  await new Promise((resolve) => setTimeout(resolve, 100));
  observer.disconnect();
  return entries;
}
