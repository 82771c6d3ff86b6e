import { describe, expect, it } from 'vitest';
import { resolveSources, testConfig } from '../helpers/front-end.js';
import { expectGolden } from '../helpers/golden.js';

const golden = (name: string): string => new URL(`./golden/${name}`, import.meta.url).pathname;

const MEDALLION = {
  'bronze.sql': `CREATE OR REFRESH STREAMING TABLE raw_orders
AS SELECT * FROM STREAM read_files('/landing/orders/*.parquet', format => 'parquet');

CREATE OR REFRESH STREAMING TABLE raw_customers
AS SELECT * FROM cloud_files("/landing/customers", "json", map("cloudFiles.inferColumnTypes", "true"));
`,
  'silver.sql': `CREATE OR REFRESH STREAMING TABLE cleaned_orders (
  CONSTRAINT valid_amount EXPECT (amount > 0) ON VIOLATION DROP ROW
) AS SELECT * FROM STREAM(LIVE.raw_orders);

CREATE MATERIALIZED VIEW customers_enriched AS
SELECT c.customer_id, count(o.order_id) AS orders
FROM live.raw_customers c LEFT JOIN cleaned_orders o ON o.customer_id = c.customer_id
GROUP BY c.customer_id;
`,
  'gold.sql': `-- statement order across files does not matter
CREATE MATERIALIZED VIEW segments AS SELECT * FROM main.customers_enriched;
`,
};

