import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * The compiled worker script. Under the test runner this module is loaded from src/ as
 * TypeScript, but a worker thread needs JavaScript, so it uses the build in dist/ (`npm test`
 * builds first).
 */
export function workerScript(name: string): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return resolve(dirname(here), '../../dist/src/sandbox', name);
  return join(dirname(here), name);
}

/** The directory holding pyodide.asm.wasm and python_stdlib.zip, from the installed package. */
export function pyodideDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('pyodide/package.json'));
}
