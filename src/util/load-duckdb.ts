/**
 * DuckDB's Node binding, loaded on first use. Loading it maps the native library: ~170 ms on this machine, a
 * good part of a command's start, so commands that may not need DuckDB (`ls`, `--version`, a compile whose
 * column lineage all comes from its cache) import it only when they do.
 */
export type DuckDBModule = typeof import('@duckdb/node-api');

let loading: Promise<DuckDBModule> | undefined;

export function loadDuckDB(): Promise<DuckDBModule> {
  loading ??= import('@duckdb/node-api');
  return loading;
}
