import { Worker } from 'node:worker_threads';
import wabtInit from 'wabt';

// A plain WebAssembly SIMD single-precision GEMM, C = A·B (row-major), used as the speed the
// embedded model's kernels are measured against: what WebAssembly SIMD128 reaches on this machine
// without any library. B is packed into panels of 8 columns (each panel contiguous over k), and a
// 4×8 block of C is held in eight f32x4 accumulators while k runs; threads split the rows of C
// over one shared memory. Node 20 has no relaxed-SIMD FMA, so each step is a multiply and an add.

const WAT = `
(module
  (import "env" "memory" (memory 1 65536 shared))
  ;; C[r0..r1) = A[r0..r1) · B, with B packed at $bp as n/8 panels of k×8 floats.
  ;; Needs (r1 - r0) % 4 == 0 and n % 8 == 0.
  (func (export "gemm") (param $a i32) (param $bp i32) (param $c i32) (param $n i32) (param $k i32) (param $r0 i32) (param $r1 i32)
    (local $jp i32) (local $i i32) (local $rowBytes i32) (local $panelBytes i32)
    (local $pa0 i32) (local $pa1 i32) (local $pa2 i32) (local $pa3 i32) (local $pb i32) (local $end i32) (local $pc i32)
    (local $b0 v128) (local $b1 v128) (local $s v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $rowBytes (i32.shl (local.get $k) (i32.const 2)))
    (local.set $panelBytes (i32.shl (local.get $k) (i32.const 5)))
    (local.set $jp (i32.const 0))
    (block $panelsDone
      (loop $panels
        (br_if $panelsDone (i32.ge_u (local.get $jp) (local.get $n)))
        (local.set $i (local.get $r0))
        (block $rowsDone
          (loop $rows
            (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $r1)))
            (local.set $pa0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rowBytes))))
            (local.set $pa1 (i32.add (local.get $pa0) (local.get $rowBytes)))
            (local.set $pa2 (i32.add (local.get $pa1) (local.get $rowBytes)))
            (local.set $pa3 (i32.add (local.get $pa2) (local.get $rowBytes)))
            (local.set $pb (i32.add (local.get $bp) (i32.mul (i32.shr_u (local.get $jp) (i32.const 3)) (local.get $panelBytes))))
            (local.set $end (i32.add (local.get $pb) (local.get $panelBytes)))
            (local.set $c00 (v128.const i32x4 0 0 0 0)) (local.set $c01 (v128.const i32x4 0 0 0 0))
            (local.set $c10 (v128.const i32x4 0 0 0 0)) (local.set $c11 (v128.const i32x4 0 0 0 0))
            (local.set $c20 (v128.const i32x4 0 0 0 0)) (local.set $c21 (v128.const i32x4 0 0 0 0))
            (local.set $c30 (v128.const i32x4 0 0 0 0)) (local.set $c31 (v128.const i32x4 0 0 0 0))
            (loop $inner
              (local.set $b0 (v128.load (local.get $pb)))
              (local.set $b1 (v128.load offset=16 (local.get $pb)))
              (local.set $s (f32x4.splat (f32.load (local.get $pa0))))
              (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $s) (local.get $b0))))
              (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $s) (local.get $b1))))
              (local.set $s (f32x4.splat (f32.load (local.get $pa1))))
              (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $s) (local.get $b0))))
              (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $s) (local.get $b1))))
              (local.set $s (f32x4.splat (f32.load (local.get $pa2))))
              (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $s) (local.get $b0))))
              (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $s) (local.get $b1))))
              (local.set $s (f32x4.splat (f32.load (local.get $pa3))))
              (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $s) (local.get $b0))))
              (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $s) (local.get $b1))))
              (local.set $pa0 (i32.add (local.get $pa0) (i32.const 4)))
              (local.set $pa1 (i32.add (local.get $pa1) (i32.const 4)))
              (local.set $pa2 (i32.add (local.get $pa2) (i32.const 4)))
              (local.set $pa3 (i32.add (local.get $pa3) (i32.const 4)))
              (local.set $pb (i32.add (local.get $pb) (i32.const 32)))
              (br_if $inner (i32.lt_u (local.get $pb) (local.get $end))))
            (local.set $pc (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $jp)) (i32.const 2))))
            (v128.store (local.get $pc) (local.get $c00)) (v128.store offset=16 (local.get $pc) (local.get $c01))
            (local.set $pc (i32.add (local.get $pc) (i32.shl (local.get $n) (i32.const 2))))
            (v128.store (local.get $pc) (local.get $c10)) (v128.store offset=16 (local.get $pc) (local.get $c11))
            (local.set $pc (i32.add (local.get $pc) (i32.shl (local.get $n) (i32.const 2))))
            (v128.store (local.get $pc) (local.get $c20)) (v128.store offset=16 (local.get $pc) (local.get $c21))
            (local.set $pc (i32.add (local.get $pc) (i32.shl (local.get $n) (i32.const 2))))
            (v128.store (local.get $pc) (local.get $c30)) (v128.store offset=16 (local.get $pc) (local.get $c31))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $rows)))
        (local.set $jp (i32.add (local.get $jp) (i32.const 8)))
        (br $panels)))))
`;

