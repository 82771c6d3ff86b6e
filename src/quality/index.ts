export { QualityCodes } from './codes.js';
export { loadTestFiles, parseTestFile, type LoadedTests } from './unit-test/load-test-files.js';
export { runUnitTest, type UnitTestResult } from './unit-test/run-unit-test.js';
export { runUnitTests, type UnitTestRun } from './unit-test/run-unit-tests.js';
export { diffRows, normalizeValue } from './unit-test/row-diff.js';
export { readQualityConfig, type QualityConfig } from './checks/quality-config.js';
export { tableChecks, type KeyProbe, type TableCheck } from './checks/table-checks.js';
export { exceeds, expectationOutcome, failUpdateReason, parseRowCountRule, parseThreshold, rowCountHolds, type RowCountRule, type Threshold } from './checks/threshold.js';
