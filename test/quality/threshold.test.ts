import { describe, expect, it } from 'vitest';
import { expectationOutcome, parseRowCountRule, parseThreshold, rowCountHolds } from '../../src/quality/index.js';

describe('thresholds', () => {
  it('parses ratios and counts and rejects the rest', () => {
    expect(parseThreshold('1%')).toEqual({ kind: 'ratio', value: 0.01, text: '1%' });
    expect(parseThreshold(' 0.5 % ')).toMatchObject({ kind: 'ratio', value: 0.005 });
    expect(parseThreshold('10')).toEqual({ kind: 'count', value: 10, text: '10' });
    expect(parseThreshold('lots')).toBeUndefined();
    expect(parseThreshold('150%')).toBeUndefined();
    expect(parseThreshold('-1')).toBeUndefined();
  });

  it('fires only strictly above the threshold', () => {
    const failAbove = parseThreshold('1%')!;
    expect(expectationOutcome('drop', 1, 100, { failAbove })).toBe('warn');
    expect(expectationOutcome('drop', 2, 100, { failAbove })).toBe('fail');
    expect(expectationOutcome('fail', 1, 100, { failAbove })).toBe('warn');
    expect(expectationOutcome('fail', 1, 100)).toBe('fail');
    expect(expectationOutcome('warn', 0, 100)).toBe('pass');
    expect(expectationOutcome('warn', 10, 100, { warnAbove: parseThreshold('10')! })).toBe('pass');
    expect(expectationOutcome('warn', 11, 100, { warnAbove: parseThreshold('10')! })).toBe('warn');
    expect(expectationOutcome('fail', 5, 100, { failAbove: parseThreshold('0')! })).toBe('fail');
  });

  it('reads row-count rules', () => {
    expect(rowCountHolds(parseRowCountRule('>= 1')!, 0)).toBe(false);
    expect(rowCountHolds(parseRowCountRule('>= 1')!, 1)).toBe(true);
    expect(rowCountHolds(parseRowCountRule('between 2 and 3')!, 4)).toBe(false);
    expect(parseRowCountRule('at least one')).toBeUndefined();
  });
});
