import type {
  CdcSpec, ClauseDef, ColumnDef, DatasetKind, ExpectationDef, PropertyDef, SqlFragment, TableConstraint,
} from './ast.js';
import type { Span } from './span.js';

/**
 * The resolve stage's output: every dataset, flow and source of the pipeline with resolved references.
 * Arrays are sorted by id so the graph (and everything emitted from it) is byte-stable.
 * Ids: a dataset's id is its unqualified name in lower case (DuckDB identifiers are case-insensitive);
 * a file source is `files:<path as written>`; an external table `external:<a.b.c>` in lower case.
 */
export interface DatasetNode {
  readonly id: string;
  /** Name as the user wrote it (last part, case kept). */
  readonly name: string;
  readonly kind: DatasetKind;
  /** False for PRIVATE / TEMPORARY tables and temporary views: they live in `_weir_private`. */
  readonly published: boolean;
  readonly syntax: string;
  readonly liveView: boolean;
  readonly file: string;
  readonly span: Span;
  readonly nameSpan: Span;
  /**
   * Where the user placed the dataset when that is not the pipeline's schema (`other.y`, or `x` after USE SCHEMA
   * sales): lower-case `schema` / `catalog.schema` qualifiers that also name it (Weir publishes it in the
   * pipeline's schema either way).
   */
  readonly declaredIn?: readonly string[];
  readonly comment?: string;
  readonly columns: readonly ColumnDef[];
  readonly expectations: readonly ExpectationDef[];
  readonly constraints: readonly TableConstraint[];
  /** TBLPROPERTIES as a map (last one wins), and as written with spans. */
  readonly properties: Readonly<Record<string, string>>;
  readonly propertyDefs: readonly PropertyDef[];
  readonly clauses: readonly ClauseDef[];
  /** Ids of the flows that write this dataset (implicit flow first). */
  readonly flows: readonly string[];
  /** `TBLPROPERTIES ('quality' = 'silver')` → medallion layer, when given. */
  readonly layer?: string;
  /** From `TBLPROPERTIES ('weir.tags' = 'a,b')`, for `tag:` selection. */
  readonly tags: readonly string[];
}

export type FlowKind = 'complete' | 'append' | 'cdc';

/** A reference to an upstream node found in a query body or CDC source. */
export interface InputRef {
  /** Node id: a dataset id, `files:...` or `external:...`. */
  readonly node: string;
  /** Read with STREAM(...) / STREAM x / STREAM read_files(...): incremental. */
  readonly streaming: boolean;
  /** Where the reference is written (source coordinates). */
  readonly span: Span;
  /**
   * The rendered offset of the reference (its name, or its reader call): unique per reference, where `span` is
   * not (every reference a template expression or loop emits has the expression's span).
   */
  readonly at?: number;
}

export interface FlowNode {
  readonly id: string;
  readonly name: string;
  /** Dataset id written by this flow. */
  readonly target: string;
  /** `complete` for MVs and views (recomputed), `append` for streaming flows, `cdc` for AUTO CDC / APPLY CHANGES. */
  readonly kind: FlowKind;
  readonly once: boolean;
  /** True for the flow a `CREATE ... AS query` defines; false for CREATE FLOW / APPLY CHANGES. */
  readonly implicit: boolean;
  readonly query?: SqlFragment;
  readonly cdc?: CdcSpec;
  readonly inputs: readonly InputRef[];
  readonly comment?: string;
  /** Spark confs from `SET` statements that precede the flow in its file. */
  readonly conf: Readonly<Record<string, string>>;
  readonly file: string;
  readonly span: Span;
}

export type SourceNode =
  | {
      readonly id: string;
      readonly kind: 'files';
      /** `read_files`, `cloud_files` or a path table (`json.\`path\``). */
      readonly reader: 'read_files' | 'cloud_files' | 'path-table';
      /** Path or glob as written (after `${}`), relative paths resolved against the project root at run time. */
      readonly path: string;
      /** Lower-cased format (`json`, `csv`, `parquet`, ...) when known. */
      readonly format?: string;
      /** Options as written, keys lower-cased (`cloudFiles.` prefix kept). */
      readonly options: Readonly<Record<string, string>>;
      readonly span: Span;
    }
  | {
      readonly id: string;
      readonly kind: 'external';
      readonly parts: readonly string[];
      readonly span: Span;
    };

export interface PipelineGraph {
  readonly name: string;
  readonly catalog?: string;
  readonly schema: string;
  readonly datasets: readonly DatasetNode[];
  readonly flows: readonly FlowNode[];
  readonly sources: readonly SourceNode[];
  /** Dataset ids in a topological order (ties broken by id), empty when the graph has a cycle. */
  readonly order: readonly string[];
}
