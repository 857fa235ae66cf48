import { InvalidArgumentError } from 'commander';
import { UsageError } from '../core/errors.js';
import { resolveModelDir } from '../embedded/provider.js';

// Parsers for command-line values, so a bad flag fails before any work starts.

export function positiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be an integer ≥ 1, got "${value}"`);
    return n;
  };
}

export function nonNegativeInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be an integer ≥ 0, got "${value}"`);
    return n;
  };
}

export function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The model directory of an `embedded:<name|path>` spec given to `flag`, which takes no other kind. */
export function embeddedModelDir(flag: string, spec: string): string {
  if (!spec.startsWith('embedded:')) throw new UsageError(`${flag} must be an embedded model (embedded:<name|path>), got "${spec}"`);
  return resolveModelDir(spec.slice('embedded:'.length));
}
