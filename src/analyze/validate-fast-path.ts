import type { DuckDBConnection } from '@duckdb/node-api';
import type { CompiledDataset, CompiledFlow, CompiledSql } from '../model/compiled-pipeline.js';
import { quoteIdent } from '../model/relations.js';
import { cdcSpecDiagnostics } from './validate-cdc.js';
import { isBooleanCondition } from '../util/duckdb-settings.js';

/** A column of a bound query or stand-in: its name and DuckDB type. */
export interface Bound { name: string; type: string }

/**
 * The fast path of `validatePipeline`, for datasets that bind cleanly (nearly all of them): their statements run
 * in one open transaction (a prepared statement outside one pays for its own begin and commit) with DuckDB's
 * optimizer off (binding gives the names, types and errors; the optimizer would only rewrite the plan), and a
 * dataset with one query and expectations binds both in one prepared statement,
 * `SELECT *, (<check>) AS "__weir_check_0", ... FROM (<query>)`, whose last columns give the checks' types (an
 * expectation that is not BOOLEAN goes to the exact path, which reports WEIR4032).
 *
 * It reports nothing: when any statement fails, `dataset` returns undefined and the caller calls `settle()` and
 * redoes the dataset on the exact path, so diagnostics come from the same statements as always. Success here
 * implies success there with the same columns; where that is not certain (a name DuckDB had to de-duplicate, an
 * unbalanced parenthesis, a type whose text may not round-trip) the statements of the exact path are used. (A check
 * naming the wrapper's alias `__weir_stand_in`, reserved like Weir's other `__weir_` names, would bind only here.)
 */
export class FastPath {
  private inTransaction = false;
  private optimizerOff = false;
  /** Stand-ins created in the open transaction, to recreate if an error aborted it. */
  private pending: string[] = [];
  /** The stand-in of the dataset that failed, which the exact path must not find. */
  private undo: string | undefined;

  constructor(private readonly conn: DuckDBConnection) {}

  /**
   * Binds the flows (all present and unblocked) and checks of a dataset and creates its stand-in. With `defer`,
   * a stand-in that nothing else on this path needs yet is not created but returned as `create`, for `createAll`.
   * `declared`: the columns of a dataset with no flow, instead of binding flows.
   */
  async dataset(flows: readonly CompiledFlow[], cd: CompiledDataset, defer = false, declared?: Bound[]): Promise<{ cols: Bound[]; create?: string } | undefined> {
    await this.begin();
    const checks: CompiledSql[] = [...cd.expectations.map((ex) => ex.condition), ...cd.generated.map((g) => g.expression)];
    let created: string | undefined;
    try {
      let cols: Bound[] | undefined = declared;
      let checked = checks.length === 0;
      // A CDC target's expectations are checked on its change events (src/cdc/README.md), not on its rows.
      const only = flows.length === 1 ? flows[0].query : undefined;
      if (!cols && only && checks.length && balanced(only.sql) && checks.every((c) => balanced(c.sql))) {
        const all = await columnsOf(this.conn, `SELECT *, ${checks.map((c, i) => `(${c.sql}\n) AS "__weir_check_${i}"`).join(', ')} FROM (${only.sql}\n) AS "__weir_stand_in"`);
        const got = all.slice(0, all.length - checks.length);
        if (!expectationsBoolean(all.slice(got.length), cd)) return this.fail(created);
        if (!deduplicated(got)) {
          cols = got;
          // The checks were bound against the query's own types; the stand-in gets them back from their text.
          checked = got.every((c) => SIMPLE_TYPE.test(c.type));
        }
      }
      if (!cols) {
        for (const f of flows) {
          const c = await flowColumns(this.conn, f);
          if (!c) return this.fail(created);
          cols ??= c;
        }
      }
      if (!cols) return this.fail(created);
      const create = standInDdl(cd.relation, cols);
      if (defer && checked) return { cols, create };
      await this.conn.run(create);
      created = cd.relation;
      if (!checked && !expectationsBoolean(await columnsOf(this.conn, `SELECT ${checks.map((c) => `(${c.sql}\n)`).join(', ')} FROM ${checkedRows(flows, cd)}`), cd)) {
        return this.fail(created);
      }
      this.pending.push(create);
      return { cols };
    } catch {
      return this.fail(created);
    }
  }

  /** Runs deferred `create`s in one round trip; false when one failed (then `abandon()`). */
  async createAll(creates: readonly string[]): Promise<boolean> {
    if (creates.length === 0) return true;
    await this.begin();
    try {
      await this.conn.run(creates.join(';\n'));
      this.pending.push(...creates);
      return true;
    } catch {
      return false;
    }
  }

  private async begin(): Promise<void> {
    if (this.inTransaction) return;
    await this.conn.run(this.optimizerOff ? 'BEGIN TRANSACTION' : 'PRAGMA disable_optimizer; BEGIN TRANSACTION');
    this.inTransaction = true;
    this.optimizerOff = true;
  }

  /** Makes what this connection created visible to other connections (every dataset so far succeeded). */
  async commit(): Promise<void> {
    if (!this.inTransaction) return;
    this.inTransaction = false;
    this.pending = [];
    await this.conn.run('COMMIT');
  }

  /** Drops what this connection created since its last commit, and turns the optimizer back on. */
  async abandon(): Promise<void> {
    if (this.inTransaction) await this.conn.run('ROLLBACK');
    this.inTransaction = false;
    this.pending = [];
    this.undo = undefined;
    await this.optimizerOn();
  }

  private fail(created: string | undefined): undefined {
    this.undo = created;
    return undefined;
  }

