/** What an SCD generator returns: the plan without the parts `cdcApplySql` adds (duplicates, cleanup). */
export interface CdcSqlPlanParts {
  readonly ensure: string[];
  readonly apply: string[];
  readonly metrics: string;
  /** Suffixes of the temp tables the plan creates (dropped by `cleanup`). */
  readonly scratch: readonly string[];
  /** The plan's `duplicates` query, when the generator has a cheaper one than the default. */
  readonly duplicates?: string;
}
