import { describe, expect, it } from 'vitest';
import { analyzePipeline, columnLineage, formatLineageAnswer } from '../../src/analyze/index.js';
import type { CompiledPipeline } from '../../src/model/compiled-pipeline.js';
import { translatePipeline } from '../../src/translate/index.js';
import { buildPipeline, type DatasetSpec } from '../translate/pipeline-builder.js';

/** `weir lineage` answers (columnLineage + formatLineageAnswer) over a small analysed pipeline. */
async function analyze(...specs: DatasetSpec[]): Promise<CompiledPipeline> {
  const { graph, files } = buildPipeline(specs);
  const t = translatePipeline(graph, files, { projectRoot: '/p', schema: 'main' });
  expect(t.diagnostics).toEqual([]);
  const a = await analyzePipeline(t.value);
  expect(a.diagnostics).toEqual([]);
  return a.value;
}

const PIPELINE: DatasetSpec[] = [
  { name: 'customers', columns: ['id', 'name'] },
  { name: 'orders', columns: ['id', 'customer_id', 'amount'] },
  { name: 'enriched', query: `SELECT c.id, c.name AS full_name, sum(o.amount) OVER (PARTITION BY c.name) AS ltv,
    row_number() OVER (PARTITION BY c.name ORDER BY o.amount) AS rnk, 1 AS one
    FROM customers c JOIN orders o ON o.customer_id = c.id` },
  { name: 'seg', query: 'SELECT id, ltv FROM enriched' },
];

describe('weir lineage answers', () => {
  it('a dataset lists every column\'s upstreams, also those another column reaches too', async () => {
    const p = await analyze(...PIPELINE);
    const a = columnLineage(p, 'enriched', 'upstream');
    const byRoot = (col: string) => a.upstream!.filter((h) => h.root.column === col).map((h) => `${h.node}.${h.column}`);
    expect(byRoot('full_name')).toEqual(['customers.name']);
    expect(byRoot('ltv')).toEqual(['customers.name', 'orders.amount']);
    expect(byRoot('rnk')).toEqual(['customers.name', 'orders.amount']);
    expect(formatLineageAnswer(a)).toBe([
      'enriched', 'upstream:',
      '  id', '    customers.id',
      '  full_name', '    customers.name',
      '  ltv', '    customers.name (derived)', '    orders.amount (derived)',
      '  rnk', '    customers.name (derived)', '    orders.amount (derived)',
      '  one', '    (none)',
    ].join('\n'));
  });

  it('only the sections asked for, in text and JSON', async () => {
    const p = await analyze(...PIPELINE);
    const up = columnLineage(p, 'enriched.ltv', 'upstream');
    expect(up.downstream).toBeUndefined();
    expect(formatLineageAnswer(up)).not.toContain('downstream');
    const down = columnLineage(p, 'enriched.ltv', 'downstream');
    expect(down.upstream).toBeUndefined();
    expect(formatLineageAnswer(down)).toBe(['enriched.ltv', 'downstream:', '  seg.ltv'].join('\n'));
  });

  it('accepts LIVE., schema. prefixes and suggests close names', async () => {
    const p = await analyze(...PIPELINE);
    for (const t of ['LIVE.enriched.ltv', 'live.ENRICHED.ltv', 'main.enriched.ltv']) {
      expect(columnLineage(p, t, 'upstream').columns).toEqual([{ node: 'enriched', column: 'ltv' }]);
    }
    expect(columnLineage(p, 'LIVE.enriched', 'upstream').columns).toHaveLength(5);
    expect(columnLineage(p, 'LIVE.enrichd.ltv', 'both').error).toBe("unknown dataset 'enrichd' (did you mean enriched?)");
    expect(columnLineage(p, 'enriched.ltvv', 'both').error).toBe("dataset 'enriched' has no column 'ltvv' (did you mean enriched.ltv?)");
  });

  it('says the lineage is unknown where columns come from files, instead of (none)', async () => {
    const p = await analyze(
      { name: 'raw', kind: 'streaming-table', query: "SELECT * FROM STREAM read_files('/in/*.json', format => 'json')" },
      { name: 'typed', kind: 'streaming-table', columns: ['id BIGINT', 'name STRING'], query: "SELECT * FROM STREAM read_files('/in/*.json', format => 'json')" },
      { name: 't', kind: 'streaming-table', query: 'SELECT id, upper(name) AS n FROM STREAM(raw)' },
      { name: 'all_raw', kind: 'streaming-table', query: 'SELECT * FROM STREAM(raw)' },
    );
    // Declared columns over `*` of files: each is the file column of its name.
    expect(p.datasets.find((d) => d.id === 'typed')!.columns!.map((c) => c.lineage.map((e) => `${e.node}.${e.column}`))).toEqual([
      ['files:/in/*.json.id'], ['files:/in/*.json.name'],
    ]);
    const up = columnLineage(p, 't.n', 'upstream');
    expect(up.unknown?.map((u) => [u.at.node, u.at.column, u.reason])).toEqual([
      ['raw', 'name', 'the columns of raw are unknown: the schema of files:/in/*.json is known only when the files are read (`weir validate`, `weir run`)'],
    ]);
    expect(formatLineageAnswer(up)).toBe(['t.n', 'upstream:', '  raw.name (derived)', `    unknown: ${up.unknown![0].reason}`].join('\n'));
    // A column of a dataset whose columns are unknown: its upstream is unknown, its readers of unknown columns too.
    const raw = columnLineage(p, 'raw.id', 'both');
    expect(raw.error).toBeUndefined();
    expect(formatLineageAnswer(raw).split('\n')).toEqual([
      'raw.id', 'upstream:', `  unknown: ${up.unknown![0].reason}`, 'downstream:',
      '  unknown: all_raw reads raw, and the columns of all_raw are unknown: the schema of files:/in/*.json is known only when the files are read (`weir validate`, `weir run`)',
      '  t.id',
    ]);
    expect(columnLineage(p, 'raw', 'upstream').columns.map((c) => c.column)).toEqual(['id', 'name']);
  });

  it('columns read from a file source with a rescued-data column still lead to the files', async () => {
    const p = await analyze({ name: 'r', kind: 'streaming-table',
      query: "SELECT CAST(id AS BIGINT) AS id, name, _rescued_data FROM STREAM read_files('/in/*.json', format => 'json', rescuedDataColumn => '_rescued_data')" });
    expect(p.datasets[0].columns!.map((c) => `${c.name} <- ${c.lineage.map((e) => `${e.node}.${e.column}`).join(', ')}`)).toEqual([
      'id <- files:/in/*.json.id', 'name <- files:/in/*.json.name', '_rescued_data <- files:/in/*.json._rescued_data',
    ]);
  });
});
