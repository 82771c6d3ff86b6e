/**
 * Diagnostic codes of the translate and analyze stages (WEIR4xxx). Stable: tests and users grep for them.
 */
export const CODES = {
  /** A Spark function or construct with no faithful DuckDB equivalent. */
  refusedFunction: 'WEIR4001',
  /** A function neither Weir's table nor DuckDB knows. */
  unknownFunction: 'WEIR4002',
  /** A function argument Weir needs as a constant (a date pattern, a struct field name, ...) is not one. */
  needsConstant: 'WEIR4003',
  /** A Java date/time pattern letter with no strftime equivalent. */
  unsupportedDatePattern: 'WEIR4004',
  /** A function called with an argument count or value Weir cannot translate faithfully. */
  unsupportedArguments: 'WEIR4005',
  /** `x[i]` with an index that may be an array position or a map key: translated as a map lookup (warning). */
  ambiguousSubscript: 'WEIR4006',
  /** A streaming table's query aggregates, de-duplicates or joins two streams: computed per batch (warning). */
  statefulStream: 'WEIR4007',
  /** PIVOT / UNPIVOT. */
  pivot: 'WEIR4010',
  /** A Delta path table (delta.`/path`). */
  deltaPath: 'WEIR4011',
  /** DISTRIBUTE BY / SORT BY / CLUSTER BY inside a query: dropped (warning). */
  droppedClause: 'WEIR4012',
  /** TABLESAMPLE: dropped (warning). */
  tableSample: 'WEIR4013',
  /** A `_metadata` field DuckDB's readers cannot provide. */
  unsupportedMetadata: 'WEIR4014',
  /** A Spark type with no DuckDB equivalent. */
  unsupportedType: 'WEIR4015',
  /** A file source whose format is unknown or unsupported. */
  fileFormat: 'WEIR4020',
  /** A file-source option Weir ignores (warning). */
  fileOption: 'WEIR4021',
  /** A lexical error inside a query body (also a malformed `X'..'` or `INTERVAL '...' DAY TO SECOND` literal). */
  lexError: 'WEIR4030',
  /** An expectation condition that is not about one row: an aggregate, a window function or a subquery. */
  expectationNotRowLevel: 'WEIR4031',
  /** validate: an expectation whose condition is not BOOLEAN (`EXPECT (amount)`): Spark's analyzer refuses it. */
  expectationNotBoolean: 'WEIR4032',
  /** validate: a column that does not exist. */
  unknownColumn: 'WEIR4050',
  /** validate: a table that does not exist. */
  unknownTable: 'WEIR4051',
  /** validate: a type error (no matching function / operator overload, failed cast of a constant). */
  typeError: 'WEIR4052',
  /** validate: an ambiguous column reference. */
  ambiguousColumn: 'WEIR4053',
  /** validate: any other error DuckDB reports when binding. */
  bindError: 'WEIR4054',
  /** validate: DuckDB could not parse the compiled SQL. */
  syntaxError: 'WEIR4055',
  /** validate: a file source whose schema could not be sampled (no files yet): downstream not validated. */
  fileSchemaUnknown: 'WEIR4056',
  /** validate: skipped because an upstream could not be validated. */
  upstreamUnknown: 'WEIR4057',
  /** A column of the dataset's column list that its query does not produce (columns match by name). */
  declaredColumnMissing: 'WEIR4058',
  /** A column a table's query produces that its column list does not declare (the list is the table's schema). */
  undeclaredColumn: 'WEIR4059',
  /** lineage: a query DuckDB's parser could not serialise (columns left unknown). */
  lineageUnavailable: 'WEIR4060',
  /** A GENERATED ALWAYS AS column that the dataset's query also produces (Delta computes it; the query may not write it). */
  generatedColumnProduced: 'WEIR4061',
} as const;

export type TranslateCode = (typeof CODES)[keyof typeof CODES];
