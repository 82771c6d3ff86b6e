import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { validatePipeline } from '../../src/analyze/index.js';
import type { SourceNode } from '../../src/model/pipeline-graph.js';
import { formatDiagnostic } from '../../src/report/format-diagnostic.js';
import { translatePipeline } from '../../src/translate/index.js';
import { expectGolden } from '../helpers/golden.js';
import { buildPipeline, type DatasetSpec } from '../translate/pipeline-builder.js';

const BASE: DatasetSpec[] = [
  { name: 'orders', columns: ['id INT', 'customer_id INT', 'amount DECIMAL(10,2)', 'status STRING'] },
  { name: 'customers', columns: ['id INT', 'name STRING', 'region STRING'] },
];
const golden = (name: string): string => join(new URL('.', import.meta.url).pathname, 'golden', name);

async function validate(specs: DatasetSpec[], opts: { sources?: SourceNode[]; databasePath?: string; projectRoot?: string } = {}) {
  const { graph, files, sourceText } = buildPipeline([...BASE, ...specs], { ...(opts.sources ? { sources: opts.sources } : {}) });
  const t = translatePipeline(graph, files, { projectRoot: opts.projectRoot ?? '/p', schema: 'main' });
  expect(t.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const v = await validatePipeline(t.value, { projectRoot: opts.projectRoot ?? '/p', ...(opts.databasePath ? { databasePath: opts.databasePath } : {}) });
  return { v, text: `${v.diagnostics.map((d) => formatDiagnostic(d, sourceText)).join('\n')}\n` };
}

describe('validate', () => {
  it('binds a clean pipeline and fills column types', async () => {
    const { v } = await validate([
      { name: 'a', query: 'SELECT id, amount * 2 AS amt, upper(status) AS s FROM orders -- doubled', expectations: [['positive', 'amt > 0 -- why'], ['valid', 's IS NOT NULL']] },
      { name: 'b', query: 'SELECT a.*, c.name FROM a JOIN customers c ON a.id = c.id' },
    ]);
    expect(v.diagnostics).toEqual([]);
    const b = v.value.datasets.find((d) => d.id === 'b')!;
    expect(b.columns?.map((c) => `${c.name}:${c.type}`)).toEqual(['id:INTEGER', 'amt:DECIMAL(18,2)', 's:VARCHAR', 'name:VARCHAR']);
    expect(b.columns?.[1].lineage).toEqual([{ node: 'a', column: 'amt', transform: 'direct' }]);
  });

  it('unknown column: at its position, with DuckDB candidates', async () => {
    const { v, text } = await validate([{ name: 't', query: 'SELECT id,\n  amout\nFROM orders' }]);
    expect(v.diagnostics.map((d) => [d.code, d.span?.start, d.span?.end])).toEqual([['WEIR4050', 13, 18]]);
    expectGolden(golden('unknown-column.txt'), text);
  });

  it('an error inside macro output points at the macro call in the source', async () => {
    const source = 'SELECT id, {{ amount_col() }} FROM orders';
    const rendered = 'SELECT id, amout FROM orders';
    const map = { segments: [
      { rendered: 0, length: 11, source: 0, sourceLength: 11, exact: true },
      { rendered: 11, length: 5, source: 11, sourceLength: 18, exact: false },
      { rendered: 16, length: 12, source: 29, sourceLength: 12, exact: true },
    ] };
    const { v } = await validate([{ name: 't', query: rendered, source: { text: source, map } }]);
    const d = v.diagnostics[0];
    expect([d.code, source.slice(d.span!.start, d.span!.end)]).toEqual(['WEIR4050', '{{ amount_col() }}']);
  });

  it('unknown column in an expectation', async () => {
    const { v } = await validate([{ name: 't', query: 'SELECT id FROM orders', expectations: [['valid', 'idd IS NOT NULL']] }]);
    expect(v.diagnostics.map((d) => [d.code, d.span?.start, d.hint])).toEqual([['WEIR4050', 22, 'did you mean id?']]);
  });

  it('downstream of a failed dataset is not validated', async () => {
    const { v } = await validate([{ name: 'a', query: 'SELECT nope FROM orders' }, { name: 'b', query: 'SELECT * FROM a' }]);
    expect(v.diagnostics.map((d) => d.code)).toEqual(['WEIR4050', 'WEIR4057']);
  });

  it('type error', async () => {
    const { v, text } = await validate([{ name: 't', query: 'SELECT abs(status) AS x FROM orders' }]);
    expect(v.diagnostics.map((d) => d.code)).toEqual(['WEIR4052']);
    expectGolden(golden('type-error.txt'), text);
  });

  it('ambiguous column', async () => {
    const { v, text } = await validate([{ name: 't', query: 'SELECT id FROM orders o JOIN customers c ON o.customer_id = c.id' }]);
    expect(v.diagnostics.map((d) => [d.code, d.span?.start])).toEqual([['WEIR4053', 7]]);
    expectGolden(golden('ambiguous-column.txt'), text);
  });

  it('unknown table: an external table missing from the database file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weir-validate-'));
    const dbPath = join(dir, 'db.duckdb');
    const db = await DuckDBInstance.create(dbPath);
    const c = await db.connect();
    await c.run('CREATE SCHEMA sales; CREATE TABLE sales.customers (id INT, tier VARCHAR)');
    c.closeSync();
    db.closeSync();
    const query = 'SELECT c.tier, x.y FROM sales.customers c, sales.custmers x';
    const sources: SourceNode[] = [
      { id: 'external:sales.customers', kind: 'external', parts: ['sales', 'customers'], span: { file: 't.sql', start: 24, end: 39 } },
      { id: 'external:sales.custmers', kind: 'external', parts: ['sales', 'custmers'], span: { file: 't.sql', start: 43, end: 57 } },
    ];
    const { v, text } = await validate([{ name: 't', query }], { sources, databasePath: dbPath });
    expect(v.diagnostics.map((d) => [d.code, d.severity, d.span?.start])).toEqual([['WEIR4051', 'error', 43], ['WEIR4057', 'info', 0]]);
    expectGolden(golden('unknown-table.txt'), text);
    const ok = await validate([{ name: 't', query: 'SELECT c.tier FROM sales.customers c' }], { sources: sources.slice(0, 1), databasePath: dbPath });
    expect(ok.v.diagnostics).toEqual([]);
    expect(ok.v.value.datasets.find((d) => d.id === 't')!.columns?.[0]).toEqual({ name: 'tier', type: 'VARCHAR', lineage: [{ node: 'external:sales.customers', column: 'tier', transform: 'direct' }] });
  });

  it('file sources are sampled for their schema; Auto Loader JSON reads strings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weir-files-'));
    mkdirSync(join(dir, 'in'));
    writeFileSync(join(dir, 'in', 'a.json'), '{"id": 1, "amount": 2.5, "tags": {"x": 1}}\n{"id": 2, "amount": 3}\n');
    writeFileSync(join(dir, 'in', 'b.csv'), 'id;name\n1;x\n');
    const { v } = await validate([
      { name: 'typed', query: "SELECT *, _metadata.file_path AS f FROM read_files('in/*.json', format => 'json')" },
      { name: 'strings', query: "SELECT * FROM cloud_files('in/*.json', 'json')" },
      { name: 'csv', query: "SELECT * FROM read_files('in/b.csv', format => 'csv', header => true, sep => ';')" },
      { name: 'missing', query: "SELECT * FROM read_files('nothing/*.json', format => 'json')" },
    ], { projectRoot: dir });
    const cols = (id: string): string[] => v.value.datasets.find((d) => d.id === id)!.columns?.map((c) => `${c.name}:${c.type}`) ?? [];
    expect(cols('typed')).toEqual(['id:BIGINT', 'amount:DOUBLE', 'tags:STRUCT("x" BIGINT)', 'f:VARCHAR']);
    expect(cols('strings')).toEqual(['id:VARCHAR', 'amount:VARCHAR', 'tags:VARCHAR', '_rescued_data:VARCHAR']);
    expect(cols('csv')).toEqual(['id:BIGINT', 'name:VARCHAR']);
    expect(v.diagnostics.map((d) => d.code)).toEqual(['WEIR4056']);
  });
});
