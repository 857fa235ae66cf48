import type { Domain, GenerateOptions, Privileged, SyncDomain, Task } from '../core/types.js';

// The one place a domain's default difficulty is applied. A domain author writes a generator that
// is always told its level; callers may leave the level out and get the domain's default. Checking
// the default against the levels here turns a typo into an error when the module loads, not a
// RangeError in the middle of someone's eval run.

/**
 * What a domain author writes: a `Domain` (the contract in core/types.ts), except that `generate`
 * always receives a difficulty.
 */
export type DomainSpec<P extends Privileged = Privileged, D = unknown> = Omit<Domain<P, D>, 'generate'> & {
  generate(options: Required<GenerateOptions>): Task<P>[];
};

/** A spec whose `verify` answers synchronously (no sandbox), so the domain built from it does too. */
export type SyncDomainSpec<P extends Privileged = Privileged, D = unknown> = Omit<SyncDomain<P, D>, 'generate'> & {
  generate(options: Required<GenerateOptions>): Task<P>[];
};

/**
 * Build a `Domain` from its spec: `generate` falls back to `defaultDifficulty` when no difficulty
 * is asked for. Throws a RangeError when `defaultDifficulty` is not one of `difficulties`.
 */
export function defineDomain<P extends Privileged, D>(spec: SyncDomainSpec<P, D>): SyncDomain<P, D>;
export function defineDomain<P extends Privileged, D>(spec: DomainSpec<P, D>): Domain<P, D>;
export function defineDomain<P extends Privileged, D>(spec: DomainSpec<P, D>): Domain<P, D> {
  const { generate, defaultDifficulty, difficulties } = spec;
  if (!difficulties.includes(defaultDifficulty)) {
    throw new RangeError(
      `domain "${spec.name}": the default difficulty ${defaultDifficulty} is not one of its levels (${difficulties.join(', ')})`,
    );
  }
  return {
    ...spec,
    generate: ({ n, seed, difficulty }) => generate({ n, seed, difficulty: difficulty ?? defaultDifficulty }),
  };
}
