import { DuckDBInstance } from '@duckdb/node-api';
import type { CompiledPipeline } from '../model/compiled-pipeline.js';
import type { StageResult } from '../model/diagnostic.js';
import { LineageBuilder } from './compute-lineage.js';
import type { Json } from './lineage-walker.js';
import { flowSql, parseFlowsEach } from './parse-flows.js';

export { validatePipeline } from './validate-pipeline.js';
export { columnLineage, type LineageAnswer } from './column-lineage-query.js';
export { formatLineageAnswer } from './format-lineage-answer.js';
export { flowSql } from './parse-flows.js';

/**
 * Fills each dataset's output columns and column lineage, with DuckDB's parser as the authority on the
 * compiled SQL (batched `json_serialize_sql` round trips). Nothing is bound or read. The queries are parsed in
 * lineage order and each dataset's lineage is computed as soon as its flows are parsed, so parse trees are
 * dropped early (memory) and DuckDB parses the next batch meanwhile (time). Same result as
 * `computeLineage(compiled, { parsed: (await parseFlows(compiled, conn)).parsed })`.
 */
export async function analyzePipeline(compiled: CompiledPipeline): Promise<StageResult<CompiledPipeline>> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    const parsed = new Map<string, Json | undefined>();
    const builder = new LineageBuilder(compiled, { parsed });
    const order = builder.order;
    const flowsOf = order.map((id) => builder.flowsOf(id));
    // How many datasets still read each flow's tree (a flow feeds one dataset, but be safe).
    const uses = new Map<string, number>();
    for (const fs of flowsOf) for (const f of fs) uses.set(f.id, (uses.get(f.id) ?? 0) + 1);
    let next = 0;
    const advance = () => {
      for (; next < order.length; next++) {
        const fs = flowsOf[next];
        if (!fs.every((f) => parsed.has(f.id) || flowSql(f) === undefined)) return;
        builder.dataset(order[next]);
        for (const f of fs) {
          const left = (uses.get(f.id) ?? 1) - 1;
          uses.set(f.id, left);
          if (left === 0) parsed.delete(f.id);
        }
      }
    };
    const diagnostics = await parseFlowsEach(compiled, conn, flowsOf.flat(), (id, node) => parsed.set(id, node), advance);
    advance();
    return { value: builder.result(), diagnostics };
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}
