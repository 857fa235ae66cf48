import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The install patches the tensor library's micro tiles (patches/, docs/embedded-model.md "Micro
// tiles, mended"). The claim that makes this safe is that every output sums its terms in the
// same order, so the patched tiles compute the library's bits: checked here on a tiled weight
// product, a k-vectorised attention score product and a softmax-weighted sum, each side in its
// own process because the tile is fixed when a kernel is generated.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const SCRIPT = `
await import(${JSON.stringify(join(root, 'dist/src/embedded/tensor/node-globals.js'))});
const { numpy: np, init, defaultDevice } = await import('@jax-js/jax');
const { createHash } = await import('node:crypto');
await init('wasm');
defaultDevice('wasm');
const filled = (shape, k) => np.array(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i * k))).reshape(shape);
const hash = createHash('sha256');
const outputs = [
  np.matmul(filled([256, 128], 0.37), filled([128, 256], 0.11)),
  np.einsum('BLNH,BSNH->BNLS', filled([4, 16, 4, 32], 0.23), filled([4, 48, 4, 32], 0.19)),
  np.einsum('BNLS,BSNH->BLNH', filled([4, 4, 16, 48], 0.07), filled([4, 48, 4, 32], 0.29)),
];
for (const out of outputs) hash.update(new Uint8Array(out.dataSync().buffer));
process.stdout.write(hash.digest('hex'));
`;

const run = (tile: string): string => {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT], {
    cwd: root,
    env: { ...process.env, DIDACTIC_MICRO_TILE: tile, DIDACTIC_THREADS: '1' },
    encoding: 'utf8',
  });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
};

describe('micro tiles', () => {
  it("are patched in at install, in both of the library's builds", () => {
    const dist = dirname(createRequire(import.meta.url).resolve('@jax-js/jax'));
    for (const build of ['backend-CnjgxpXq.js', 'backend-TLHPgbCA.cjs']) {
      const backend = readFileSync(join(dist, build), 'utf8');
      expect(backend).toContain('const TILED_SIMD_MICRO_ROWS = LIBRARY_MICRO_TILES ? 4 : 2;');
      expect(backend).toContain('const K_SIMD_MICRO_COLS = LIBRARY_MICRO_TILES ? 4 : 2;');
    }
  });

  it("compute the same bits as the library's own tiles", () => {
    const patched = run('');
    const library = run('4x4');
    expect(patched).toMatch(/^[0-9a-f]{64}$/);
    expect(patched).toBe(library);
  });
});
