/** Diagnostic codes of the resolve stage (WEIR3xxx). Stable: users grep for them and CI annotates them. */
export const ResolveCodes = {
  /** `LIVE.x` (or another pipeline-only form) names no dataset of the pipeline. */
  UnknownReference: 'WEIR3001',
  /** Two definitions of one dataset name. */
  DuplicateDataset: 'WEIR3002',
  /** The datasets form a cycle. */
  Cycle: 'WEIR3003',
  /** Two flows with one name. */
  DuplicateFlow: 'WEIR3004',
  /** A flow's target is not a dataset of the pipeline. */
  UnknownFlowTarget: 'WEIR3005',
  /** A flow targets something that is not a streaming table. */
  FlowTargetNotStreamingTable: 'WEIR3006',
  /** STREAM(x) where x cannot be read incrementally (a materialized view or a view). */
  StreamOfNonStreamable: 'WEIR3007',
  /** STREAM(...) inside a materialized view or persisted view. */
  StreamInBatchDataset: 'WEIR3008',
  /** A bare name that is not a dataset but is close to one: treated as an external table. */
  PossibleTypo: 'WEIR3009',
  /** A streaming table that nothing writes. */
  StreamingTableWithoutFlow: 'WEIR3010',
  /** A CDC flow and an append flow write the same table. */
  MixedCdcAndAppend: 'WEIR3011',
  /** A dataset reads itself. */
  SelfReference: 'WEIR3012',
  /** Problems inside STREAM(...) / read_files(...) found while scanning references. */
  BadSourceReference: 'WEIR3013',
  /** A dataset name qualified with a schema other than the pipeline's. */
  ForeignSchema: 'WEIR3014',
  /** A dataset or flow name Weir cannot use as a file and object key (`/`, `\\`, NUL, `.`, `..`, `__proto__`, empty). */
  InvalidName: 'WEIR3015',
  /** A streaming table's query, or an append flow without ONCE, reads nothing incrementally (no STREAM, no files). */
  BatchQueryForStreamingTable: 'WEIR3016',
  /** A `SET` of a Spark setting that would change query results, which Weir does not apply (it runs Spark's defaults, in UTC). */
  UnappliedSetting: 'WEIR3017',
} as const;
