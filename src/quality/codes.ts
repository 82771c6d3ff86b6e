/** Diagnostic codes of quality checks and unit tests (WEIR7xxx). */
export const QualityCodes = {
  /** A unit-test file that is not valid YAML or not shaped like a test. */
  BadTestFile: 'WEIR7001',
  /** A unit test names a dataset the pipeline does not have. */
  UnknownTestDataset: 'WEIR7002',
  /** A unit test gives rows for something that is not an input of the dataset. */
  UnknownTestInput: 'WEIR7003',
  /** An expected row names a column the dataset does not produce. */
  UnknownTestColumn: 'WEIR7004',
  /** The dataset's query failed on the test rows. */
  TestQueryFailed: 'WEIR7005',
  /** A CSV fixture that cannot be read. */
  BadCsvFixture: 'WEIR7006',
  /** A test reads an input the test gives no rows for and whose columns are unknown. */
  MissingTestInput: 'WEIR7007',
} as const;
