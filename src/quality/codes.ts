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
  /** An unknown (likely misspelled) key in a unit-test file: `expct:`, `gven:`. */
  UnknownTestKey: 'WEIR7008',
  /** A unit test with no `expect` (rows, dropped or failed): it would pass whatever the dataset produces. */
  TestAssertsNothing: 'WEIR7009',
  /** A unit test whose rows differ from the expected ones (reported as a CI annotation). */
  UnitTestFailed: 'WEIR7010',
  /** A test reads an input the test gives no rows for and whose columns are unknown. */
  MissingTestInput: 'WEIR7007',
  /** A `weir.*` table property whose value cannot be read (`'weir.expect.x.fail_above' = 'lots'`). */
  BadQualityProperty: 'WEIR7101',
  /** A threshold names an expectation the dataset does not have. */
  UnknownThresholdExpectation: 'WEIR7102',
  /** A FOREIGN KEY references a dataset that does not exist. */
  UnknownForeignKeyTarget: 'WEIR7103',
  /** A key names a column the dataset does not declare or produce. */
  UnknownKeyColumn: 'WEIR7104',
  /** An unknown `weir.*` property (likely a typo). */
  UnknownQualityProperty: 'WEIR7105',
  /** `'weir.quarantine' = 'true'` on a view, which stores no rows to quarantine. */
  QuarantineOnView: 'WEIR7106',
} as const;
