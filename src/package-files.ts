import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Files shipped with didactic (models/, prompts/, data/, package.json, the compiled dist/) are
// found from this module's own location: <root>/src/package-files.ts under the test runner,
// <root>/dist/src/package-files.js when built, whether <root> is a checkout or an installed
// node_modules/didactic. Never from the working directory, which belongs to the user.

/** The nearest directory at or above `from` whose package.json is didactic's. */
export function findPackageRoot(from: string): string {
  let dir = from;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'didactic') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the didactic package root above ${from}`);
    dir = parent;
  }
}

let root: string | undefined;

export function packageRoot(): string {
  root ??= findPackageRoot(dirname(fileURLToPath(import.meta.url)));
  return root;
}

/** A file or folder shipped with the package: packageFile('models', 'base'). */
export function packageFile(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}

/**
 * A compiled module of dist/src by its path there ('cli/main.js'): what a worker thread or a
 * child process runs, since they need JavaScript even when the caller is TypeScript under the
 * test runner (`npm test` builds first).
 */
export function compiledFile(relative: string): string {
  return packageFile('dist', 'src', relative);
}

/** The folder of an installed dependency (pyodide's wasm and stdlib), resolved as the package resolves it. */
export function dependencyDir(name: string): string {
  return dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
}
