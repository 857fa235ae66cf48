import { InvalidArgumentError } from 'commander';
import { UsageError } from '../core/errors.js';
import { resolveModelDir } from '../embedded/provider.js';

// Parsers for command-line values, so a bad flag fails before any work starts.

/** The values a number flag takes: at least `min` (integers only, if asked), or above `above` and at most `max`. */
export type NumberBounds = { min: number; integer?: boolean } | { above: number; max?: number };

export function inBounds(n: number, bounds: NumberBounds): boolean {
  if (!Number.isFinite(n)) return false;
  if ('min' in bounds) return n >= bounds.min && (bounds.integer !== true || Number.isInteger(n));
  return n > bounds.above && (bounds.max === undefined || n <= bounds.max);
}

/** How a message names the bounds: "an integer ≥ 1", "a number ≥ 0", "a positive number", "in (0, 1]". */
export function boundsText(bounds: NumberBounds): string {
  if ('min' in bounds) return `${bounds.integer ? 'an integer' : 'a number'} ≥ ${bounds.min}`;
  if (bounds.max !== undefined) return `in (${bounds.above}, ${bounds.max}]`;
  return bounds.above === 0 ? 'a positive number' : `a number > ${bounds.above}`;
}

/**
 * A number flag within `bounds`; anything else stops with "<name> must be <bounds>, got "<value>"".
 * Commander reports that as an invalid argument (exit 1, followed by the help); `usage: true`
 * makes it a usage error (exit 2, the message alone), which is how `train sft --lr` has always failed.
 */
export function boundedNumber(name: string, bounds: NumberBounds, options: { usage?: boolean } = {}) {
  return (value: string): number => {
    const n = Number(value);
    if (!inBounds(n, bounds)) {
      const message = `${name} must be ${boundsText(bounds)}, got "${value}"`;
      throw options.usage ? new UsageError(message) : new InvalidArgumentError(message);
    }
    return n;
  };
}

export function positiveInt(name: string) {
  return boundedNumber(name, { min: 1, integer: true });
}

export function nonNegativeInt(name: string) {
  return boundedNumber(name, { min: 0, integer: true });
}

export function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** `1,2,3` → numbers; which ones are allowed depends on what they are for, so the command's library checks them. */
export function numberList(value: string): number[] {
  return list(value).map(Number);
}

/** The model directory of an `embedded:<name|path>` spec given to `flag`, which takes no other kind. */
export function embeddedModelDir(flag: string, spec: string): string {
  if (!spec.startsWith('embedded:')) throw new UsageError(`${flag} must be an embedded model (embedded:<name|path>), got "${spec}"`);
  return resolveModelDir(spec.slice('embedded:'.length));
}
