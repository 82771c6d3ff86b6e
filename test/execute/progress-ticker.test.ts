import { describe, expect, it } from 'vitest';
import { progressTicker } from '../../src/execute/progress-ticker.js';

describe('progressTicker', () => {
  it('shows DuckDB progress after the delay and clears the line at the end', async () => {
    const lines: string[] = [];
    const t = progressTicker({ progress: () => ({ percentage: 42.7, rows: 1234567 }) }, 'raw_orders', (l) => lines.push(l), 0, 10);
    await new Promise((r) => setTimeout(r, 60));
    t.stop();
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[0]).toMatch(/^ {2}raw_orders 42% \(1,234,567 rows scanned, \d+s\)$/);
    expect(lines.at(-1)).toBe('');
  });

  it('prints nothing for a short update', async () => {
    const lines: string[] = [];
    const t = progressTicker({ progress: () => ({ percentage: -1, rows: 0 }) }, 'x', (l) => lines.push(l), 10_000, 10);
    await new Promise((r) => setTimeout(r, 40));
    t.stop();
    expect(lines).toEqual([]);
  });
});
