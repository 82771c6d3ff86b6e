/**
 * Diagnostic codes of the CDC stage (range WEIR6xxx, see src/model/diagnostic.ts). Stable: never renumber.
 */
export const CDC_CODES = {
  /** `KEYS` names a column the change rows do not have. */
  unknownKey: 'WEIR6001',
  /** `COLUMNS` / `* EXCEPT` drops a key column (keys are always stored). */
  columnsExcludeKey: 'WEIR6002',
  /** `COLUMNS` / `TRACK HISTORY` names a column the change rows do not have. */
  unknownColumn: 'WEIR6003',
  /** The sequence's type differs from the one the target was built with (SEMANTICS §5, dialect ref §3.5). */
  sequenceTypeChanged: 'WEIR6004',
  /** `APPLY AS TRUNCATE WHEN` with `STORED AS SCD TYPE 2`. */
  truncateWithScd2: 'WEIR6005',
  /** `TRACK HISTORY ON` with SCD type 1. */
  trackHistoryWithScd1: 'WEIR6006',
  /** No `KEYS`. */
  noKeys: 'WEIR6007',
  /** A key listed twice. */
  duplicateKey: 'WEIR6008',
  /**
   * The existing target's history columns do not fit the flow: an SCD 2 target's `__START_AT` / `__END_AT` are
   * missing or of another type than the sequence, or an SCD 1 target has them (it was built as SCD 2).
   */
  scd2ColumnType: 'WEIR6009',
  /** A stored column's name collides with Weir's reserved `__weir_` prefix or SCD 2's `__START_AT`/`__END_AT`. */
  reservedColumn: 'WEIR6010',
  /** Run time: change rows with a NULL key or a NULL sequence were not applied (warning with the count). */
  violations: 'WEIR6101',
  /** Run time: two different events share a key and a sequence value (warning listing the keys). */
  duplicateSequence: 'WEIR6102',
} as const;

export type CdcCode = (typeof CDC_CODES)[keyof typeof CDC_CODES];
