import { existsSync } from 'node:fs';
import type { Manifest, ManifestColumn, ManifestNode } from '../model/manifest.js';
import { loadDuckDB } from '../util/load-duckdb.js';

/**
 * The columns of datasets whose schema compile cannot know (`SELECT *` over files it does not read), taken from
 * their tables in the pipeline's database when a run has created them: the site shows them (with no lineage)
 * instead of nothing. The database is opened read-only; one that is missing or held by a run is left alone.
 */
export async function withStoredColumns(manifest: Manifest, databasePath: string): Promise<Manifest> {
  const unknown = Object.entries(manifest.nodes).filter(([, n]) => n.column_order.length === 0 && STORED.has(n.resource_type));
  if (unknown.length === 0 || !existsSync(databasePath)) return manifest;
  const { DuckDBInstance } = await loadDuckDB();
  let instance;
  try {
    instance = await DuckDBInstance.create(databasePath, { access_mode: 'READ_ONLY' });
  } catch {
    return manifest;
  }
  const conn = await instance.connect();
  try {
    const nodes: Record<string, ManifestNode> = { ...manifest.nodes };
    for (const [key, n] of unknown) {
      let rows: Record<string, unknown>[];
      try {
        rows = (await conn.runAndReadAll(`DESCRIBE ${n.relation_name}`)).getRowObjectsJson() as Record<string, unknown>[];
      } catch {
        continue; // not created yet
      }
      const columns: Record<string, ManifestColumn> = {};
      for (const r of rows) {
        const name = String(r.column_name);
        columns[name] = { name, data_type: String(r.column_type), declared: false, lineage: [] };
      }
      nodes[key] = { ...n, columns, column_order: Object.keys(columns) };
    }
    return { ...manifest, nodes };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

const STORED = new Set(['materialized_view', 'streaming_table']);
