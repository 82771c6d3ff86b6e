import { quoteIdent } from '../model/relations.js';

/**
 * Splits a quoted, dotted relation (`"_weir_private"."customers__cdc"`) into its parts. Unquoted parts are
 * accepted too. Used to derive state-table names from the prefix the runner passes (see `CdcRelations`).
 */
export function splitRelation(relation: string): string[] {
  const parts: string[] = [];
  let i = 0;
  while (i < relation.length) {
    if (relation[i] === '"') {
      let name = '';
      i++;
      while (i < relation.length) {
        if (relation[i] === '"' && relation[i + 1] === '"') { name += '"'; i += 2; continue; }
        if (relation[i] === '"') { i++; break; }
        name += relation[i++];
      }
      parts.push(name);
    } else {
      let name = '';
      while (i < relation.length && relation[i] !== '.') name += relation[i++];
      parts.push(name.trim());
    }
    if (relation[i] === '.') i++;
  }
  return parts;
}

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
