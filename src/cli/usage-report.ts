import type { RunUsage } from '../results/usage.js';
import type { RoleUsage } from '../store/run-store.js';

/** Lines under the results table: calls, tokens and estimated cost of each model role. */
export function usageLines(usage: RunUsage): string[] {
  const roles = Object.entries(usage.byRole);
  if (roles.length === 0) return [];
  const cost = (u: RoleUsage): string =>
    u.estimatedCostUsd === null
      ? 'cost unknown'
      : `~$${u.estimatedCostUsd.toFixed(4)}${u.unpricedCalls ? ` + ${u.unpricedCalls} unpriced calls` : ''}`;
  return [
    ...roles.map(
      ([role, u]) =>
        `${role}: ${u.calls} calls (${u.cached} cached, ${u.failed} failed) · ${u.inputTokens} in / ${u.outputTokens} out tokens · ${cost(u)}`,
    ),
    `total: ${usage.total.inputTokens} in / ${usage.total.outputTokens} out tokens · ${cost(usage.total)} (${usage.costNote})`,
  ];
}
