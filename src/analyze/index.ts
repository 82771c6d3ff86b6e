import { DuckDBInstance } from '@duckdb/node-api';
import type { CompiledPipeline } from '../model/compiled-pipeline.js';
import type { StageResult } from '../model/diagnostic.js';
import { computeLineage } from './compute-lineage.js';
import { parseFlows } from './parse-flows.js';

export { validatePipeline } from './validate-pipeline.js';
export { columnLineage, type LineageAnswer } from './column-lineage-query.js';
export { formatLineageAnswer } from './format-lineage-answer.js';
export { flowSql } from './parse-flows.js';

/**
 * Fills each dataset's output columns and column lineage, with DuckDB's parser as the authority on the
 * compiled SQL (one batched `json_serialize_sql` round trip for all flows). Nothing is bound or read.
 */
export async function analyzePipeline(compiled: CompiledPipeline): Promise<StageResult<CompiledPipeline>> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    const { parsed, diagnostics } = await parseFlows(compiled, conn);
    return { value: computeLineage(compiled, { parsed }), diagnostics };
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

