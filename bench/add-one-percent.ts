// The "+1% input" of the runner benchmarks (bench/run.ts, bench/run-per-dataset.ts).
import { basename, dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { listFiles } from '../src/execute/list-files.js';
import type { CompiledPipeline } from '../src/model/index.js';

/**
 * +1% input: per file source, a new file holding a 1% sample of the rows of its existing files (same format),
 * or 1% of the files rewritten under new names when a source has 100 files or more. New input means new rows:
 * when a source's first column is an integer id (order_id, customer_id of the CRM export, ...), the copies get
 * ids above every existing one, so primary keys stay unique and the new orders are new orders, as in production.
 */
export async function addOnePercent(compiled: CompiledPipeline): Promise<string[]> {
  const copies: string[] = [];
  const globs = new Set(compiled.flows.flatMap((f) => f.inputs.flatMap((i) => i.globs ?? [])));
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  const q = (p: string) => `'${p.replace(/'/g, "''")}'`;
  try {
    for (const glob of globs) {
      const files = listFiles([glob]);
      if (files.length === 0) continue;
      const first = files[0].path;
      const ext = first.slice(first.lastIndexOf('.') + 1).toLowerCase();
      const [reader, format] = ext === 'parquet' ? ['read_parquet', 'PARQUET'] : ext === 'csv' ? ['read_csv', 'CSV, HEADER'] : ['read_json_auto', 'JSON'];
      const source = `${reader}([${files.map((f) => q(f.path)).join(', ')}])`;
      const rows = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
      const [col, type] = Object.values(rows.getRowObjectsJson()[0] ?? {}).map(String);
      let select = 'SELECT *';
      if (col && /id$/i.test(col) && /^(BIGINT|INTEGER|HUGEINT|UBIGINT|UINTEGER|SMALLINT)$/.test(type)) {
        const max = String((await conn.runAndReadAll(`SELECT coalesce(max("${col}"), 0)::VARCHAR AS m FROM ${source}`)).getRowObjectsJson()[0].m);
        select = `SELECT * REPLACE ("${col}" + ${max} + 1 AS "${col}")`;
      }
      if (files.length >= 100) {
        for (const f of files.slice(0, Math.round(files.length / 100))) {
          const copy = join(dirname(f.path), `zz_bench_${basename(f.path)}`);
          await conn.run(`COPY (${select} FROM ${reader}(${q(f.path)})) TO ${q(copy)} (FORMAT ${format})`);
          copies.push(copy);
        }
        continue;
      }
      const out = join(dirname(first), `zz_bench_1pct.${ext}`);
      const total = Number((await conn.runAndReadAll(`SELECT count(*) AS n FROM ${source}`)).getRowObjectsJson()[0].n);
      const n = Math.max(1, Math.round(total / 100));
      await conn.run(`COPY (${select} FROM ${source} USING SAMPLE reservoir(${n} ROWS) REPEATABLE (42)) TO ${q(out)} (FORMAT ${format})`);
      copies.push(out);
    }
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
  return copies;
}

