import type { ProjectConfig } from '../model/project-config.js';

/**
 * SEMANTICS §2: a reference resolves to a pipeline dataset when its last part names one after dropping
 * `LIVE.` and the pipeline's own catalog/schema; otherwise it is an external table of the DuckDB database.
 */
export type ResolvedName =
  | { readonly kind: 'dataset'; readonly id: string }
  | { readonly kind: 'external'; readonly id: string; readonly parts: readonly string[] }
  /** `LIVE.x` with no dataset x: LIVE always means "this pipeline". */
  | { readonly kind: 'unknown-live'; readonly name: string };

export interface NameContext {
  /** The current catalog/schema (the pipeline's, or what `USE CATALOG` / `USE SCHEMA` set in this file). */
  readonly catalog?: string;
  readonly schema: string;
  /** The pipeline's own catalog/schema when USE changed the current ones: names qualified with them stay datasets. */
  readonly pipeline?: { readonly catalog?: string; readonly schema: string };
}

export function contextFor(config: Pick<ProjectConfig, 'catalog' | 'schema'>): NameContext {
  return { catalog: config.catalog, schema: config.schema };
}

/** Drops a leading LIVE and the pipeline's own catalog/schema; what remains is the meaningful name. */
export function stripOwnQualifiers(parts: readonly string[], ctx: NameContext): { parts: string[]; live: boolean } {
  let rest = [...parts];
  let live = false;
  if (rest.length > 1 && rest[0].toLowerCase() === 'live') {
    rest = rest.slice(1);
    live = true;
  }
  const lower = rest.map((p) => p.toLowerCase());
  const owns = ctx.pipeline ? [ctx, ctx.pipeline] : [ctx];
  const own = (catalog: string | undefined, schema: string): boolean => owns.some((o) =>
    (catalog === undefined || (o.catalog !== undefined && o.catalog.toLowerCase() === catalog)) && o.schema.toLowerCase() === schema);
  if (lower.length === 3 && own(lower[0], lower[1])) rest = rest.slice(2);
  else if (lower.length === 2 && own(undefined, lower[0])) rest = rest.slice(1);
  return { parts: rest, live };
}

export function resolveName(
  parts: readonly string[], datasets: { get(id: string): { readonly declaredIn?: readonly string[] } | undefined }, ctx: NameContext,
): ResolvedName {
  const { parts: rest, live } = stripOwnQualifiers(parts, ctx);
  const last = rest[rest.length - 1].toLowerCase();
  const dataset = datasets.get(last);
  if (rest.length === 1 && dataset) return { kind: 'dataset', id: last };
  // `other.y` for a dataset declared as `other.y`, `cat.sales.x` for one declared after USE SCHEMA sales: the
  // names the user gave it (Weir publishes it in the pipeline's schema, where Databricks would not).
  if (rest.length > 1 && dataset?.declaredIn?.includes(rest.slice(0, -1).join('.').toLowerCase())) return { kind: 'dataset', id: last };
  if (live) return { kind: 'unknown-live', name: rest.join('.') };
  // After USE SCHEMA s (another schema than the pipeline's), an unqualified external name is s's table, as in Spark.
  const qualified = parts.length === 1 && ctx.pipeline && ctx.schema.toLowerCase() !== ctx.pipeline.schema.toLowerCase() ? [ctx.schema, ...rest]
    // The pipeline's own catalog is the DuckDB file: `own.sales.orders` is the file's `sales.orders`.
    : rest.length === 3 && rest[0].toLowerCase() === (ctx.pipeline ?? ctx).catalog?.toLowerCase() ? rest.slice(1) : rest;
  const external = qualified.map((p) => p.toLowerCase());
  return { kind: 'external', id: `external:${external.join('.')}`, parts: qualified };
}