// Each thread instantiates the module over the shared memory and computes the rows it is sent.
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { exports } = new WebAssembly.Instance(workerData.module, { env: { memory: workerData.memory } });
parentPort.on('message', (m) => {
  exports.gemm(m.a, m.bp, m.c, m.n, m.k, m.r0, m.r1);
  parentPort.postMessage(0);
});
`;

// The compiler's lib (ES2023, no DOM) has no WebAssembly types; these are the few parts used here.
interface WasmModule {
  readonly kind?: 'module';
}
interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
}
const wasm = (
  globalThis as unknown as {
    WebAssembly: {
      Module: new (bytes: Uint8Array) => WasmModule;
      Memory: new (d: { initial: number; maximum: number; shared: true }) => WasmMemory;
    };
  }
).WebAssembly;

async function assemble(): Promise<WasmModule> {
  const wabt = await wabtInit();
  const parsed = wabt.parseWat('reference-gemm.wat', WAT, { simd: true, threads: true });
  try {
    return new wasm.Module(parsed.toBinary({}).buffer);
  } finally {
    parsed.destroy();
  }
}

/** A [m, k] × [k, n] GEMM on `threads` threads; m must divide into 4-row blocks per thread, n into 8-column panels. */
export class ReferenceGemm {
  readonly #memory: WasmMemory;
  readonly #threads: Worker[];
  readonly #offsets: { a: number; bp: number; c: number };

  private constructor(
    module: WasmModule,
    readonly m: number,
    readonly n: number,
    readonly k: number,
    threads: number,
  ) {
    if (m % (4 * threads) !== 0 || n % 8 !== 0) throw new Error(`reference GEMM: m=${m} must divide by ${4 * threads} and n=${n} by 8`);
    const bytes = 4 * (m * k + k * n + m * n);
    const pages = Math.ceil(bytes / 65536) + 1;
    this.#memory = new wasm.Memory({ initial: pages, maximum: pages, shared: true });
    this.#offsets = { a: 0, bp: 4 * m * k, c: 4 * (m * k + k * n) };
    this.#threads = Array.from(
      { length: threads },
      () => new Worker(THREAD_SOURCE, { eval: true, workerData: { module, memory: this.#memory } }),
    );
  }

  static async create(m: number, n: number, k: number, threads: number): Promise<ReferenceGemm> {
    return new ReferenceGemm(await assemble(), m, n, k, threads);
  }

  /** Copy A in and pack B into 8-column panels (panel p holds B[0..k, 8p..8p+8) row by row). */
  load(a: Float32Array, b: Float32Array): void {
    const { m, n, k } = this;
    const view = new Float32Array(this.#memory.buffer);
    view.set(a.subarray(0, m * k), this.#offsets.a / 4);
    const packed = this.#offsets.bp / 4;
    for (let p = 0; p < n / 8; p++)
      for (let r = 0; r < k; r++) for (let j = 0; j < 8; j++) view[packed + (p * k + r) * 8 + j] = b[r * n + p * 8 + j] as number;
  }

  /** Run once on all threads; resolves when every thread has finished its rows. */
  async run(): Promise<void> {
    const share = this.m / this.#threads.length;
    await Promise.all(
      this.#threads.map(
        (thread, t) =>
          new Promise<void>((resolve, reject) => {
            thread.once('message', () => resolve());
            thread.once('error', reject);
            thread.postMessage({ ...this.#offsets, n: this.n, k: this.k, r0: t * share, r1: (t + 1) * share });
          }),
      ),
    );
  }

  result(): Float32Array {
    return new Float32Array(this.#memory.buffer, this.#offsets.c, this.m * this.n).slice();
  }

  async dispose(): Promise<void> {
    await Promise.all(this.#threads.map((t) => t.terminate()));
  }
}

/** Best-of-`reps` GFLOP/s of an n×n×n GEMM on `threads` threads (packing B is not timed: it is O(n²)). */
export async function referenceGflops(n: number, threads: number, reps: number): Promise<number> {
  const gemm = await ReferenceGemm.create(n, n, n, threads);
  const a = new Float32Array(n * n).map((_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
  const b = new Float32Array(n * n).map((_, i) => ((i * 104729) % 1000) / 1000 - 0.5);
  gemm.load(a, b);
  let best = Infinity;
  try {
    for (let r = 0; r < reps; r++) {
      const started = performance.now();
      await gemm.run();
      best = Math.min(best, performance.now() - started);
    }
  } finally {
    await gemm.dispose();
  }
  return (2 * n ** 3) / (best / 1000) / 1e9;
}
