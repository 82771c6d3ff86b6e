import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/model/manifest.js';
import { buildSiteData } from '../../src/site/build-site-data.js';
import { invertLineage } from '../../src/site/invert-lineage.js';
import { readRunHistory } from '../../src/site/read-run-history.js';
import { scriptJson } from '../../src/site/script-json.js';
import { runInNewContext } from 'node:vm';

const fixtures = new URL('./fixtures/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('example-manifest.json', fixtures), 'utf8')) as Manifest;
const runs = readRunHistory(new URL('.', fixtures).pathname);

describe('invertLineage', () => {
  it('lists every downstream use of a column, sorted', () => {
    const uses = invertLineage(manifest);
    expect(uses.get('raw_customers')?.get('email')).toEqual([{ node: 'cleaned_customers', column: 'email', transform: 'derived' }]);
    expect(uses.get('cleaned_orders')?.get('amount')).toEqual([
      { node: 'customers_enriched', column: 'lifetime_value', transform: 'derived' },
      { node: 'daily_revenue_v', column: 'revenue', transform: 'derived' },
    ]);
    // two columns computed from the same upstream column both appear
    expect(uses.get('raw_customers')?.get('first_name')).toEqual([{ node: 'cleaned_customers', column: 'full_name', transform: 'derived' }]);
    expect(uses.get('customer_segments')).toBeUndefined();
  });

  it('is the exact inverse of the upstream lineage', () => {
    const uses = invertLineage(manifest);
    let forward = 0, backward = 0;
    for (const [id, node] of Object.entries(manifest.nodes)) {
      for (const [name, column] of Object.entries(node.columns)) {
        for (const l of column.lineage) {
          forward++;
          expect(uses.get(l.node)?.get(l.column)).toContainEqual({ node: id, column: name, transform: l.transform });
        }
      }
    }
    for (const byColumn of uses.values()) for (const list of byColumn.values()) backward += list.length;
    expect(backward).toBe(forward);
  });
});

describe('scriptJson', () => {
  it('never lets user text close or open markup inside a script', () => {
    const value = { a: '</script><script>alert(1)</script>', b: '<!-- x -->', c: '"><img src=x onerror=alert(1)>', d: 'line\u2028sep & more' };
    const js = scriptJson(value);
    expect(js).not.toMatch(/[<>]/);
    expect(js).not.toContain('\u2028');
    expect(runInNewContext(`(${js})`)).toEqual(value);
  });
});

describe('readRunHistory', () => {
  it('reads runs newest first and honours the limit', () => {
    expect(runs.map((r) => r.metadata.run_id)).toEqual(['20261124T081500Z-3f9a', '20261123T081500Z-77c2', '20261122T081500Z-0b1d']);
    expect(readRunHistory(new URL('.', fixtures).pathname, 1)).toHaveLength(1);
    expect(readRunHistory('/nonexistent/target')).toEqual([]);
  });
});

describe('buildSiteData', () => {
  const data = buildSiteData(manifest, runs, '2026-11-24T10:00:00.000Z');
  const idx = data.index;
  const at = (name: string) => idx.names.indexOf(name);

  it('puts datasets first (sorted), then sources, with kinds, layers and last-run status', () => {
    expect(idx.names.slice(0, 3)).toEqual(['active_customers', 'cleaned_customers', 'cleaned_orders']);
    expect(idx.kinds[idx.kind[idx.names.length - 1]]).toBe('files');
    expect(idx.layers[idx.layer[at('customers_enriched')]]).toBe('gold');
    expect(idx.statuses[idx.status[at('cleaned_orders')]]).toBe('WARN');
    expect(idx.rows[at('raw_orders')]).toBe(6300);
    expect(idx.focus).toBe(-1); // small pipeline: shown whole
  });

  it('marks streaming reads on edges and keeps batch reads plain', () => {
    const cleaned = at('cleaned_customers'), raw = at('raw_customers'), enriched = at('customers_enriched');
    expect(idx.up[cleaned]).toEqual([-(raw + 1)]);
    expect(idx.up[enriched]).toContain(cleaned);
    expect(idx.up[enriched]).toContain(idx.names.indexOf('ref.geo.country_codes'));
  });

  it('shards details and carries column lineage as node indices', () => {
    const i = at('customers_enriched');
    const detail = data.shards[Math.floor(i / idx.shardSize)][i % idx.shardSize];
    expect(detail.id).toBe('customers_enriched');
    const ltv = detail.cols.find((c) => c[0] === 'lifetime_value')!;
    expect(ltv[5]).toEqual([[at('cleaned_orders'), 'amount', 1]]);
    expect(detail.down?.lifetime_value).toEqual([[at('customer_segments'), 'lifetime_value', 0], [at('customer_segments'), 'segment', 1]]);
  });

  it('ranks expectations by failure rate over the history', () => {
    expect(idx.quality.length).toBeGreaterThan(0);
    const rates = idx.quality.map((q) => q.failed / (q.passed + q.failed));
    expect([...rates].sort((a, b) => b - a)).toEqual(rates);
    // valid_email: 17 + 20 + 15 failed of ~3,700 (1.4%) beats known_status: 77 + 71 + 65 of ~16,000 (1.3%)
    expect(idx.quality[0]).toMatchObject({ name: 'valid_email', node: at('cleaned_customers'), failed: 52 });
    expect(idx.quality[1]).toMatchObject({ name: 'known_status', node: at('cleaned_orders'), failed: 213 });
    // oldest run first in the per-run rates
    const hasId = idx.quality.find((q) => q.name === 'has_id')!;
    expect(hasId.rates[1]).toBeGreaterThan(0);
    expect(hasId.rates[2]).toBe(0);
  });

  it('handles an empty pipeline with no runs', () => {
    const empty: Manifest = { ...manifest, nodes: {}, sources: {}, flows: {}, parent_map: {}, child_map: {} };
    const d = buildSiteData(empty, [], 'x');
    expect(d.index.names).toEqual([]);
    expect(d.index.focus).toBe(-1);
    expect(d.shards).toEqual([]);
    expect(d.index.quality).toEqual([]);
  });

  it('opens big pipelines focused on the first failed dataset', () => {
    const nodes: Record<string, Manifest['nodes'][string]> = {};
    const parentMap: Record<string, string[]> = {};
    for (let i = 0; i < 200; i++) {
      const id = `d${String(i).padStart(3, '0')}`;
      // a chain, plus d100 read by every later dataset
      const parents = i === 0 ? [] : i > 100 ? [`d${String(i - 1).padStart(3, '0')}`, 'd100'] : [`d${String(i - 1).padStart(3, '0')}`];
      nodes[id] = { ...manifest.nodes.customers_enriched, unique_id: id, name: id, depends_on: { nodes: parents } };
      parentMap[id] = [...new Set(parents)];
    }
    const big: Manifest = { ...manifest, nodes, sources: {}, flows: {}, parent_map: parentMap, child_map: {} };
    expect(buildSiteData(big, [], 'x').index.focus).toBe(100); // the hub: most connected
    const run = { ...runs[0], results: [{ ...runs[0].results[0], unique_id: 'd150', status: 'FAILED' as const }] };
    expect(buildSiteData(big, [run], 'x').index.focus).toBe(150);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(buildSiteData(manifest, runs, 'x'))).toBe(JSON.stringify(buildSiteData(manifest, runs, 'x')));
  });
});

describe('quarantine on the dataset page (issue 7)', () => {
  it('names the quarantine table of a dataset with weir.quarantine = true, and no other', () => {
    const withQ: Manifest = JSON.parse(JSON.stringify(manifest));
    const node = withQ.nodes.cleaned_orders as { properties: Record<string, string> };
    node.properties = { ...node.properties, 'weir.quarantine': 'true' };
    const d = buildSiteData(withQ, [], 'x');
    const detail = (name: string) => {
      const i = d.index.names.indexOf(name);
      return d.shards[Math.floor(i / d.index.shardSize)][i % d.index.shardSize];
    };
    expect(detail('cleaned_orders').q).toBe('"main"."cleaned_orders_quarantine"');
    expect(detail('cleaned_customers').q).toBeUndefined();
  });
});
