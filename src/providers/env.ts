import { UsageError } from '../core/errors.js';

/** An API key from the environment; the error names the variable, never a value. */
export function requireKey(variable: string, spec: string): string {
  const value = process.env[variable]?.trim();
  if (!value) throw new UsageError(`${spec} needs an API key: set the environment variable ${variable}`);
  return value;
}

export function optionalEnv(variable: string): string | undefined {
  const value = process.env[variable]?.trim();
  return value ? value : undefined;
}

export function requireModelName(rest: string, spec: string, example: string): string {
  if (!rest.trim()) throw new UsageError(`model spec "${spec}" names no model; write it like ${example}`);
  return rest.trim();
}
