import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { loadDuckDB } from '../util/load-duckdb.js';
import type { CompiledPipeline } from '../model/compiled-pipeline.js';
import type { CompiledFlow } from '../model/compiled-pipeline.js';
import type { Diagnostic, StageResult } from '../model/diagnostic.js';
import { LineageBuilder } from './compute-lineage.js';
import type { Json } from './lineage-walker.js';
import { flowSql, parseFlowsEach } from './parse-flows.js';
import { checkExpressionSyntax, expressionsHash } from './check-expressions.js';
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
 * `options.skipFlows`: flows whose statements already have errors; their datasets get no columns.
 * `options.cache`: the lineage of the last compile (lineage-cache.ts). Datasets it answers are not parsed at all;
 * the returned `cache` holds this compile's entries (datasets whose queries DuckDB could not parse have none, so
 * their diagnostics come back every time).
 */
export async function analyzePipeline(
  compiled: CompiledPipeline, options: { cache?: LineageCache; skipFlows?: ReadonlySet<string> } = {},
): Promise<StageResult<CompiledPipeline> & { cache: LineageCache; cacheChanged: boolean }> {
  const parsed = new Map<string, Json | undefined>();
  // Flows already reported as wrong: not parsed (DuckDB's syntax error would repeat the problem); no columns.
  for (const id of options.skipFlows ?? []) parsed.set(id, undefined);
  const diagnostics: Diagnostic[] = [];
  // Expressions outside query bodies are parsed first (unless the same texts parsed cleanly last time): a broken
  // generated column is inside its dataset's flow queries, which are then not parsed again.
  const expressions = expressionsHash(compiled);
  const checkExpressions = options.cache?.expressions !== expressions;
  let expressionsClean = !checkExpressions;
  const duck = lazyConnection();
  try {
    if (checkExpressions) {
      const found = await checkExpressionSyntax(compiled, await duck.connection());
      diagnostics.push(...found.diagnostics);
      expressionsClean = found.diagnostics.length === 0;
      for (const f of compiled.flows) if (found.brokenQueries.has(f.target)) parsed.set(f.id, undefined);
    }
    const builder = new LineageBuilder(compiled, { parsed });
    const order = builder.order;
    const flowsOf = order.map((id) => builder.flowsOf(id));
    const old = usableEntries(options.cache);
    const own = order.map((id) => contentHash(builder.ownPart(id)));
    const entries: Record<string, LineageCacheEntry> = {};
    // Datasets the cache cannot answer whatever their upstreams: their flows are parsed up front, in lineage order.
    const first = flowsOf.filter((_, i) => old[own[i]] === undefined).flat().filter((f) => !parsed.has(f.id));
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
            builder.reuse(id, hit.columns ?? undefined, hit.queryColumns);
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
          const query = builder.queryColumnsOf(id);
          entries[own[next]] = { upstream, columns: builder.columnsOf(id) ?? null, ...(query ? { queryColumns: query } : {}) };
        }
        for (const f of fs) {
          const left = (uses.get(f.id) ?? 1) - 1;
          uses.set(f.id, left);
          if (left === 0) parsed.delete(f.id);
        }
      }
    };
    advance();
    if (next < order.length) {
      const conn = await duck.pool();
      const onParsed = (id: string, node: Json | undefined) => { parsed.set(id, node); };
      diagnostics.push(...await parseFlowsEach(compiled, conn, first, onParsed, advance, options.cache !== undefined));
      advance();
      while (next < order.length && blocked.length > 0) {
        const flows = blocked;
        blocked = [];
        diagnostics.push(...await parseFlowsEach(compiled, conn, flows, onParsed, undefined, true));
        advance();
      }
    }
    const cacheChanged = options.cache?.salt !== lineageSalt() || reused !== Object.keys(entries).length ||
      reused !== Object.keys(old).length || checkExpressions;
    const cache = { salt: lineageSalt(), entries, ...(expressionsClean ? { expressions } : {}) };
    return { value: builder.result(), diagnostics, cache, cacheChanged };
  } finally {
    duck.close();
  }
}

/**
 * One in-memory DuckDB, opened on first use (a recompile the caches answer never loads it). `pool()`: two
 * connections, so DuckDB parses two chunks of queries at once (10,000 flows: json_serialize_sql of them all
 * 1.5 s on one connection, 0.9 s on two).
 */
function lazyConnection(): { connection(): Promise<DuckDBConnection>; pool(): Promise<readonly DuckDBConnection[]>; close(): void } {
  let opened: { db: DuckDBInstance; conns: DuckDBConnection[] } | undefined;
  const open = async () => {
    if (!opened) {
      const { DuckDBInstance } = await loadDuckDB();
      const db = await DuckDBInstance.create(':memory:');
      opened = { db, conns: [await db.connect()] };
    }
    return opened;
  };
  return {
    async connection() {
      return (await open()).conns[0];
    },
    async pool() {
      const o = await open();
      if (o.conns.length < 2) o.conns.push(await o.db.connect());
      return o.conns;
    },
    close() {
      for (const c of opened?.conns ?? []) c.closeSync();
      opened?.db.closeSync();
    },
  };
}
