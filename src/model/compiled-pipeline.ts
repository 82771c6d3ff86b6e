import type { ExpectationAction } from './ast.js';
import type { FlowKind, PipelineGraph } from './pipeline-graph.js';
import type { SourceMap } from './source-map.js';
import type { Span } from './span.js';

/**
 * The translate stage's output: every flow's query, expectation and CDC clause as DuckDB SQL, with a map
 * from compiled offsets back to the user's file, plus each dataset's output columns and column lineage.
 * This is what `target/compiled/`, `weir validate`, the planner and the runner consume.
 */

/** Compiled text with the way back to the user's file: offsets in `sql` → offsets in `file`. */
export interface CompiledSql {
  readonly sql: string;
  readonly file: string;
  /** `rendered` in the segments means "offset in `sql`"; `source` is an offset in the ORIGINAL file. */
  readonly map: SourceMap;
}

/** How a flow reads one of its inputs (see `relations.ts` for the variables the runner sets). */
export interface CompiledInput {
  readonly node: string;
  readonly streaming: boolean;
  /** For dataset inputs read with STREAM: the rowid window variables. */
  readonly fromVariable?: string;
  readonly toVariable?: string;
  /** For a table outside the pipeline read with STREAM: its relation (the window is over its row ids). */
  readonly relation?: string;
  /** For file sources: the variable holding the list of files to read this run. */
  readonly filesVariable?: string;
  /** For file sources: the absolute glob(s) the source matches, resolved against the project root. */
  readonly globs?: readonly string[];
  readonly format?: string;
  /** Column that receives unparseable values, when the user asked for one (`rescuedDataColumn`). */
  readonly rescuedDataColumn?: string;
  /**
   * Auto Loader's `cloudFiles.schemaEvolutionMode` when not the default (`addNewColumns`): `rescue` puts new
   * columns' values in the rescued data column, `none` ignores new columns, `failOnNewColumns` fails the update.
   */
  readonly schemaEvolutionMode?: 'rescue' | 'none' | 'failOnNewColumns';
  /** Spark's `maxFilesPerTrigger`, when set. */
  readonly maxFilesPerTrigger?: number;
  /**
   * CSV read by its header without a declared schema: files whose headers differ are read in separate batches
   * (DuckDB takes one file's columns for a whole read; its union_by_name cannot record malformed lines).
   */
  readonly csvHeader?: boolean;
  /**
   * CSV / JSON sources, when it differs from the default (skip, record and count malformed records):
   * `failFast` (`mode => 'FAILFAST'`: a malformed record fails the update), `multiLine` (JSON read whole-file: a
   * malformed file is rejected as a whole), `rescueScan` (CSV with a rescued-data column: the query whose rejects
   * are the lines to rescue, run before the batch), `jsonSchema` (JSON with a declared `schema`: the DuckDB types
   * its lines are checked against, see src/execute/json-lines.ts). See src/execute/README.md "Malformed input".
   */
  readonly malformed?: {
    readonly failFast?: boolean; readonly multiLine?: boolean; readonly rescueScan?: string;
    readonly jsonSchema?: readonly { readonly name: string; readonly type: string }[];
    /**
     * CSV with a declared schema and a rescued-data column: a rejected line is split into its fields (this
     * dialect, `count` fields expected), so the values that convert keep their columns and only the others are
     * rescued, as Databricks does.
     */
    readonly csvFields?: { readonly delim: string; readonly quote: string; readonly count: number };
  };
}

export interface CompiledCdc {
  /** A DuckDB SELECT producing the change rows (source + legacy WHERE applied). */
  readonly source: CompiledSql;
  readonly keys: readonly string[];
  readonly sequenceBy: CompiledSql;
  readonly deleteWhen?: CompiledSql;
  readonly truncateWhen?: CompiledSql;
  readonly ignoreNullUpdates: boolean;
  readonly columns?: { readonly mode: 'include' | 'except'; readonly columns: readonly string[] };
  readonly storedAs: 1 | 2;
  readonly trackHistory?: { readonly mode: 'include' | 'except'; readonly columns: readonly string[] };
}

export interface CompiledFlow {
  readonly id: string;
  readonly target: string;
  readonly kind: FlowKind;
  readonly once: boolean;
  /** DuckDB SELECT for `append` / `complete` flows. */
  readonly query?: CompiledSql;
  readonly cdc?: CompiledCdc;
  readonly inputs: readonly CompiledInput[];
}

export interface CompiledExpectation {
  readonly name: string;
  readonly action: ExpectationAction;
  readonly condition: CompiledSql;
  readonly span: Span;
}

export type LineageTransform = 'direct' | 'derived';

export interface ColumnLineageEdge {
  /** Upstream node id (dataset, `files:...`, `external:...`). */
  readonly node: string;
  readonly column: string;
  readonly transform: LineageTransform;
}

export interface OutputColumn {
  readonly name: string;
  /** DuckDB type when known (from validation or a declared column), else undefined. */
  readonly type?: string;
  readonly comment?: string;
  readonly lineage: readonly ColumnLineageEdge[];
}

export interface CompiledDataset {
  readonly id: string;
  /** Fully qualified DuckDB relation, e.g. `"main"."orders"`. */
  readonly relation: string;
  readonly expectations: readonly CompiledExpectation[];
  /** `GENERATED ALWAYS AS` columns, compiled. */
  readonly generated: readonly { readonly name: string; readonly expression: CompiledSql }[];
  /** Output columns in order, when the query could be analysed. */
  readonly columns?: readonly OutputColumn[];
  /**
   * The column names the user's query produces inside Weir's declared-column wrapper (src/translate/declared-
   * columns.ts), when known: what the column list is checked against (the wrapper itself lists every declared one).
   */
  readonly queryColumns?: readonly string[];
}

export interface CompiledPipeline {
  readonly graph: PipelineGraph;
  readonly datasets: readonly CompiledDataset[];
  readonly flows: readonly CompiledFlow[];
}
