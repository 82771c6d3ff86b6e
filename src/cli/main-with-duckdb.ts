// The CLI for commands that open DuckDB: its binding is imported before anything else (see src/util/load-duckdb.ts).
import '@duckdb/node-api';

export { main } from './index.js';
