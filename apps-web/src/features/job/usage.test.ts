import { describe, expect, it } from 'vitest';
import { formatBudgets, formatJobCost, formatTokens, formatUsd } from './usage';

describe('usage formatting', () => {
  it('writes costs in dollars, small ones with four significant digits, unknown as unknown', () => {
    expect(formatUsd(1.5)).toBe('$1.50');
    expect(formatUsd(0.000384)).toBe('$0.000384');
    expect(formatUsd(0.00012346)).toBe('$0.0001235');
    expect(formatUsd(0)).toBe('$0');
    expect(formatUsd(null)).toBe('unknown');
  });

  it('writes token counts with their split, and says when none were reported', () => {
    expect(formatTokens(1540, 1200, 340)).toBe('1,540 tokens (1,200 in, 340 out)');
    expect(formatTokens(null, null, null)).toBe('not reported');
  });

  it('never shows a partial cost as complete', () => {
    const base = { promptTokens: 1, completionTokens: 1, totalTokens: 2, agentTimeMs: 5 };
    expect(formatJobCost({ ...base, costUsd: 0.02, unpricedCalls: 0 })).toBe('$0.02');
    expect(formatJobCost({ ...base, costUsd: 0.02, unpricedCalls: 2 })).toBe(
      '$0.02 + 2 calls unpriced',
    );
    expect(formatJobCost({ ...base, costUsd: null, unpricedCalls: 1 })).toBe(
      'unknown (1 call unpriced)',
    );
  });

  it('names the budgets and what happens past them', () => {
    expect(
      formatBudgets({ maxTotalTokens: null, maxCostUsd: null, onBudgetExceeded: 'FAIL' }),
    ).toBe(null);
    expect(
      formatBudgets({ maxTotalTokens: 10000, maxCostUsd: 0.5, onBudgetExceeded: 'PAUSE' }),
    ).toBe('10,000 tokens · $0.50, then pause');
  });
});
