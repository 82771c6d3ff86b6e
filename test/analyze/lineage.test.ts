import { describe, expect, it } from 'vitest';
import { analyzePipeline, columnLineage, formatLineageAnswer } from '../../src/analyze/index.js';
import type { CompiledPipeline } from '../../src/model/compiled-pipeline.js';
import { translatePipeline } from '../../src/translate/index.js';
import { buildPipeline, type DatasetSpec } from '../translate/pipeline-builder.js';

/** Upstream `orders(id, customer_id, amount, status)` and `customers(id, name, region)` are declared columns. */
const BASE: DatasetSpec[] = [
  { name: 'orders', columns: ['id', 'customer_id', 'amount', 'status'] },
  { name: 'customers', columns: ['id', 'name', 'region'] },
];

async function analyze(...specs: DatasetSpec[]): Promise<CompiledPipeline> {
  const { graph, files } = buildPipeline([...BASE, ...specs]);
  const t = translatePipeline(graph, files, { projectRoot: '/p', schema: 'main' });
  expect(t.diagnostics).toEqual([]);
  const a = await analyzePipeline(t.value);
  expect(a.diagnostics).toEqual([]);
  return a.value;
}

/** `name <- node.col (transform), ...` per output column. */
function lineageOf(p: CompiledPipeline, id: string): string[] {
  const d = p.datasets.find((x) => x.id === id)!;
  return (d.columns ?? []).map((c) => `${c.name} <- ${c.lineage.map((e) => `${e.node}.${e.column}${e.transform === 'derived' ? '*' : ''}`).join(', ')}`);
}

