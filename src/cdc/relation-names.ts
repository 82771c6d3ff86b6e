import { quoteIdent, splitRelation } from '../model/relations.js';


/** `"_weir_private"."customers__cdc"` + `_keys` → `"_weir_private"."customers__cdc_keys"`. */
export function stateTable(prefix: string, suffix: string): string {
  const parts = splitRelation(prefix);
  parts[parts.length - 1] += suffix;
  return parts.map(quoteIdent).join('.');
}

/** The (catalog-qualified) schema part of a relation, quoted, or undefined for a bare name. */
export function schemaOf(relation: string): string | undefined {
  const parts = splitRelation(relation);
  return parts.length >= 2 ? parts.slice(0, -1).map(quoteIdent).join('.') : undefined;
}

/**
 * A per-flow scratch table in DuckDB's `temp` catalog. Temporary tables live only in this connection, so
 * they never reach the database file; writing them inside the dataset's transaction is allowed (measured).
 */
export function tempTable(prefix: string, suffix: string): string {
  const slug = splitRelation(prefix).join('__').toLowerCase().replace(/[^a-z0-9_]+/g, '_');
  return `temp.main.${quoteIdent(`__weir_cdc_${slug}_${suffix}`)}`;
}
