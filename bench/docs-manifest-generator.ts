import type { Manifest, ManifestColumn, ManifestFlow, ManifestNode, ManifestSource } from '../src/model/manifest.js';
import type { DatasetRunResult, RunResults } from '../src/model/run-results.js';
import { seededRandom } from '../src/util/seeded-random.js';

/**
 * A synthetic medallion pipeline for `bench/docs.ts`: file sources feed bronze streaming tables, which feed
 * silver tables and gold materialized views / views, each reading 1–4 earlier datasets, with column lineage,
 * expectations and a run history. Deterministic (seeded PRNG) so numbers compare across runs.
 */
export function generateManifest(datasets: number, runCount = 3, seed = 42): { manifest: Manifest; runs: RunResults[] } {
  const rand = seededRandom(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
  const domains = ['orders', 'customers', 'payments', 'shipments', 'products', 'inventory', 'sessions', 'clicks', 'refunds', 'invoices', 'ledger', 'campaigns'];
  const columnPool = ['id', 'customer_id', 'order_id', 'amount', 'currency', 'status', 'created_at', 'updated_at', 'country', 'email', 'quantity', 'price', 'channel', 'region', 'score', 'event_type'];
  const types: Record<string, string> = { id: 'BIGINT', customer_id: 'BIGINT', order_id: 'BIGINT', amount: 'DECIMAL(12,2)', quantity: 'INTEGER', price: 'DECIMAL(12,2)', score: 'DOUBLE', created_at: 'TIMESTAMP', updated_at: 'TIMESTAMP' };
  const loc = (file: string, line: number) => ({ file, line, column: 1, end_line: line + 8, end_column: 2 });

  const sourceCount = Math.max(1, Math.round(datasets / 50));
  const sources: Record<string, ManifestSource> = {};
  const sourceIds: string[] = [];
  for (let i = 0; i < sourceCount; i++) {
    const path = `/data/landing/${domains[i % domains.length]}_${i}/*.json`;
    const id = `files:${path}`;
    sourceIds.push(id);
    sources[id] = { unique_id: id, resource_type: 'files', name: path, path, reader: 'read_files', format: 'json', options: { format: 'json' }, location: loc(`pipelines/bronze/${domains[i % domains.length]}.sql`, 3) };
  }

  const nodes: Record<string, ManifestNode> = {};
  const flows: Record<string, ManifestFlow> = {};
  const ids: string[] = [];
  const colsOf = new Map<string, string[]>();
  for (const s of sourceIds) colsOf.set(s, columnPool.slice(0, 12));
  const bronze = Math.round(datasets * 0.2), silver = Math.round(datasets * 0.4);
  for (let i = 0; i < datasets; i++) {
    const layer = i < bronze ? 'bronze' : i < bronze + silver ? 'silver' : 'gold';
    const domain = pick(domains);
    const id = `${layer}_${domain}_${i}`;
    const kind = layer === 'bronze' ? 'streaming_table' : layer === 'silver' ? (rand() < 0.6 ? 'streaming_table' : 'materialized_view') : rand() < 0.85 ? 'materialized_view' : 'view';
    const parents: string[] = [];
    if (layer === 'bronze') parents.push(pick(sourceIds));
    else {
      const lo = layer === 'silver' ? 0 : bronze, hi = ids.length;
      const n = 1 + Math.floor(rand() * (layer === 'silver' ? 2 : 4));
      for (let k = 0; k < n; k++) {
        // mostly recent datasets, so chains get deep, sometimes anything earlier
        const j = rand() < 0.7 ? Math.max(lo, hi - 1 - Math.floor(rand() * 300)) : lo + Math.floor(rand() * (hi - lo));
        if (!parents.includes(ids[j])) parents.push(ids[j]);
      }
    }
    const streaming = kind === 'streaming_table';
    const main = parents[0];
    const parentCols = colsOf.get(main)!;
    const count = 5 + Math.floor(rand() * 5);
    const names = parentCols.slice(0, count);
    const columns: Record<string, ManifestColumn> = {};
    const select: string[] = [];
    names.forEach((c, k) => {
      const derived = k > 2 && rand() < 0.4;
      const from = derived && parents.length > 1 ? parents[1] : main;
      const fromCol = colsOf.get(from)!.includes(c) ? c : colsOf.get(from)![0];
      columns[c] = { name: c, data_type: types[c] ?? 'VARCHAR', declared: false, lineage: [{ node: from, column: fromCol, transform: derived ? 'derived' : 'direct' }], ...(k === 0 && rand() < 0.3 ? { description: `Key of the ${domain} record` } : {}) };
      select.push(derived ? `coalesce(${from === main ? 't0' : 't1'}.${fromCol}, NULL) AS ${c}` : `t0.${c}`);
    });
    colsOf.set(id, names);
    const file = `pipelines/${layer}/${domain}.sql`;
    const ref = (p: string) => (p.startsWith('files:') ? `read_files('${sources[p].path}', format => 'json')` : `LIVE.${p}`);
    const join = parents.length > 1 ? `\nLEFT JOIN ${ref(parents[1])} t1 ON t1.id = t0.id` : '';
    const expectations = rand() < 0.3 ? [{ name: `valid_${names[0]}`, action: pick(['warn', 'drop', 'fail'] as const), condition: `${names[0]} IS NOT NULL`, compiled_condition: `${names[0]} IS NOT NULL`, location: loc(file, 2) }] : [];
    const keyword = kind === 'streaming_table' ? 'STREAMING TABLE' : kind === 'view' ? 'VIEW' : 'MATERIALIZED VIEW';
    const raw = `CREATE OR REFRESH ${keyword} ${id}\nCOMMENT "${layer} ${domain} records, step ${i}"\nTBLPROPERTIES ('quality' = '${layer}')\nAS SELECT\n  ${select.join(',\n  ')}\nFROM ${streaming ? `STREAM(${ref(main)})` : ref(main)} t0${join};`;
    const rel = (p: string) => (p.startsWith('files:') ? `read_json(['${sources[p].path}'])` : `"main"."${p}"`);
    const compiled = `SELECT\n  ${select.join(',\n  ')}\nFROM ${rel(main)} AS t0${parents.length > 1 ? `\nLEFT JOIN ${rel(parents[1])} AS t1 ON t1.id = t0.id` : ''}`;
    nodes[id] = {
      unique_id: id, name: id, resource_type: kind, published: true, relation_name: `"main"."${id}"`, syntax: `CREATE OR REFRESH ${keyword}`,
      original_file_path: file, location: loc(file, 1 + (i % 500) * 10), description: `${layer} ${domain} records, step ${i}`, layer, tags: [],
      properties: { quality: layer }, clauses: [], columns: Object.fromEntries(Object.keys(columns).sort().map((k) => [k, columns[k]])), column_order: names,
      expectations, constraints: [], flows: [id], depends_on: { nodes: [...parents].sort() }, raw_code: raw, compiled_code: compiled,
    };
    flows[id] = { unique_id: id, name: id, target: id, kind: streaming ? 'append' : 'complete', once: false, implicit: true,
      inputs: parents.map((p, k) => ({ node: p, streaming: streaming && k === 0 })), location: loc(file, 1), raw_code: raw, compiled_code: compiled };
    ids.push(id);
  }
  const parent_map: Record<string, string[]> = {}, child_map: Record<string, string[]> = {};
  for (const s of sourceIds) child_map[s] = [];
  for (const id of ids) { parent_map[id] = [...nodes[id].depends_on.nodes]; child_map[id] = []; }
  for (const id of ids) for (const p of parent_map[id]) child_map[p].push(id);
  const manifest: Manifest = {
    metadata: { manifest_version: 1, weir_version: '0.1.0', project_name: `synthetic_${datasets}`, schema: 'main', database_path: 'target/weir.duckdb' },
    nodes, sources, flows, parent_map, child_map,
    files: [...new Set(ids.map((id) => nodes[id].original_file_path))].sort().map((path) => ({ path, hash: '0'.repeat(16) })), diagnostics: [],
  };

  const runs: RunResults[] = Array.from({ length: runCount }, (_, r) => r).map((r) => {
    const at = new Date(Date.UTC(2026, 10, 24 - r, 8, 15)).toISOString();
    const results: DatasetRunResult[] = ids.map((id) => {
      const x = rand();
      const status = x < 0.01 ? 'FAILED' : x < 0.05 ? 'WARN' : x < 0.07 ? 'SKIPPED' : 'COMPLETED';
      const rows = Math.floor(rand() * 100000);
      const failed = nodes[id].expectations.length && rand() < 0.3 ? Math.floor(rand() * 200) : 0;
      return {
        unique_id: id, status, timing: [{ name: 'execute', started_at: at, completed_at: at }], execution_time: Math.round(rand() * 2000) / 1000,
        message: status === 'FAILED' ? 'Binder Error: column not found' : '', failures: failed, rows_read: rows, rows_written: rows - failed,
        rows_dropped: failed, files_read: 0, adapter_response: {},
        expectations: nodes[id].expectations.map((e) => ({ name: e.name, dataset: id, action: e.action, passed_records: rows - failed, failed_records: failed })),
      };
    });
    return { metadata: { weir_version: '0.1.0', generated_at: at, run_id: `run-${r}`, project_name: manifest.metadata.project_name, database_path: 'target/weir.duckdb' },
      status: 'COMPLETED', elapsed_time: 120 + r, args: {}, results };
  });
  return { manifest, runs };
}