describe('resolveGraph', () => {
  it('builds datasets, flows, file sources and a topological order', () => {
    const { graph, diagnostics } = resolveSources(MEDALLION);
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(graph.order).toEqual(['raw_customers', 'raw_orders', 'cleaned_orders', 'customers_enriched', 'segments']);
    expect(graph.sources.map((s) => s.id)).toEqual(['files:/landing/customers', 'files:/landing/orders/*.parquet']);
    const enriched = graph.flows.find((f) => f.id === 'customers_enriched')!;
    expect(enriched.kind).toBe('complete');
    expect(enriched.inputs.map((i) => [i.node, i.streaming])).toEqual([['raw_customers', false], ['cleaned_orders', false]]);
    const cleaned = graph.flows.find((f) => f.id === 'cleaned_orders')!;
    expect(cleaned.inputs.map((i) => [i.node, i.streaming])).toEqual([['raw_orders', true]]);
    // cloud_files is Auto Loader: read incrementally even without STREAM.
    expect(graph.flows.find((f) => f.id === 'raw_customers')!.inputs[0]).toMatchObject({ node: 'files:/landing/customers', streaming: true });
  });

  it('resolves the pipeline\'s own catalog and schema, and treats other names as external tables', () => {
    const { graph, diagnostics } = resolveSources({
      'a.sql': 'CREATE MATERIALIZED VIEW a AS SELECT * FROM shop.main.b JOIN other.lookup USING (id) JOIN shop.sales.orders USING (id) JOIN wh.sales.x USING (id);\nCREATE MATERIALIZED VIEW b AS SELECT 1 AS id;',
    }, testConfig({ catalog: 'shop' }));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // The own catalog is the DuckDB file: shop.sales.orders is its sales.orders; another catalog stays.
    expect(graph.flows.find((f) => f.id === 'a')!.inputs.map((i) => i.node)).toEqual(['b', 'external:other.lookup', 'external:sales.orders', 'external:wh.sales.x']);
  });

  it('refuses STREAM of a CDC target (its rows change in place), and allows a batch read of it', () => {
    const r = resolveSources({ 'c.sql': `CREATE OR REFRESH STREAMING TABLE changes AS SELECT * FROM STREAM read_files('/in', format => 'json');
CREATE OR REFRESH STREAMING TABLE cur;
CREATE FLOW f AS AUTO CDC INTO cur FROM STREAM(changes) KEYS (id) SEQUENCE BY seq;
CREATE OR REFRESH STREAMING TABLE feed AS SELECT * FROM STREAM(cur);
CREATE OR REFRESH MATERIALIZED VIEW snapshot AS SELECT * FROM cur;
` });
    expect(r.diagnostics.map((d) => `${d.code} ${d.message.slice(0, 40)}`)).toEqual(['WEIR3007 STREAM(cur) reads a CDC target, whose ro']);
  });

  it('never suggests the dataset that holds the reference (reading itself is a cycle)', () => {
    const r = resolveSources({ 'a.sql': 'CREATE MATERIALIZED VIEW orders_v2 AS SELECT * FROM orders_v1;' });
    expect(r.diagnostics.filter((d) => d.code === 'WEIR3009')).toEqual([]);
  });

  it('reports an unknown LIVE reference with a did-you-mean hint', () => {
    const r = resolveSources({ 'a.sql': 'CREATE MATERIALIZED VIEW orders_clean AS SELECT 1 AS x;\nCREATE MATERIALIZED VIEW b AS SELECT * FROM LIVE.orders_clen;' });
    expect(r.diagnostics.map((d) => d.code)).toContain('WEIR3001');
    expectGolden(golden('unknown-reference.txt'), r.formatted);
  });

  it('warns when a bare name is close to a dataset name (it would silently be an external table)', () => {
    const r = resolveSources({ 'a.sql': 'CREATE MATERIALIZED VIEW orders_clean AS SELECT 1 AS x;\nCREATE MATERIALIZED VIEW b AS SELECT * FROM orders_clen;' });
    expect(r.diagnostics.find((d) => d.code === 'WEIR3009')).toMatchObject({ severity: 'warning', hint: 'did you mean orders_clean?' });
  });

  it('reports both definitions of a duplicate name', () => {
    const r = resolveSources({
      'a.sql': 'CREATE MATERIALIZED VIEW orders AS SELECT 1 AS x;',
      'b.sql': 'CREATE STREAMING TABLE Orders AS SELECT * FROM STREAM read_files(\'/x\');',
    });
    expect(r.diagnostics.filter((d) => d.code === 'WEIR3002')).toHaveLength(1);
    expectGolden(golden('duplicate.txt'), r.formatted);
  });

  it('reports a cycle with its whole chain', () => {
    const r = resolveSources({
      'a.sql': 'CREATE MATERIALIZED VIEW a AS SELECT * FROM c;\nCREATE MATERIALIZED VIEW b AS SELECT * FROM a;\nCREATE MATERIALIZED VIEW c AS SELECT * FROM b;',
    });
    const cycle = r.diagnostics.filter((d) => d.code === 'WEIR3003');
    expect(cycle).toHaveLength(1);
    expect(cycle[0].message).toBe('cycle between datasets: a -> b -> c -> a');
    expect(cycle[0].related).toHaveLength(2);
    expect(r.graph.order).toEqual([]);
    expectGolden(golden('cycle.txt'), r.formatted);
  });

  it('checks flow targets: unknown, and not a streaming table', () => {
    const r = resolveSources({
      'a.sql': `CREATE MATERIALIZED VIEW mv AS SELECT 1 AS x;
CREATE STREAMING TABLE events;
CREATE FLOW f1 AS INSERT INTO evnts BY NAME SELECT * FROM STREAM read_files('/a');
CREATE FLOW f2 AS INSERT INTO mv BY NAME SELECT * FROM STREAM read_files('/b');
CREATE FLOW f3 AS INSERT INTO events BY NAME SELECT * FROM STREAM read_files('/c');`,
    });
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['WEIR3005', 'WEIR3006']);
    expect(r.diagnostics.find((d) => d.code === 'WEIR3005')!.hint).toBe('did you mean events?');
    expect(r.graph.datasets.find((d) => d.id === 'events')!.flows).toEqual(['f3']);
  });

  it('rejects STREAM of a materialized view and STREAM inside a materialized view', () => {
    const r = resolveSources({
      'a.sql': `CREATE MATERIALIZED VIEW mv AS SELECT 1 AS x;
CREATE STREAMING TABLE st AS SELECT * FROM STREAM(mv);
CREATE MATERIALIZED VIEW mv2 AS SELECT * FROM STREAM(st);`,
    });
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code).sort()).toEqual(['WEIR3007', 'WEIR3008']);
  });

  it('names a legacy APPLY CHANGES flow after its target and links its source', () => {
    const r = resolveSources({
      'cdc.sql': `CREATE STREAMING TABLE changes AS SELECT * FROM STREAM read_files('/cdc');
CREATE OR REFRESH STREAMING TABLE customers;
APPLY CHANGES INTO LIVE.customers FROM STREAM(LIVE.changes) KEYS (id) SEQUENCE BY ts STORED AS SCD TYPE 1;`,
    });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const flow = r.graph.flows.find((f) => f.target === 'customers')!;
    expect(flow).toMatchObject({ id: 'customers', kind: 'cdc', implicit: false });
    expect(flow.inputs.map((i) => [i.node, i.streaming])).toEqual([['changes', true]]);
    expect(r.graph.order).toEqual(['changes', 'customers']);
  });

  it('applies USE SCHEMA and SET to later statements of the same file only', () => {
    const r = resolveSources({
      'a.sql': `SET pipelines.trigger.interval = 1 hour;
USE SCHEMA sales;
CREATE MATERIALIZED VIEW a AS SELECT * FROM sales.b;`,
      'b.sql': 'CREATE MATERIALIZED VIEW b AS SELECT 1 AS x;',
    });
    const a = r.graph.flows.find((f) => f.id === 'a')!;
    expect(a.inputs.map((i) => i.node)).toEqual(['b']);
    expect(a.conf).toEqual({ 'pipelines.trigger.interval': '1 hour' });
    expect(r.graph.flows.find((f) => f.id === 'b')!.conf).toEqual({});
  });

  it('reads an unqualified external name after USE SCHEMA s as s\'s table; a dataset name stays the dataset', () => {
    const r = resolveSources({
      'a.sql': `USE SCHEMA other;
CREATE MATERIALIZED VIEW m AS SELECT * FROM ext JOIN b USING (x) JOIN main.ext2 USING (x);`,
      'b.sql': 'CREATE MATERIALIZED VIEW b AS SELECT 1 AS x;\nCREATE MATERIALIZED VIEW c AS SELECT * FROM ext;',
    });
    expect(r.graph.flows.find((f) => f.id === 'm')!.inputs.map((i) => i.node).sort()).toEqual(['b', 'external:ext2', 'external:other.ext']);
    expect(r.graph.flows.find((f) => f.id === 'c')!.inputs.map((i) => i.node)).toEqual(['external:ext']);
  });

  it('accepts STREAM(...) in a streaming live view and a temporary view, and STREAM(view) downstream', () => {
    const r = resolveSources({
      'a.sql': `CREATE STREAMING TABLE raw_txs AS SELECT * FROM STREAM read_files('/txs');
CREATE STREAMING LIVE VIEW new_txs AS SELECT * FROM stream(LIVE.raw_txs);
CREATE TEMPORARY STREAMING LIVE VIEW tslv AS SELECT * FROM STREAM(raw_txs);
CREATE TEMPORARY VIEW tv AS SELECT * FROM STREAM(raw_txs);
CREATE OR REFRESH STREAMING TABLE txs;
APPLY CHANGES INTO LIVE.txs FROM STREAM(LIVE.new_txs) KEYS (id) SEQUENCE BY ts;
CREATE STREAMING TABLE copy AS SELECT * FROM STREAM(tv);`,
    });
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(r.graph.flows.find((f) => f.id === 'new_txs')!.inputs.map((i) => [i.node, i.streaming])).toEqual([['raw_txs', true]]);
    expect(r.graph.flows.find((f) => f.id === 'txs')!.inputs.map((i) => [i.node, i.streaming])).toEqual([['new_txs', true]]);
  });

  it('keeps names qualified with the pipeline\'s own catalog/schema datasets after USE SCHEMA / USE CATALOG', () => {
    const r = resolveSources({
      'a.sql': 'CREATE MATERIALIZED VIEW a AS SELECT 1 AS id;',
      'b.sql': `USE SCHEMA s2;
CREATE MATERIALIZED VIEW b AS SELECT * FROM cat.db.a;
CREATE MATERIALIZED VIEW b2 AS SELECT * FROM db.a;
CREATE MATERIALIZED VIEW b3 AS SELECT * FROM s2.a JOIN cat.s2.a USING (id);
CREATE MATERIALIZED VIEW db.b4 AS SELECT * FROM other.a;
USE CATALOG elsewhere;
CREATE MATERIALIZED VIEW b5 AS SELECT * FROM cat.db.a JOIN elsewhere.s2.a USING (id) JOIN elsewhere.db.a USING (id);`,
    }, testConfig({ catalog: 'cat', schema: 'db' }));
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const inputs = (id: string): string[] => r.graph.flows.find((f) => f.id === id)!.inputs.map((i) => i.node);
    expect(inputs('b')).toEqual(['a']);
    expect(inputs('b2')).toEqual(['a']);
    expect(inputs('b3')).toEqual(['a', 'a']);
    expect(inputs('b4')).toEqual(['external:other.a']);
    // elsewhere.db.a: neither the current (elsewhere.s2) nor the pipeline's (cat.db) catalog and schema.
    expect(inputs('b5')).toEqual(['a', 'a', 'external:elsewhere.db.a']);
    expect(r.diagnostics.filter((d) => d.code === 'WEIR3014')).toEqual([]);
  });

  it('resolves the names a dataset was declared under: other.y, and cat.sales.x after USE SCHEMA sales', () => {
    const r = resolveSources({
      'a.sql': `USE SCHEMA sales;
CREATE MATERIALIZED VIEW x AS SELECT 1 AS id;
CREATE MATERIALIZED VIEW other.y AS SELECT * FROM x;`,
      'b.sql': `CREATE MATERIALIZED VIEW w AS SELECT * FROM cat.sales.x JOIN sales.x USING (id) JOIN other.y USING (id) JOIN cat.other.y USING (id);
CREATE MATERIALIZED VIEW e AS SELECT * FROM elsewhere.x JOIN other.x USING (id) JOIN sales.y USING (id);`,
    }, testConfig({ catalog: 'cat', schema: 'main' }));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const inputs = (id: string): string[] => r.graph.flows.find((f) => f.id === id)!.inputs.map((i) => i.node);
    expect(inputs('w')).toEqual(['x', 'x', 'y', 'y']);
    // Qualifiers the dataset was not declared under stay external tables.
    expect(inputs('e')).toEqual(['external:elsewhere.x', 'external:other.x', 'external:sales.y']);
  });

  it('a flow writes the names its target was declared under (audit 7: Lakeflow\'s AUTO CDC INTO silver.x)', () => {
    const r = resolveSources({
      'a.sql': `CREATE MATERIALIZED VIEW bronze.cdc AS SELECT 1 AS id, 1 AS seq;
CREATE OR REFRESH STREAMING TABLE silver.dim;
CREATE FLOW f AS AUTO CDC INTO silver.dim FROM bronze.cdc KEYS (id) SEQUENCE BY seq;
CREATE FLOW g AS AUTO CDC INTO gold.dim FROM bronze.cdc KEYS (id) SEQUENCE BY seq;`,
    }, testConfig({ schema: 'main' }));
    expect(r.graph.flows.find((f) => f.id === 'f')?.target).toBe('dim');
    // A qualifier the dataset was not declared under is still not it.
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['WEIR3005']);
    expect(r.diagnostics.some((d) => d.code === 'WEIR3010')).toBe(false);
  });

  it('a dataset named like another dataset\'s quarantine table is a duplicate, pointing at the property', () => {
    const text = `CREATE MATERIALIZED VIEW t (CONSTRAINT pos EXPECT (v > 0) ON VIOLATION DROP ROW)
TBLPROPERTIES ('weir.quarantine' = 'true') AS SELECT 1 AS v;
CREATE MATERIALIZED VIEW t_quarantine AS SELECT 42 AS answer;
CREATE MATERIALIZED VIEW u_quarantine AS SELECT 1 AS x;`;
    const r = resolveSources({ 'a.sql': text }, testConfig({}));
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.code, d.message, d.span?.start, d.related?.[0]?.span.start])).toEqual([
      ['WEIR3002', "dataset 't_quarantine' has the name of t's quarantine table", text.indexOf('t_quarantine'), text.indexOf("'weir.quarantine'")],
    ]);
  });

  it('rejects dataset and flow names that are paths, empty or Object.prototype keys', () => {
    const r = resolveSources({
      'a.sql': `CREATE MATERIALIZED VIEW \`A/B\` AS SELECT 1 AS id;
CREATE MATERIALIZED VIEW \`../../escaped\` AS SELECT 1 AS id;
CREATE MATERIALIZED VIEW \`a\\b\` AS SELECT 1 AS id;
CREATE MATERIALIZED VIEW \`..\` AS SELECT 1 AS id;
CREATE MATERIALIZED VIEW __proto__ AS SELECT 1 AS id;
CREATE MATERIALIZED VIEW Constructor AS SELECT 1 AS id;
CREATE MATERIALIZED VIEW toString AS SELECT 1 AS id;
CREATE MATERIALIZED VIEW \`dots.are.fine\` AS SELECT 1 AS id;
CREATE STREAMING TABLE st;
CREATE FLOW \`f/g\` AS INSERT INTO st BY NAME SELECT * FROM STREAM read_files('/x');`,
    });
    const invalid = r.diagnostics.filter((d) => d.code === 'WEIR3015');
    expect(invalid.map((d) => d.message)).toEqual([
      "invalid dataset name 'A/B': it contains a path separator",
      "invalid dataset name '../../escaped': it contains a path separator",
      "invalid dataset name 'a\\b': it contains a path separator",
      "invalid dataset name '..': it is a relative path",
      "invalid dataset name '__proto__': it is a built-in property of JavaScript objects, and Weir keys target/manifest.json by name",
      "invalid dataset name 'Constructor': it is a built-in property of JavaScript objects, and Weir keys target/manifest.json by name",
      "invalid flow name 'f/g': it contains a path separator",
    ]);
    expect(invalid.every((d) => d.severity === 'error')).toBe(true);
    expect(invalid[0].span).toMatchObject({ file: 'a.sql', start: 25, end: 30 });
  });

  it('reports a streaming table or append flow without a streaming read, at the reference', () => {
    const sql = `CREATE STREAMING TABLE s1 AS SELECT * FROM STREAM read_files('/in');
CREATE MATERIALIZED VIEW mv AS SELECT * FROM s1;
CREATE STREAMING TABLE s2 AS SELECT * FROM mv JOIN s1 USING (id);
CREATE STREAMING TABLE ev;
CREATE FLOW f AS INSERT INTO ev BY NAME SELECT * FROM s1;
CREATE FLOW backfill AS INSERT INTO ONCE ev BY NAME SELECT * FROM s1;
CREATE FLOW live AS INSERT INTO ev BY NAME SELECT * FROM STREAM(s1) JOIN mv USING (id);
CREATE STREAMING TABLE legacy AS SELECT * FROM cloud_files('/legacy', 'json');
CREATE STREAMING TABLE from_mv AS SELECT * FROM mv;
CREATE STREAMING TABLE constant AS SELECT 1 AS x;
CREATE OR REFRESH STREAMING TABLE customers;
APPLY CHANGES INTO customers FROM s1 KEYS (id) SEQUENCE BY ts;`;
    const r = resolveSources({ 'a.sql': sql });
    const found = r.diagnostics.filter((d) => d.code === 'WEIR3016');
    expect(found.every((d) => d.severity === 'error')).toBe(true);
    const line = (offset: number): number => sql.slice(0, offset).split('\n').length;
    expect(found.map((d) => [line(d.span!.start), sql.slice(d.span!.start, d.span!.end), d.hint])).toEqual([
      [3, 's1', "read it with STREAM(s1), or declare 's2' as a MATERIALIZED VIEW"],
      [5, 's1', 'read it with STREAM(s1), or write INSERT INTO ONCE for a one-time backfill'],
      [9, 'mv', "a materialized view cannot be read incrementally: read a streaming table with STREAM(...), or declare 'from_mv' as a MATERIALIZED VIEW"],
      [10, 'SELECT 1 AS x', "read a source with STREAM(...) or STREAM read_files(...), or declare 'constant' as a MATERIALIZED VIEW"],
    ]);
    expect(found[0].message).toBe("streaming table 's2' has no streaming read (STREAM(...) or a file source): it would copy its input once and then stay idle");
  });

  it('warns about a streaming table nothing writes', () => {
    const r = resolveSources({ 'a.sql': 'CREATE OR REFRESH STREAMING TABLE lonely;' });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['WEIR3010']);
  });
});
