import { readFileSync } from 'node:fs';

/** The package version, read once from package.json (two levels above dist/src). */
export const VERSION: string = (() => {
  for (const candidate of ['../../package.json', '../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(candidate, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'didactic' && pkg.version) return pkg.version;
    } catch {
      // try the next location: the layout differs between dist/ and running from sources
    }
  }
  return '0.0.0';
})();
