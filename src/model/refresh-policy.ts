/** Databricks' materialized view refresh policies (the REFRESH POLICY clause). */
export const REFRESH_POLICIES = ['AUTO', 'INCREMENTAL', 'INCREMENTAL STRICT', 'FULL'];

/**
 * A REFRESH POLICY clause's text as a policy name (`incremental  strict` → `INCREMENTAL STRICT`); the parser
 * warns when it is not one of REFRESH_POLICIES, and the runner then uses AUTO.
 */
export function refreshPolicyName(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toUpperCase();
}
