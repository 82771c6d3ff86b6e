/**
 * Diagnostic codes of the parse stage (WEIR2xxx). Stable: users grep for them, CI annotates them, and the
 * README lists them. Never renumber; retire a code by leaving a gap.
 */
export const ParseCodes = {
  /** Generic syntax error: `expected X, found 'Y'` (with a did-you-mean hint for misspelled keywords). */
  Syntax: 'WEIR2001',
  /** Unterminated string literal or back-quoted identifier (lexer). */
  UnterminatedString: 'WEIR2002',
  /** Unterminated block comment (lexer). */
  UnterminatedComment: 'WEIR2003',
  /** A character that is not Spark SQL (lexer). */
  UnexpectedCharacter: 'WEIR2004',
  /** A statement that is not a pipeline statement (plain INSERT, SELECT, CREATE TABLE, ...). */
  UnknownStatement: 'WEIR2010',
  /** A materialized view or view without `AS query`. */
  MissingQuery: 'WEIR2011',
  /** `CONSTRAINT ... EXPECT` on a dataset kind that cannot have expectations (CREATE VIEW, CREATE TEMPORARY VIEW). */
  ExpectationNotAllowed: 'WEIR2012',
  /** Two expectations with one name in one dataset. */
  DuplicateExpectation: 'WEIR2013',
  /** `ON VIOLATION` with an action other than DROP ROW / FAIL UPDATE. */
  UnknownViolationAction: 'WEIR2014',
  /** A table clause written twice (two COMMENTs): warning, the last one wins. */
  DuplicateClause: 'WEIR2015',
  /** `SET key` without a value: warning, ignored. */
  SetWithoutValue: 'WEIR2016',
  /** `INSERT INTO` flow without `BY NAME`: warning, Weir inserts by name anyway. */
  InsertWithoutByName: 'WEIR2017',
  /** An AUTO CDC / APPLY CHANGES clause out of its fixed order. */
  CdcClauseOrder: 'WEIR2020',
  /** AUTO CDC / APPLY CHANGES without FROM, KEYS or SEQUENCE BY. */
  CdcMissingClause: 'WEIR2021',
  /** `APPLY AS TRUNCATE WHEN` with `STORED AS SCD TYPE 2`. */
  CdcTruncateWithScd2: 'WEIR2022',
  /** `TRACK HISTORY ON` with SCD type 1. */
  CdcTrackHistoryWithScd1: 'WEIR2023',
  /** An AUTO CDC / APPLY CHANGES clause written twice. */
  CdcDuplicateClause: 'WEIR2024',
  /** Valid Databricks syntax Weir does not support (FLOW REPLACE WHERE, STORED AS BITEMPORAL, ...). */
  Unsupported: 'WEIR2025',
  /** A second PRIMARY KEY in one dataset (a table has at most one). */
  DuplicatePrimaryKey: 'WEIR2026',
  /** A clause with no DuckDB meaning (PARTITIONED BY, CLUSTER BY, LOCATION, ...): info, kept in the manifest. */
  ClauseIgnored: 'WEIR2101',
  /** REFRESH POLICY with an argument that is not AUTO, INCREMENTAL, INCREMENTAL STRICT or FULL: warning, AUTO used. */
  BadRefreshPolicy: 'WEIR2102',
} as const;

export type ParseCode = (typeof ParseCodes)[keyof typeof ParseCodes];
