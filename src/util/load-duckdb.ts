/**
 * DuckDB's Node binding, loaded on first use. Loading it maps the native library (~170 ms on this machine), so
 * commands that never open DuckDB (`ls`, `init`, `--version`, `--help`) do not pay it: bin/weir.js starts them
 * from src/cli/index.ts, and every other command from src/cli/main-with-duckdb.ts, which imports the binding
 * statically first (loaded later, even first thing in `main()`, the peak RSS of a 10,000-dataset compile was
 * 30–50 MB higher). Modules that use DuckDB call this; it returns the module already loaded when there is one.
 */
export type DuckDBModule = typeof import('@duckdb/node-api');

let loading: Promise<DuckDBModule> | undefined;

export function loadDuckDB(): Promise<DuckDBModule> {
  loading ??= import('@duckdb/node-api');
  return loading;
}
