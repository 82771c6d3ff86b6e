import { expect } from 'vitest';
import { translatePipeline } from '../../src/translate/index.js';
import { rowsJson } from './duckdb-harness.js';
import { buildPipeline } from './pipeline-builder.js';

/** One Spark query, alone in a pipeline, translated: its DuckDB SQL and its diagnostics as `CODE message`. */
export function translateQuery(query: string): { sql: string; errors: string[] } {
  const { graph, files } = buildPipeline([{ name: 't', query }]);
  const res = translatePipeline(graph, files, { projectRoot: '/p', schema: 'main' });
  return { sql: res.value.flows[0].query!.sql, errors: res.diagnostics.map((d) => `${d.code} ${d.message}`) };
}

/** The rows the translated query gives on DuckDB (it must translate without diagnostics). */
export async function translatedRows(query: string): Promise<unknown[][]> {
  const { sql, errors } = translateQuery(query);
  expect(errors).toEqual([]);
  return rowsJson(sql);
}
