/**
 * A failure threshold: `'1%'` (ratio of processed rows) or `'10'` (row count). A check fires only when the
 * failed rows are strictly ABOVE the threshold (`fail_above = '0'` fires on the first failed row).
 */
export type Threshold = { readonly kind: 'ratio'; readonly value: number; readonly text: string } | { readonly kind: 'count'; readonly value: number; readonly text: string };

export function parseThreshold(text: string): Threshold | undefined {
  const t = text.trim();
  const pct = /^(\d+(?:\.\d+)?)\s*%$/.exec(t);
  if (pct) {
    const v = Number(pct[1]) / 100;
    return v <= 1 ? { kind: 'ratio', value: v, text: t } : undefined;
  }
  if (/^\d+$/.test(t)) return { kind: 'count', value: Number(t), text: t };
  return undefined;
}

export function exceeds(threshold: Threshold, failed: number, total: number): boolean {
  if (threshold.kind === 'count') return failed > threshold.value;
  return total > 0 && failed / total > threshold.value;
}

/** A row-count expectation: `'>= 1'`, `'> 0'`, `'= 10'`, `'<= 1000000'`, `'between 10 and 20'`. */
export type RowCountRule = { readonly op: '>=' | '>' | '=' | '<=' | '<'; readonly value: number; readonly text: string } | { readonly op: 'between'; readonly low: number; readonly high: number; readonly text: string };

export function parseRowCountRule(text: string): RowCountRule | undefined {
  const t = text.trim();
  const m = /^(>=|>|==|=|<=|<)\s*(\d+)$/.exec(t);
  if (m) return { op: (m[1] === '==' ? '=' : m[1]) as '>=' | '>' | '=' | '<=' | '<', value: Number(m[2]), text: t };
  const b = /^between\s+(\d+)\s+and\s+(\d+)$/i.exec(t);
  if (b && Number(b[1]) <= Number(b[2])) return { op: 'between', low: Number(b[1]), high: Number(b[2]), text: t };
  return undefined;
}

export function rowCountHolds(rule: RowCountRule, n: number): boolean {
  switch (rule.op) {
    case '>=': return n >= rule.value;
    case '>': return n > rule.value;
    case '=': return n === rule.value;
    case '<=': return n <= rule.value;
    case '<': return n < rule.value;
    case 'between': return n >= rule.low && n <= rule.high;
  }
}

/**
 * The outcome of one expectation in one update (issue 7 thresholds):
 * - no failed rows → pass;
 * - `fail_above` set: fail only when exceeded (whatever the ON VIOLATION action: a DROP ROW expectation still
 *   drops its rows, and also fails the update when too many rows are bad);
 * - `ON VIOLATION FAIL UPDATE` without `fail_above`: any failed row fails;
 * - otherwise warn, or with `warn_above` set, warn only when exceeded.
 */
/** Why an expectation failed its update, in the words of the run's and the unit tests' messages. */
export function failUpdateReason(thresholds?: { readonly failAbove?: Threshold }): string {
  return thresholds?.failAbove ? `more than fail_above ${thresholds.failAbove.text}` : 'ON VIOLATION FAIL UPDATE';
}

export function expectationOutcome(
  action: 'warn' | 'drop' | 'fail', failed: number, total: number,
  thresholds?: { readonly failAbove?: Threshold; readonly warnAbove?: Threshold },
): 'pass' | 'warn' | 'fail' {
  if (failed === 0) return 'pass';
  if (thresholds?.failAbove) {
    if (exceeds(thresholds.failAbove, failed, total)) return 'fail';
  } else if (action === 'fail') {
    return 'fail';
  }
  if (thresholds?.warnAbove) return exceeds(thresholds.warnAbove, failed, total) ? 'warn' : 'pass';
  return 'warn';
}
