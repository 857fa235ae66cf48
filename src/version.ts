import { readFileSync } from 'node:fs';
import { packageFile } from './package-files.js';

/** The package version, read once from package.json. */
export const VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version?: string };
    if (pkg.version) return pkg.version;
  } catch {
    // No package root (a bundled copy of these modules): the version is unknown.
  }
  return '0.0.0';
})();