describe('column lineage', () => {
  it('plain columns and aliases are direct', async () => {
    const p = await analyze({ name: 't', query: 'SELECT id, amount AS total, amount * 2 AS doubled FROM LIVE.orders' });
    expect(lineageOf(p, 't')).toEqual(['id <- orders.id', 'total <- orders.amount', 'doubled <- orders.amount*']);
  });

  it('through a CTE', async () => {
    const p = await analyze({ name: 't', query: 'WITH big AS (SELECT id AS oid, amount FROM orders WHERE amount > 10) SELECT oid, amount + 1 AS a1 FROM big' });
    expect(lineageOf(p, 't')).toEqual(['oid <- orders.id', 'a1 <- orders.amount*']);
  });

  it('through a subquery', async () => {
    const p = await analyze({ name: 't', query: 'SELECT s.x FROM (SELECT upper(status) AS x FROM orders) s' });
    expect(lineageOf(p, 't')).toEqual(['x <- orders.status*']);
  });

  it('join with aliases', async () => {
    const p = await analyze({ name: 't', query: 'SELECT o.id, c.name AS customer, concat(c.region, o.status) AS rs FROM orders o JOIN customers c ON o.customer_id = c.id' });
    expect(lineageOf(p, 't')).toEqual(['id <- orders.id', 'customer <- customers.name', 'rs <- customers.region*, orders.status*']);
  });

  it('JOIN ... USING: one key column, the left one for INNER / LEFT, both (derived) for FULL', async () => {
    const p = await analyze(
      { name: 'u1', query: 'SELECT * FROM orders o JOIN customers c USING (id)' },
      { name: 'u2', query: 'SELECT id, name, c.id AS cid FROM orders FULL OUTER JOIN customers c USING (id)' },
    );
    expect(lineageOf(p, 'u1')).toEqual([
      'id <- orders.id', 'customer_id <- orders.customer_id', 'amount <- orders.amount', 'status <- orders.status',
      'name <- customers.name', 'region <- customers.region',
    ]);
    expect(lineageOf(p, 'u2')).toEqual(['id <- customers.id*, orders.id*', 'name <- customers.name', 'cid <- customers.id']);
  });

  it('LEFT SEMI / ANTI JOIN output the left side only', async () => {
    const p = await analyze({ name: 'semi', query: 'SELECT * FROM orders o LEFT SEMI JOIN customers c ON o.customer_id = c.id' });
    expect(lineageOf(p, 'semi')).toEqual(['id <- orders.id', 'customer_id <- orders.customer_id', 'amount <- orders.amount', 'status <- orders.status']);
  });

  it('a struct star (st.*) leaves the columns unknown rather than dropping its fields', async () => {
    const p = await analyze({ name: 'st', query: "SELECT id, named_struct('a', 1, 'b', status) AS s FROM orders" },
      { name: 'flat', query: 'SELECT id, s.* FROM LIVE.st' });
    expect(p.datasets.find((d) => d.id === 'flat')!.columns).toBeUndefined();
  });

  it('* and * EXCEPT expand upstream columns', async () => {
    const p = await analyze(
      { name: 'a', query: 'SELECT * FROM orders' },
      { name: 'b', query: 'SELECT * EXCEPT (status, amount) FROM a' },
    );
    expect(lineageOf(p, 'a')).toEqual(['id <- orders.id', 'customer_id <- orders.customer_id', 'amount <- orders.amount', 'status <- orders.status']);
    expect(lineageOf(p, 'b')).toEqual(['id <- a.id', 'customer_id <- a.customer_id']);
  });

  it('aggregates', async () => {
    const p = await analyze({ name: 't', query: 'SELECT customer_id, sum(amount) AS total, count(*) AS n FROM orders GROUP BY customer_id' });
    expect(lineageOf(p, 't')).toEqual(['customer_id <- orders.customer_id', 'total <- orders.amount*', 'n <- ']);
  });

  it('window functions', async () => {
    const p = await analyze({ name: 't', query: 'SELECT id, row_number() OVER (PARTITION BY customer_id ORDER BY amount DESC) AS rn FROM orders' });
    expect(lineageOf(p, 't')).toEqual(['id <- orders.id', 'rn <- orders.amount*, orders.customer_id*']);
  });

  it('UNION merges both sides by position', async () => {
    const p = await analyze({ name: 't', query: 'SELECT id AS k FROM orders UNION ALL SELECT id FROM customers' });
    expect(lineageOf(p, 't')).toEqual(['k <- customers.id, orders.id']);
  });

  it('STREAM reads resolve to the dataset', async () => {
    const p = await analyze({ name: 't', kind: 'streaming-table', query: 'SELECT id FROM STREAM(LIVE.orders)' });
    expect(lineageOf(p, 't')).toEqual(['id <- orders.id']);
  });

  it('file sources: columns referenced through the reader', async () => {
    const p = await analyze({ name: 't', query: "SELECT r.a, b AS bb FROM read_files('/x/*.json', format => 'json') r" });
    expect(lineageOf(p, 't')).toEqual(['a <- files:/x/*.json.a', 'bb <- files:/x/*.json.b']);
  });

  it('STREAM reads and Auto Loader projections of unknown sources keep column edges', async () => {
    const p = await analyze(
      { name: 'raw', kind: 'streaming-table', query: "SELECT * FROM STREAM cloud_files('/in/*.json', 'json')" },
      { name: 't', kind: 'streaming-table', query: 'SELECT id, upper(name) AS n FROM STREAM(LIVE.raw)' },
    );
    expect(lineageOf(p, 'raw')).toEqual([]);
    expect(lineageOf(p, 't')).toEqual(['id <- raw.id', 'n <- raw.name*']);
  });

  it('columnLineage walks upstream and downstream transitively', async () => {
    const p = await analyze(
      { name: 'a', query: 'SELECT id, amount AS amt FROM orders' },
      { name: 'b', query: 'SELECT id, amt * 2 AS amt2 FROM a' },
    );
    const up = columnLineage(p, 'b.amt2', 'upstream');
    expect(up.upstream!.map((h) => `${h.node}.${h.column}:${h.depth}:${h.transform}`)).toEqual(['a.amt:1:derived', 'orders.amount:2:derived']);
    const down = columnLineage(p, 'orders.amount', 'downstream');
    expect(down.downstream!.map((h) => `${h.node}.${h.column}`)).toEqual(['a.amt', 'b.amt2']);
    expect(formatLineageAnswer(columnLineage(p, 'a.amt', 'both'))).toBe([
      'a.amt', 'upstream:', '  orders.amount', 'downstream:', '  b.amt2 (derived)',
    ].join('\n'));
    expect(formatLineageAnswer(columnLineage(p, 'b', 'upstream'))).toBe([
      'b', 'upstream:', '  id', '    a.id', '      orders.id', '  amt2', '    a.amt (derived)', '      orders.amount (derived)',
    ].join('\n'));
    expect(columnLineage(p, 'a.amnt', 'both').error).toBe("dataset 'a' has no column 'amnt' (did you mean a.amt?)");
    expect(columnLineage(p, 'bb', 'both').error).toContain("unknown dataset 'bb'");
  });
});

describe('column lineage of declared NOT NULL columns (audit 7)', () => {
  it('the NOT NULL check that spares rows a DROP ROW rule drops is not where the column comes from', async () => {
    const { writeProject, runCli } = await import('../helpers/cli.js');
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = writeProject({
      'weir.yml': 'name: nn\n',
      'p.sql': `CREATE MATERIALIZED VIEW src AS SELECT 1 AS id, 2.5 AS amount;
CREATE MATERIALIZED VIEW clean (
  id BIGINT NOT NULL,
  amount DOUBLE,
  CONSTRAINT positive EXPECT (amount > 0) ON VIOLATION DROP ROW
) AS SELECT id, amount FROM src;
`,
    });
    const r = await runCli(['compile', '--project', dir], dir);
    expect(r.code, r.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8'));
    const clean = Object.values(manifest.nodes as Record<string, { name: string; columns: Record<string, { lineage: { node: string; column: string }[] }> }>)
      .find((n) => n.name === 'clean')!;
    expect(clean.columns.id.lineage.map((e) => `${e.node}.${e.column}`)).toEqual(['src.id']);
  });
});
