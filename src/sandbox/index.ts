import { UsageError } from '../core/errors.js';
import { BwrapSandbox } from './bwrap.js';
import { PyodidePool } from './pyodide-pool.js';
import type { Sandbox, SandboxLimits } from './types.js';

export type SandboxKind = 'pyodide' | 'bwrap';
export const SANDBOX_KINDS: readonly SandboxKind[] = ['pyodide', 'bwrap'];

export function parseSandboxKind(value: string, where = '--sandbox'): SandboxKind {
  if ((SANDBOX_KINDS as readonly string[]).includes(value)) return value as SandboxKind;
  throw new UsageError(`${where} must be one of ${SANDBOX_KINDS.join(', ')}, got "${value}"`);
}

export interface SandboxOptions extends Partial<SandboxLimits> {
  /** Warm Pyodide workers; ignored by bwrap, which starts one process per job. */
  workers?: number;
}

export function createSandbox(kind: SandboxKind, options: SandboxOptions = {}): Sandbox {
  const { workers, ...limits } = options;
  return kind === 'bwrap' ? new BwrapSandbox(limits) : new PyodidePool({ ...limits, ...(workers ? { size: workers } : {}) });
}

let chosen: SandboxKind | null = null;
let chosenOptions: SandboxOptions = {};
let shared: Sandbox | null = null;

/** Pick the sandbox the process shares (before first use); DIDACTIC_SANDBOX sets it otherwise. */
export function chooseSandbox(kind: SandboxKind, options: SandboxOptions = {}): void {
  if (shared && shared.kind !== kind) throw new UsageError(`the ${shared.kind} sandbox is already in use`);
  chosen = kind;
  chosenOptions = options;
}

/** The one sandbox every code task in this process runs in, created on first use. */
export function sharedSandbox(): Sandbox {
  if (!shared) {
    const fromEnv = process.env.DIDACTIC_SANDBOX;
    shared = createSandbox(chosen ?? (fromEnv ? parseSandboxKind(fromEnv, 'DIDACTIC_SANDBOX') : 'pyodide'), chosenOptions);
  }
  return shared;
}

export async function closeSharedSandbox(): Promise<void> {
  const sandbox = shared;
  shared = null;
  await sandbox?.close();
}

export { BwrapSandbox, checkBwrap } from './bwrap.js';
export { PyodidePool } from './pyodide-pool.js';
export type { CallOutcome, PyError, PyValue, Sandbox, SandboxJob, SandboxLimits, SandboxResult } from './types.js';
export { pyEqual, pyRepr, fromJs } from './values.js';
