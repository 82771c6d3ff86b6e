import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/model/manifest.js';
import { buildSiteData } from '../../src/site/build-site-data.js';
import { readRunHistory } from '../../src/site/read-run-history.js';

const fixtures = new URL('./fixtures/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('example-manifest.json', fixtures), 'utf8')) as Manifest;
const runs = readRunHistory(new URL('.', fixtures).pathname);

/** Acceptance audit C §18a: a view that ran showed "TV · 0 rows" on the graph, which reads as "empty". */
describe('row counts of views', () => {
  it('are not shown (a view stores no rows); tables keep theirs', () => {
    const { index } = buildSiteData(manifest, runs, '2026-11-24T10:00:00.000Z');
    const at = (name: string): number => index.names.indexOf(name);
    expect(index.status[at('daily_revenue_v')]).toBeGreaterThanOrEqual(0); // it did run
    expect(index.rows[at('daily_revenue_v')]).toBeNull();
    expect(index.rows[at('active_customers')]).toBeNull();
    expect(index.rows[at('raw_orders')]).toBe(6300);
    expect(index.rows[at('customers')]).toBe(308);
  });

  it('of a dataset whose last run wrote nothing (IDLE, NO-OP, SKIPPED) are those of its last update, not 0', () => {
    const idle = { ...runs[0], results: runs[0].results.map((r) => ({ ...r, status: 'IDLE' as const, rows_written: 0 })) };
    const { index } = buildSiteData(manifest, [idle, ...runs], '2026-11-24T10:00:00.000Z');
    expect(index.rows[index.names.indexOf('raw_orders')]).toBe(6300);
  });
});
