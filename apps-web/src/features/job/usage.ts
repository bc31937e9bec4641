// How the console writes what agent calls used (see docs/usage.md).

export interface UsageTotals {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  costUsd: number | null;
  agentTimeMs: number;
  unpricedCalls: number;
}

/** "$0.0123": whole cents with two decimals, smaller amounts with four significant digits. */
export function formatUsd(cost: number | null | undefined): string {
  if (cost === null || cost === undefined) return 'unknown';
  if (cost === 0) return '$0';
  if (cost >= 0.01) return `$${cost.toFixed(2)}`;
  return `$${Number(cost.toPrecision(4)).toFixed(10).replace(/0+$/, '')}`;
}

/** "1,234 tokens (1,000 in, 234 out)". */
export function formatTokens(
  total: number | null,
  prompt: number | null,
  completion: number | null,
) {
  if (total === null) return 'not reported';
  const n = (value: number) => value.toLocaleString('en-US');
  return `${n(total)} tokens (${n(prompt ?? 0)} in, ${n(completion ?? 0)} out)`;
}

/** The job's cost as shown: known part, and how many calls it does not include. */
export function formatJobCost(usage: UsageTotals): string {
  const known = usage.costUsd === null ? 'unknown' : formatUsd(usage.costUsd);
  if (usage.unpricedCalls === 0) return known;
  const calls = usage.unpricedCalls === 1 ? '1 call' : `${usage.unpricedCalls} calls`;
  return usage.costUsd === null ? `unknown (${calls} unpriced)` : `${known} + ${calls} unpriced`;
}

/** "maxTotalTokens 10,000 · maxCostUsd $0.50 · then PAUSE", or null without budgets. */
export function formatBudgets(limits: {
  maxTotalTokens: number | null;
  maxCostUsd: number | null;
  onBudgetExceeded: string;
}): string | null {
  const parts: string[] = [];
  if (limits.maxTotalTokens !== null)
    parts.push(`${limits.maxTotalTokens.toLocaleString('en-US')} tokens`);
  if (limits.maxCostUsd !== null) parts.push(formatUsd(limits.maxCostUsd));
  if (parts.length === 0) return null;
  return `${parts.join(' · ')}, then ${limits.onBudgetExceeded === 'PAUSE' ? 'pause' : 'fail'}`;
}
