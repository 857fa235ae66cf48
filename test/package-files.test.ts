import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compiledFile, dependencyDir, findPackageRoot, packageFile, packageRoot } from '../src/package-files.js';
import { ROOT, tempDir } from './helpers/cli.js';

type PackageFiles = typeof import('../src/package-files.js');

// The built module, dist/src/package-files.js (the CLI tests build dist/ too).
const BUILT = join(ROOT, 'dist', 'src', 'package-files.js');

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

describe('files shipped with the package', () => {
  it('are found from the checkout, from src/ and from the build in dist/src/', async () => {
    expect(packageRoot()).toBe(ROOT);
    for (const file of [
      packageFile('models', 'base', 'config.json'),
      packageFile('prompts', 'teacher.md'),
      packageFile('data', 'wordle', 'words.txt'),
      compiledFile('cli/main.js'),
      compiledFile('sandbox/pyodide-worker.js'),
      join(dependencyDir('pyodide'), 'pyodide.asm.wasm'),
    ])
      expect(existsSync(file), file).toBe(true);
    const built = (await import(pathToFileURL(BUILT).href)) as PackageFiles;
    expect(built.packageRoot()).toBe(ROOT);
    expect(built.compiledFile('cli/main.js')).toBe(compiledFile('cli/main.js'));
  });

  it('are found from an installed node_modules/didactic, not from the project that installed it', async () => {
    const project = tempDir('didactic-installed-');
    const installed = join(project, 'node_modules', 'didactic');
    write(join(project, 'package.json'), JSON.stringify({ name: 'my-app', type: 'module' }));
    write(join(installed, 'package.json'), JSON.stringify({ name: 'didactic', type: 'module' }));
    write(join(installed, 'models', 'base', 'config.json'), '{}');
    // A hoisted dependency sits beside the package, in the project's node_modules.
    write(join(project, 'node_modules', 'pyodide', 'package.json'), JSON.stringify({ name: 'pyodide' }));
    const module = join(installed, 'dist', 'src', 'package-files.js');
    mkdirSync(dirname(module), { recursive: true });
    copyFileSync(BUILT, module);

    const files = (await import(pathToFileURL(module).href)) as PackageFiles;
    expect(files.packageRoot()).toBe(installed);
    expect(files.packageFile('models', 'base')).toBe(join(installed, 'models', 'base'));
    expect(files.compiledFile('sandbox/pyodide-worker.js')).toBe(join(installed, 'dist', 'src', 'sandbox', 'pyodide-worker.js'));
    expect(files.dependencyDir('pyodide')).toBe(join(project, 'node_modules', 'pyodide'));

    // From any folder inside the package; a package.json of another name on the way is passed over.
    write(join(installed, 'dist', 'package.json'), JSON.stringify({ type: 'module' }));
    expect(findPackageRoot(join(installed, 'dist', 'src', 'domains', 'wordle'))).toBe(installed);
    expect(() => findPackageRoot(project)).toThrow(/cannot find the didactic package root/);
  });
});
