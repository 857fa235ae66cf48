import type { RunUsage } from '../runner/summary-files.js';

/** Lines under the results table: calls, tokens and estimated cost of each model role. */
export function usageLines(usage: RunUsage): string[] {
  const roles = Object.entries(usage.byRole);
  if (roles.length === 0) return [];
  const cost = (c: number | null): string => (c === null ? 'cost unknown' : `~$${c.toFixed(4)}`);
  return [
    ...roles.map(
      ([role, u]) =>
        `${role}: ${u.calls} calls (${u.cached} cached, ${u.failed} failed) · ${u.inputTokens} in / ${u.outputTokens} out tokens · ${cost(u.estimatedCostUsd)}`,
    ),
    `total: ${usage.total.inputTokens} in / ${usage.total.outputTokens} out tokens · ${cost(usage.total.estimatedCostUsd)} (${usage.costNote})`,
  ];
}
