import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRICE_TABLE_NOTE } from '../providers/prices.js';
import type { RoleUsage, RunStore } from '../store/run-store.js';

/** Model calls of the run per role (student, teacher, judge) and in total; cost is an estimate. */
export interface RunUsage {
  byRole: Record<string, RoleUsage>;
  total: RoleUsage;
  costNote: string;
}

/**
 * Calls, tokens and estimated cost, from the call log. Kept out of summary.json, which is a pure
 * function of the results: a run killed and resumed has the same results as an uninterrupted
 * one, but may have paid twice for the calls in flight when it was killed.
 */
export function runUsage(store: RunStore): RunUsage {
  const byRole = store.usageByRole();
  const roles = Object.values(byRole);
  const sum = (pick: (u: RoleUsage) => number): number => roles.reduce((s, u) => s + pick(u), 0);
  const priced = roles.filter((u) => u.estimatedCostUsd !== null);
  return {
    byRole,
    total: {
      calls: sum((u) => u.calls),
      cached: sum((u) => u.cached),
      failed: sum((u) => u.failed),
      inputTokens: sum((u) => u.inputTokens),
      outputTokens: sum((u) => u.outputTokens),
      estimatedCostUsd: priced.length === 0 && roles.length > 0 ? null : Math.round(sum((u) => u.estimatedCostUsd ?? 0) * 1e8) / 1e8,
      unpricedCalls: sum((u) => u.unpricedCalls),
    },
    costNote: PRICE_TABLE_NOTE,
  };
}

export function writeUsageFile(dir: string, usage: RunUsage): void {
  writeFileSync(join(dir, 'usage.json'), `${JSON.stringify(usage, null, 2)}\n`);
}
