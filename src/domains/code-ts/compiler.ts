import { createRequire } from 'node:module';
import type TypeScript from 'typescript';

// The TypeScript compiler is a large module (over half a second to load); every command loads the
// domain registry, so the compiler is loaded on first use, not at import.
let loaded: typeof TypeScript | undefined;

export function compiler(): typeof TypeScript {
  loaded ??= createRequire(import.meta.url)('typescript') as typeof TypeScript;
  return loaded;
}
