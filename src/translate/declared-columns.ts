import type { SqlFragment } from '../model/ast.js';
import type { DatasetNode } from '../model/pipeline-graph.js';
import { quoteIdent, quoteString } from '../model/relations.js';
import { lex } from '../sql/lexer.js';
import { joinGenerated, type Piece } from './pieces.js';
import { TRUNCATING_CASTS, truncatingCast } from './spark-arithmetic.js';
import { readSparkType } from './spark-type.js';
import { around, translateFragment, type PipelineEnv } from './translate-fragment.js';
import { DECLARED_ALIAS, DECLARED_CLOSE, DECLARED_OPEN } from '../model/declared-wrapper.js';

/**
 * A table's column list is its schema (dialect reference §2.2–2.4; Delta enforces it): the rows a query flow
 * writes are shaped to it here, so every path that runs the flow (the runner, target/compiled/*.sql, validate,
 * lineage) writes and reports the same schema. The flow's query is wrapped:
 *
 *   SELECT CAST("s" AS VARCHAR) AS "s", coalesce(CAST(trunc(CAST("a" AS DOUBLE)) AS INTEGER), error('...')) AS "a",
 *          (<generated expression>) AS "g", COLUMNS(* EXCLUDE ("s", "a")) FROM (<query>) AS "__weir_declared"
 *
 * - declared columns in declared order, matched to the query's by name (DuckDB names are case-insensitive; never
 *   by position), cast to the declared type (Spark names → DuckDB, spark-type.ts);
 * - `GENERATED ALWAYS AS` columns computed from the query's row, in their declared place;
 * - a `NOT NULL` column holding NULL fails the update naming the dataset and column (coalesce evaluates error()
 *   only for a NULL, so this costs one pass);
 * - a declared column the query does not produce fails when DuckDB binds the wrapper (validate, run);
 * - query columns the list does not declare stay, after the declared ones (`COLUMNS(* EXCLUDE ...)` selects none
 *   when there are none). Where the query's columns are known, compile reports them (WEIR4059,
 *   src/compiler/check-declared-columns.ts), so the declared schema is what runs; where they are not known at
 *   compile time (`SELECT *` over files not sampled yet) the rows keep them rather than lose data silently.
 * Temporary views and persisted views are not wrapped: their lists carry names only (§2.5).
 */
export function hasDeclaredSchema(d: DatasetNode | undefined): boolean {
  return d !== undefined && d.columns.length > 0 && (d.kind === 'materialized-view' || d.kind === 'streaming-table');
}

export function declaredColumnsWrapper(d: DatasetNode, query: SqlFragment, inner: readonly Piece[], env: PipelineEnv, fillMissing = false): Piece[] {
  // Generated expressions were translated (and their problems reported) once, for the dataset.
  const quiet: PipelineEnv = { ...env, diagnostics: [] };
  // One relation in FROM: column names need no qualifier (short SQL: 10,000 datasets' wrappers are parsed for lineage).
  const q = quoteIdent(DECLARED_ALIAS);
  const gen = (text: string): Piece => around(text, query);
  const head: Piece[] = [gen('SELECT ')];
  // Delta enforces NOT NULL on the rows written, after expectations dropped theirs: a row a DROP ROW rule drops
  // (its condition not TRUE) may hold the NULL (`CONSTRAINT has_id EXPECT (id IS NOT NULL) ON VIOLATION DROP ROW`).
  const drops = d.expectations.filter((e) => e.action === 'drop').map((e) => `(${translatedText(e.condition, quiet)}) IS TRUE`);
  const dropsPass = drops.length > 0 ? drops.join(' AND ') : undefined;
  d.columns.forEach((c, i) => {
    const type = c.type ? readSparkType(lex(c.type).tokens, 0) : undefined;
    const value: Piece[] = c.generated
      ? [gen('('), ...(c.generated.file === query.file ? translateFragment(c.generated, quiet) : [gen(translatedText(c.generated, quiet))]), gen(')')]
      : [gen(quoteIdent(c.name))];
    // Integer types truncate toward zero, as Spark's store assignment does (DuckDB's CAST rounds).
    const cast: Piece[] = !type || type.error ? value
      : TRUNCATING_CASTS.has(type.text) ? truncatingCast<Piece[]>(value, type.text, 'CAST', c.generated ? 'other' : 'simple').flatMap((p) => (typeof p === 'string' ? [gen(p)] : p))
        : [gen('CAST('), ...value, gen(` AS ${type.text})`)];
    const fail = `error(${quoteString(`${d.name}: column ${c.name} is declared NOT NULL, and the query gives it a NULL`)})`;
    const checked: Piece[] = c.notNull
      ? [gen('coalesce('), ...cast, gen(dropsPass ? `, CASE WHEN ${dropsPass} THEN ${fail} END)` : `, ${fail})`)]
      : cast;
    head.push(gen(i ? ', ' : ''), ...checked, gen(` AS ${quoteIdent(c.name)}`));
  });
  const own = d.columns.filter((c) => !c.generated).map((c) => quoteIdent(c.name));
  if (own.length) head.push(gen(`, COLUMNS(* EXCLUDE (${own.join(', ')}))`));
  else head.push(gen(', *'));
  if (!fillMissing || !d.columns.some((c) => !c.generated)) return [...joinGenerated([...head, gen(DECLARED_OPEN)]), ...inner, gen(DECLARED_CLOSE)];
  // A flow of several may not produce every declared column: UNION ALL BY NAME with an empty row of the declared
  // columns adds the ones it lacks, as NULL (a declared NOT NULL one then fails the update, as in Delta).
  const empty = d.columns.filter((c) => !c.generated).map((c) => {
    const type = c.type ? readSparkType(lex(c.type).tokens, 0) : undefined;
    return `CAST(NULL AS ${type && !type.error ? type.text : 'VARCHAR'}) AS ${quoteIdent(c.name)}`;
  });
  return [...joinGenerated([...head, gen(' FROM (SELECT * FROM (\n')]), ...inner,
    gen(`\n) UNION ALL BY NAME SELECT ${empty.join(', ')} WHERE false) AS ${q}`)];
}

function translatedText(f: SqlFragment, env: PipelineEnv): string {
  return translateFragment(f, env).map((p) => p.text).join('');
}

/** WEIR4058's words: compile (known query columns), validate and the run (a file source's columns, known late). */
export function declaredColumnMissingMessage(dataset: string, column: string): string {
  return `${dataset} declares column '${column}', which its query does not produce`;
}
