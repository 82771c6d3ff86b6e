import { loadDuckDB } from '../util/load-duckdb.js';
import type { CompiledPipeline } from '../model/compiled-pipeline.js';
import type { CompiledFlow } from '../model/compiled-pipeline.js';
import type { Diagnostic, StageResult } from '../model/diagnostic.js';
import { LineageBuilder } from './compute-lineage.js';
import type { Json } from './lineage-walker.js';
import { flowSql, parseFlowsEach } from './parse-flows.js';
import { contentHash, lineageSalt, usableEntries, type LineageCache, type LineageCacheEntry } from './lineage-cache.js';

export { validatePipeline } from './validate-pipeline.js';
export { columnLineage, type LineageAnswer } from './column-lineage-query.js';
export { formatLineageAnswer } from './format-lineage-answer.js';
export { flowSql } from './parse-flows.js';
export { lineageSalt, type LineageCache, type LineageCacheEntry } from './lineage-cache.js';

/**
 * Fills each dataset's output columns and column lineage, with DuckDB's parser as the authority on the
 * compiled SQL (batched `json_serialize_sql` round trips). Nothing is bound or read. The queries are parsed in
 * lineage order and each dataset's lineage is computed as soon as its flows are parsed, so parse trees are
 * dropped early (memory) and DuckDB parses the next batch meanwhile (time). Same result as
 * `computeLineage(compiled, { parsed: (await parseFlows(compiled, conn)).parsed })`.
 *
 * `options.cache`: the lineage of the last compile (lineage-cache.ts). Datasets it answers are not parsed at all;
 * the returned `cache` holds this compile's entries (datasets whose queries DuckDB could not parse have none, so
 * their diagnostics come back every time).
 */
export async function analyzePipeline(
  compiled: CompiledPipeline, options: { cache?: LineageCache } = {},
): Promise<StageResult<CompiledPipeline> & { cache: LineageCache; cacheChanged: boolean }> {
  const parsed = new Map<string, Json | undefined>();
  const builder = new LineageBuilder(compiled, { parsed });
  const order = builder.order;
  const flowsOf = order.map((id) => builder.flowsOf(id));
  const old = usableEntries(options.cache);
  const own = order.map((id) => contentHash(builder.ownPart(id)));
  const entries: Record<string, LineageCacheEntry> = {};
  // Datasets the cache cannot answer whatever their upstreams: their flows are parsed up front, in lineage order.
  const first = flowsOf.filter((_, i) => old[own[i]] === undefined).flat();
  // How many datasets still read each flow's tree (a flow feeds one dataset, but be safe).
  const uses = new Map<string, number>();
  for (const fs of flowsOf) for (const f of fs) uses.set(f.id, (uses.get(f.id) ?? 0) + 1);
  const isParsed = (f: CompiledFlow) => parsed.has(f.id) || flowSql(f) === undefined;
  let next = 0;
  let reused = 0;
  /** Datasets the cache knew but whose upstream columns changed: parsed when reached. */
  let blocked: CompiledFlow[] = [];
  const advance = () => {
    for (; next < order.length; next++) {
      const id = order[next];
      const fs = flowsOf[next];
      const hit = old[own[next]];
      if (hit && !fs.every(isParsed)) {
        const upstream = contentHash(builder.upstreamNames(id));
        if (hit.upstream === upstream) {
          builder.reuse(id, hit.columns ?? undefined);
          entries[own[next]] = hit;
          reused++;
          continue;
        }
        blocked = fs.filter((f) => !isParsed(f));
        return;
      }
      if (!fs.every(isParsed)) return;
      const upstream = contentHash(builder.upstreamNames(id));
      builder.dataset(id);
      if (fs.every((f) => flowSql(f) === undefined || parsed.get(f.id) !== undefined)) {
        entries[own[next]] = { upstream, columns: builder.columnsOf(id) ?? null };
      }
      for (const f of fs) {
        const left = (uses.get(f.id) ?? 1) - 1;
        uses.set(f.id, left);
        if (left === 0) parsed.delete(f.id);
      }
    }
  };
  const diagnostics: Diagnostic[] = [];
  advance();
  if (next < order.length) {
    const { DuckDBInstance } = await loadDuckDB();
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      const onParsed = (id: string, node: Json | undefined) => { parsed.set(id, node); };
      diagnostics.push(...await parseFlowsEach(compiled, conn, first, onParsed, advance, options.cache !== undefined));
      advance();
      while (next < order.length && blocked.length > 0) {
        const flows = blocked;
        blocked = [];
        diagnostics.push(...await parseFlowsEach(compiled, conn, flows, onParsed, undefined, true));
        advance();
      }
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  }
  const cacheChanged = options.cache?.salt !== lineageSalt() || reused !== Object.keys(entries).length || reused !== Object.keys(old).length;
  return { value: builder.result(), diagnostics, cache: { salt: lineageSalt(), entries }, cacheChanged };
}
