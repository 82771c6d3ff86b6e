import type { Span } from './span.js';

/**
 * The parse stage's output: the DDL envelope of every statement, with exact spans. Query bodies and
 * expressions stay Spark SQL text (`SqlFragment`) for the translate stage. Nodes are immutable,
 * tagged by `kind` (ARCHITECTURE §3.5).
 */

/** A slice of a file's rendered text (a query body, an expectation condition, a CDC clause). */
export interface SqlFragment {
  readonly file: string;
  /** The Spark SQL text exactly as rendered. */
  readonly text: string;
  /** Offset of `text[0]` in the rendered file: translate maps inner positions via the file's SourceMap. */
  readonly renderedStart: number;
  /** The whole fragment in source coordinates. */
  readonly span: Span;
}

/** A possibly qualified name as written: `LIVE.x`, `cat.sch.x`, `` `hyphen-name` ``. */
export interface QualifiedName {
  /** Unquoted parts, case preserved. */
  readonly parts: readonly string[];
  readonly span: Span;
}

export interface Identifier {
  readonly name: string;
  readonly span: Span;
}

export type ExpectationAction = 'warn' | 'drop' | 'fail';

export interface ExpectationDef {
  readonly name: string;
  readonly condition: SqlFragment;
  readonly action: ExpectationAction;
  readonly span: Span;
}

export interface ColumnDef {
  readonly name: string;
  /** Spark type as written (`STRING`, `DECIMAL(10,2)`, `ARRAY<STRING>`); absent in views' column lists. */
  readonly type?: string;
  readonly notNull: boolean;
  readonly comment?: string;
  readonly generated?: SqlFragment;
  /** `MASK func [USING COLUMNS (...)]` as written; kept for the manifest, no DuckDB meaning. */
  readonly mask?: string;
  readonly span: Span;
}

export interface TableConstraint {
  readonly kind: 'primary-key' | 'unique' | 'foreign-key';
  readonly name?: string;
  readonly columns: readonly Identifier[];
  readonly references?: { readonly table: QualifiedName; readonly columns: readonly Identifier[] };
  /** Constraint options as written (NOT ENFORCED, RELY, ...). */
  readonly options: readonly string[];
  readonly span: Span;
}

export interface PropertyDef {
  readonly key: string;
  readonly value: string;
  readonly span: Span;
  readonly valueSpan: Span;
}

/** A clause kept for the manifest (PARTITIONED BY, CLUSTER BY, LOCATION, USING, ROW FILTER, ...). */
export interface ClauseDef {
  /** Upper-case clause name: `PARTITIONED BY`, `CLUSTER BY`, `LOCATION`, `USING`, `ROW FILTER`, `REFRESH POLICY`, `SCHEDULE`, `TRIGGER ON UPDATE`, `DEFAULT COLLATION`. */
  readonly name: string;
  /** The clause's argument text as written. */
  readonly text: string;
  readonly span: Span;
}

export type DatasetKind = 'materialized-view' | 'streaming-table' | 'temporary-view' | 'view';

export interface ColumnSelection {
  readonly mode: 'include' | 'except';
  readonly columns: readonly Identifier[];
  readonly span: Span;
}

/** The clauses of `AUTO CDC INTO` / `APPLY CHANGES INTO` (dialect reference §2.10). */
export interface CdcSpec {
  readonly target: QualifiedName;
  readonly once: boolean;
  /** The FROM source as written: `STREAM(x)`, `STREAM x`, `x`, or a parenthesised subquery. */
  readonly source: SqlFragment;
  readonly keys: readonly Identifier[];
  /** Legacy `WHERE` clause of APPLY CHANGES. */
  readonly where?: SqlFragment;
  readonly ignoreNullUpdates: boolean;
  readonly deleteWhen?: SqlFragment;
  readonly truncateWhen?: SqlFragment;
  readonly sequenceBy: SqlFragment;
  readonly columns?: ColumnSelection;
  readonly storedAs: 1 | 2;
  readonly trackHistory?: ColumnSelection;
  readonly span: Span;
}

export interface CreateDatasetStatement {
  readonly kind: 'create-dataset';
  readonly datasetKind: DatasetKind;
  /** Keywords as written, normalised to upper case single spaces: `CREATE OR REFRESH STREAMING LIVE TABLE`. */
  readonly syntax: string;
  /** PRIVATE or TEMPORARY table: not published. */
  readonly private: boolean;
  /** LIVE VIEW / TEMPORARY LIVE VIEW / STREAMING LIVE VIEW: the only view forms that accept expectations. */
  readonly liveView: boolean;
  readonly name: QualifiedName;
  readonly columns: readonly ColumnDef[];
  readonly expectations: readonly ExpectationDef[];
  readonly constraints: readonly TableConstraint[];
  readonly comment?: string;
  readonly properties: readonly PropertyDef[];
  readonly clauses: readonly ClauseDef[];
  /** `AS query`; absent for a streaming table fed by separate flows. */
  readonly query?: SqlFragment;
  /** Databricks SQL inline flow: `CREATE STREAMING TABLE t FLOW AUTO CDC ...` / `FLOW INSERT BY NAME ...`. */
  readonly inlineCdc?: CdcSpec;
  readonly span: Span;
}

export interface CreateFlowStatement {
  readonly kind: 'create-flow';
  readonly name: Identifier;
  readonly comment?: string;
  readonly body:
    | { readonly kind: 'insert'; readonly target: QualifiedName; readonly once: boolean; readonly query: SqlFragment; readonly span: Span }
    | { readonly kind: 'cdc'; readonly spec: CdcSpec };
  readonly span: Span;
}

/** Legacy stand-alone `APPLY CHANGES INTO`. */
export interface ApplyChangesStatement {
  readonly kind: 'apply-changes';
  readonly spec: CdcSpec;
  readonly span: Span;
}

export interface SetStatement {
  readonly kind: 'set';
  readonly key: string;
  readonly value?: string;
  readonly span: Span;
}

export interface UseStatement {
  readonly kind: 'use';
  readonly target: 'catalog' | 'schema';
  readonly name: QualifiedName;
  readonly span: Span;
}

export type Statement =
  | CreateDatasetStatement
  | CreateFlowStatement
  | ApplyChangesStatement
  | SetStatement
  | UseStatement;

/** All statements of one file, in file order. */
export interface ParsedFile {
  readonly path: string;
  readonly statements: readonly Statement[];
}
