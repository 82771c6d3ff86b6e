/**
 * CDC stage: AUTO CDC / APPLY CHANGES INTO as DuckDB SQL, SCD type 1 and 2 (SEMANTICS §5). See README.md.
 */
export { cdcApplySql, type CdcRelations, type CdcSqlPlan } from './cdc-apply-sql.js';
export { checkCdcSpec, type CdcSpans, type CheckCdcOptions } from './check-cdc-spec.js';
export { cdcSpans } from './cdc-spans.js';
export { cdcColumns, type CdcColumns, type ColumnInfo } from './cdc-columns.js';
export { CDC_CODES, type CdcCode } from './codes.js';
export { cdcExpectationSql, type CdcExpectationSql } from './expectations-sql.js';
export { duplicateSequenceWarning, violationsWarning } from './run-diagnostics.js';
export { stateTable } from './relation-names.js';
export { sequenceType } from './sequence-type.js';