  /** Leaves the fast path: commits the stand-ins created so far and turns the optimizer back on. */
  async settle(): Promise<void> {
    if (!this.inTransaction) return this.optimizerOn();
    this.inTransaction = false;
    const pending = this.pending;
    const undo = this.undo;
    this.pending = [];
    this.undo = undefined;
    let aborted = false;
    try {
      await this.conn.run('SELECT 1');
    } catch {
      aborted = true;
    }
    if (aborted) {
      // Some errors (an unreadable file) abort the transaction, and with it the stand-ins created since BEGIN.
      await this.conn.run('ROLLBACK');
      if (pending.length) await this.conn.run(`BEGIN TRANSACTION; ${pending.join('; ')}; COMMIT`);
    } else {
      if (undo) await this.conn.run(`DROP TABLE ${undo}`);
      await this.conn.run('COMMIT');
    }
    await this.optimizerOn();
  }

  private async optimizerOn(): Promise<void> {
    if (!this.optimizerOff) return;
    await this.conn.run('PRAGMA enable_optimizer');
    this.optimizerOff = false;
  }
}

/** The statement that creates a dataset's empty stand-in. */
export function standInDdl(relation: string, cols: readonly Bound[], replace = false): string {
  const ddl = cols.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ');
  return `CREATE ${replace ? 'OR REPLACE ' : ''}TABLE ${relation} (${ddl || '"_" INTEGER'})`;
}

async function columnsOf(conn: DuckDBConnection, sql: string): Promise<Bound[]> {
  const p = await conn.prepare(sql);
  try {
    return Array.from({ length: p.columnCount }, (_, k) => ({ name: p.columnName(k), type: p.columnType(k).toString() }));
  } finally {
    p.destroySync();
  }
}

/** The same statements as the exact path's `bindFlow`, failing on the first error. */
async function flowColumns(conn: DuckDBConnection, f: CompiledFlow): Promise<Bound[] | undefined> {
  if (f.query) return columnsOf(conn, `${f.query.sql}\n`);
  if (!f.cdc) return undefined;
  const cdc = f.cdc;
  const src = await columnsOf(conn, `${cdc.source.sql}\n`);
  // A column clause the run would refuse: the exact path reports it (pure JS, no round trip).
  if (cdcSpecDiagnostics(cdc, src).length > 0) return undefined;
  const over = `) FROM (${cdc.source.sql}\n) AS _weir_src`;
  const seq = await columnsOf(conn, `SELECT (${cdc.sequenceBy.sql}\n${over}`);
  if (cdc.deleteWhen) await columnsOf(conn, `SELECT (${cdc.deleteWhen.sql}\n${over}`);
  if (cdc.truncateWhen) await columnsOf(conn, `SELECT (${cdc.truncateWhen.sql}\n${over}`);
  const pick = new Set(cdc.columns?.columns.map((c) => c.toLowerCase()) ?? []);
  let cols = src.filter((c) => !cdc.columns || (cdc.columns.mode === 'include' ? pick.has(c.name.toLowerCase()) : !pick.has(c.name.toLowerCase())));
  if (cdc.storedAs === 2) cols = [...cols, { name: '__START_AT', type: seq[0].type }, { name: '__END_AT', type: seq[0].type }];
  return cols;
}


/** `checks`: the bound types of the dataset's expectations, then of its generated columns. */
function expectationsBoolean(checks: readonly Bound[], cd: CompiledDataset): boolean {
  return cd.expectations.every((e, i) => checks[i] !== undefined && isBooleanCondition(checks[i].type, e.condition.sql));
}

/** Types whose text creates the same type again (no alias, collation or nesting). */
const SIMPLE_TYPE = /^(?:BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL\(\d+,\s*\d+\)|VARCHAR|BLOB|DATE|TIME|TIMESTAMP|TIMESTAMP WITH TIME ZONE|INTERVAL|UUID)$/;

/** Whether DuckDB may have renamed a duplicate output name of a subquery (`a`, `a` → `a`, `a_1`). */
function deduplicated(cols: readonly Bound[]): boolean {
  const names = new Set(cols.map((c) => c.name.toLowerCase()));
  return cols.some((c) => {
    const m = /^(.*)_\d+$/s.exec(c.name);
    return m !== null && names.has(m[1].toLowerCase());
  });
}

/**
 * Whether the SQL's parentheses balance outside strings, quoted names and `--` comments, so that wrapping it in
 * `(...)` cannot change how it parses. Anything the scan does not model (block comments, dollar quotes,
 * backslash escapes) counts as unbalanced.
 */
export function balanced(sql: string): boolean {
  let depth = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql.charCodeAt(i);
    if (c === 40) depth++; // (
    else if (c === 41) { if (--depth < 0) return false; } // )
    else if (c === 39 || c === 34) { // ' "
      const end = closingQuote(sql, i, c);
      if (end < 0) return false;
      i = end;
    } else if (c === 45 && sql.charCodeAt(i + 1) === 45) { // --
      const nl = sql.indexOf('\n', i);
      if (nl < 0) return depth === 0;
      i = nl;
    } else if (c === 36 || c === 92 || (c === 47 && sql.charCodeAt(i + 1) === 42)) return false; // $ \ /*
  }
  return depth === 0;
}

function closingQuote(sql: string, start: number, quote: number): number {
  for (let i = start + 1; i < sql.length; i++) {
    const c = sql.charCodeAt(i);
    if (c === 92) return -1;
    if (c === quote) {
      if (sql.charCodeAt(i + 1) === quote) { i++; continue; }
      return i;
    }
  }
  return -1;
}

/** What a dataset's expectations are evaluated over: its rows, or a CDC target's change events (the flow's source). */
export function checkedRows(flows: readonly CompiledFlow[], cd: CompiledDataset): string {
  const source = flows.find((f) => f.cdc)?.cdc?.source.sql;
  return source ? `(${source}\n) AS "_weir_src"` : cd.relation;
}
