import { execFileSync } from 'node:child_process';

// Native BLAS as a second reference, where the machine has it: NumPy's matmul (OpenBLAS or
// whatever NumPy was built with) through python3. Returns null with the reason when it cannot run.

const SCRIPT = `
import sys, time
import numpy as np
n, reps = int(sys.argv[1]), int(sys.argv[2])
a = np.random.default_rng(0).random((n, n), dtype=np.float32) - 0.5
b = np.random.default_rng(1).random((n, n), dtype=np.float32) - 0.5
a @ b
best = float('inf')
for _ in range(reps):
    started = time.perf_counter()
    a @ b
    best = min(best, time.perf_counter() - started)
print(2 * n ** 3 / best / 1e9)
`;

export function nativeBlasGflops(n: number, threads: number, reps: number): { gflops: number } | { skipped: string } {
  try {
    const out = execFileSync('python3', ['-c', SCRIPT, String(n), String(reps)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) },
      timeout: 60_000,
    });
    const gflops = Number(out.trim());
    return Number.isFinite(gflops) ? { gflops } : { skipped: `python3 printed ${JSON.stringify(out.trim())}` };
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'python3 is not installed' : stderr.split('\n').at(-1) || String(error);
    return { skipped: reason };
  }
}
