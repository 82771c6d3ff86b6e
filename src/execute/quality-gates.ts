import { createHash } from 'node:crypto';
import type { DatasetNode, ExpectationResult } from '../model/index.js';
import { STATE_SCHEMA, datasetRelation, quoteString, splitRelation } from '../model/index.js';
import { readQualityConfig, tableChecks, type TableCheck } from '../quality/index.js';
import type { RunContext } from './step-outcome.js';
import { UpdateError } from './step-outcome.js';
import type { WriteQuality } from './write-batch.js';
import type { KeyProbeRequest, ProbedChecks } from './key-probes.js';
import { rowEnd } from './row-end.js';
import { exampleRows } from './example-rows.js';

/** What one dataset update needs from the dataset's quality properties (issue 7), worked out once per update. */
export interface DatasetQuality {
  readonly node: DatasetNode | undefined;
  /** Thresholds and the quarantine relation, for the writes. */
  readonly write: WriteQuality;
  /** The table-level checks (PRIMARY KEY / UNIQUE / FOREIGN KEY / row count) that can run; empty without any. */
  readonly checks: readonly TableCheck[];
}

export function datasetQuality(ctx: RunContext, datasetId: string): DatasetQuality {
  const node = ctx.compiled.graph.datasets.find((d) => d.id === datasetId);
  if (!node) return { node, write: { thresholds: new Map(), runId: ctx.runId, now: ctx.now() }, checks: [] };
  const { config } = readQualityConfig(node);
  const hasChecks = node.constraints.length > 0 || node.propertyDefs.some((p) => p.key.toLowerCase() === 'weir.expect_row_count');
  return {
    node,
    write: {
      thresholds: config.thresholds,
      ...(config.quarantine ? { quarantine: datasetRelation({ id: `${node.id}_quarantine`, published: node.published }, ctx.compiled.graph.schema) } : {}),
      runId: ctx.runId,
      now: ctx.now(),
    },
    // Column problems were reported at compile time; here only runnable checks remain.
    checks: hasChecks ? tableChecks(node, ctx.compiled.graph, config, []) : [],
  };
}

/**
 * Table-level checks (PRIMARY KEY / UNIQUE / FOREIGN KEY / row count), run on the dataset's new content inside
 * its transaction, before commit: a `fail` check (`'weir.constraints' = 'fail'`) throws, so the update rolls
 * back and no consumer ever sees the data (write-audit-publish). Results are reported like expectations;
 * `stateSql` records the checks in `_weir.check_state` only when every key check passed (the table is clean),
 * for the caller's bookkeeping round trip. `warnings`: checks that could not run (a foreign key whose parent has
 * no table yet), which make the update WARN.
 *
 * `appendedFrom`: the update only appended rows, the new ones from this rowid on (a streaming table's append, an
 * APPEND_ONLY view refresh). When the same checks passed over the older rows at the last update
 * (`_weir.check_state`), only the new rows are checked: a key is a violation when it is NULL, repeated within
 * the new rows, or already present in the older rows; a foreign key is checked for the new rows only unless its
 * parent was replaced since (another generation, or a CDC target), which checks the whole table. After a check
 * warned, no state is kept, so later updates check the whole table again and keep reporting the violations
 * still in it until it is clean.
 * `probed`: checks the write already answered (key-probes.ts) for a table holding exactly the written rows.
 */
export async function runTableChecks(
  ctx: RunContext, quality: DatasetQuality, displayName: string,
  /** What the update already measured, kept in the failure report when a check rolls it back. */
  before: { readonly expectations: readonly ExpectationResult[]; readonly rowsRead: number },
  appendedFrom?: number, probed?: ProbedChecks,
): Promise<{ results: ExpectationResult[]; stateSql: string[]; warnings: string[] }> {
  const { node, checks } = quality;
  if (!node || checks.length === 0) return { results: [], stateSql: [], warnings: [] };
  const signature = createHash('sha256').update(checks.map((c) => c.sql).join('\n')).digest('hex').slice(0, 24);
  const parents = parentGenerations(ctx, checks);
  const last = appendedFrom !== undefined && appendedFrom > 0 ? await loadCheckState(ctx, node.id) : undefined;
  const batchOk = last !== undefined && last.signature === signature;
  const rel = datasetRelation(node, ctx.compiled.graph.schema);
  const missing = await missingParents(ctx, checks);
  const results: ExpectationResult[] = [];
  const warnings: string[] = [];
  for (const check of checks) {
    if (check.parent && missing.has(check.parent.relation)) {
      // Its parent is left out of this run's selection, failed or is waiting for input, and was never built: there
      // is nothing to check against (the check's query would meet a missing table).
      warnings.push(`${check.description} not checked: ${check.parent.node.name} has no table yet (it is built by its first successful update)`);
      continue;
    }
    const row = probed?.get(check.name) ??
      (await ctx.db.rows((batchOk && batchCheckSql(rel, check, appendedFrom!, last.parents, parents)) || check.sql))[0];
    const failed = Number(row.failed);
    const total = Number(row.total);
    const status = failed === 0 ? 'pass' : check.action;
    results.push({
      name: check.name, dataset: node.id, action: check.action === 'fail' ? 'fail' : 'warn',
      passed_records: check.kind === 'row-count' ? (failed === 0 ? 1 : 0) : total - failed, failed_records: failed,
      kind: check.kind, status,
    });
    if (status === 'fail') {
      const partial = { expectations: [...before.expectations, ...results], rowsRead: before.rowsRead };
      // At the constraint or the property that failed (TableCheck.span), not at the statement.
      if (check.kind === 'row-count') {
        // The table's row count is the whole story: no example rows to list.
        throw new UpdateError(`${check.description} failed: ${displayName} has ${total} row${total === 1 ? '' : 's'} ('weir.constraints' = 'fail'): the update was rolled back`,
          undefined, undefined, partial, check.span);
      }
      const rows = check.examplesSql ? await exampleRows(ctx.db, check.examplesSql) : [];
      throw new UpdateError(`${check.description} failed on ${failed} row${failed === 1 ? '' : 's'} of ${displayName} ('weir.constraints' = 'fail'): the update was rolled back`,
        'the informational constraint is checked by Weir; fix the data, or set \'weir.constraints\' = \'warn\'',
        { name: check.name, rows }, partial, check.span);
    }
  }
  // A row count always looks at the whole table: only the key checks decide whether the next append may check
  // just its new rows.
  const clean = warnings.length === 0 && results.every((r) => r.status === 'pass' || r.kind === 'row-count');
  return {
    results,
    warnings,
    stateSql: [`DELETE FROM ${STATE_SCHEMA}.check_state WHERE dataset = ${quoteString(node.id)}`,
      ...(clean ? [`INSERT INTO ${STATE_SCHEMA}.check_state VALUES (${quoteString(node.id)}, ${quoteString(signature)}, ${quoteString(JSON.stringify(parents))}, ${quoteString(ctx.runId)})`] : [])],
  };
}

/**
 * Relations of foreign-key parents with no table or view: one catalog lookup per update with foreign keys. The
 * parent is ordered before its child (resolve/order-datasets.ts), so this is a parent left out of the selection,
 * failed or waiting for input before it was ever built, or one ordered after its child by a key cycle.
 */
async function missingParents(ctx: RunContext, checks: readonly TableCheck[]): Promise<Set<string>> {
  // A parent with a committed update has its table: no catalog lookup (information_schema costs ~20 ms a query).
  const relations = [...new Set(checks.flatMap((c) => (c.parent && !parentBuilt(ctx, c.parent.node.id) ? [c.parent.relation] : [])))];
  if (relations.length === 0) return new Set();
  const rows = await ctx.db.rows(`SELECT lower(table_schema) AS s, lower(table_name) AS t FROM information_schema.tables WHERE ${
    relations.map((r) => { const [schema, table] = splitRelation(r); return `(lower(table_schema) = ${quoteString(schema.toLowerCase())} AND lower(table_name) = ${quoteString(table.toLowerCase())})`; }).join(' OR ')}`);
  const present = new Set(rows.map((r) => `${String(r.s)}\u0000${String(r.t)}`));
  return new Set(relations.filter((r) => { const [schema, table] = splitRelation(r); return !present.has(`${schema.toLowerCase()}\u0000${table.toLowerCase()}`); }));
}

/** The checks of a dataset that a write can answer while it counts expectations (TableCheck.probe). */
export function keyProbes(quality: DatasetQuality, ctx: RunContext): KeyProbeRequest[] {
  // A foreign key's probe reads its parent inside the write's own query: only for a parent table known to exist
  // (it has a committed update); the others are checked, or skipped with a warning, by runTableChecks.
  return quality.checks.flatMap((c) => (c.probe && (!c.parent || parentBuilt(ctx, c.parent.node.id)) ? [{ name: c.name, probe: c.probe }] : []));
}

/** `max(rowid) + 1` of a table before an append (0 when it does not exist yet), when the dataset has key checks. */
export async function appendStart(ctx: RunContext, quality: DatasetQuality, relation: string): Promise<number | undefined> {
  if (!quality.node || quality.node.constraints.length === 0) return undefined;
  return rowEnd(ctx.db, relation);
}

function parentBuilt(ctx: RunContext, id: string): boolean {
  const kind = ctx.plan.steps.find((s) => s.dataset === id)?.kind;
  return ctx.states.has(id) && (kind === 'materialized-view' || kind === 'streaming-table');
}

/** Generation of every foreign-key parent; a CDC target (rows change in place) is marked -1: never append-only. */
function parentGenerations(ctx: RunContext, checks: readonly TableCheck[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of checks) {
    if (!c.parent) continue;
    const id = c.parent.node.id;
    const cdc = ctx.compiled.flows.some((f) => f.target === id && f.kind === 'cdc');
    out[id] = cdc ? -1 : ctx.states.get(id)?.generation ?? 0;
  }
  return out;
}

/**
 * Whether a dataset that is otherwise NO-OP must run its foreign-key checks again: a parent was replaced or
 * rebuilt since the last clean check (its generation moved: rows may be gone), or the last check was not clean.
 * A parent that only gained rows cannot orphan a child row. Only for datasets with foreign keys (one lookup).
 */
export async function keyChecksStale(ctx: RunContext, quality: DatasetQuality): Promise<boolean> {
  const fks = quality.checks.filter((c) => c.parent);
  if (!quality.node || fks.length === 0) return false;
  const last = await loadCheckState(ctx, quality.node.id);
  if (!last) return true;
  const now = parentGenerations(ctx, fks);
  return Object.entries(now).some(([id, g]) => g === -1 || last.parents[id] !== g);
}

async function loadCheckState(ctx: RunContext, datasetId: string): Promise<{ signature: string; parents: Record<string, number> } | undefined> {
  const rows = await ctx.db.rows(`SELECT signature, parents FROM ${STATE_SCHEMA}.check_state WHERE dataset = ${quoteString(datasetId)}`);
  if (rows.length === 0) return undefined;
  return { signature: String(rows[0].signature), parents: JSON.parse(String(rows[0].parents)) as Record<string, number> };
}

/** The new-rows-only form of a key check on table `rel`, or undefined when the whole table must be checked. */
function batchCheckSql(rel: string, check: TableCheck, from: number, before: Record<string, number>, now: Record<string, number>): string | undefined {
  const cols = check.columns;
  if (!cols) return undefined;
  if (check.kind === 'primary-key' || check.kind === 'unique') {
    const list = cols.join(', ');
    const anyNull = cols.map((x) => `${x} IS NULL`).join(' OR ');
    const on = (a: string, b: string) => cols.map((x) => `${a}.${x} = ${b}.${x}`).join(' AND ');
    // New keys: NULL, repeated among the new rows, or already among the older rows (found by a semi join). Like the
    // whole-table check, a violation counts every row of its key, old ones included.
    return `SELECT coalesce(sum(k.n + coalesce(o.old_n, 0)) FILTER (WHERE k.n > 1 OR k.has_null OR o.old_n > 0), 0)::BIGINT AS failed,
        coalesce(sum(k.n + coalesce(o.old_n, 0)), 0)::BIGINT AS total
      FROM (SELECT ${list}, count(*) AS n, bool_or(${anyNull}) AS has_null FROM ${rel} WHERE rowid >= ${from} GROUP BY ${list}) k
      LEFT JOIN (SELECT ${cols.map((x) => `old.${x}`).join(', ')}, count(*) AS old_n
        FROM (SELECT ${list} FROM ${rel} WHERE rowid < ${from}) old SEMI JOIN (SELECT ${list} FROM ${rel} WHERE rowid >= ${from}) nb ON ${on('old', 'nb')}
        GROUP BY ${cols.map((x) => `old.${x}`).join(', ')}) o
      ON ${on('k', 'o')}`;
  }
  const parent = check.parent;
  if (!parent) return undefined;
  const id = parent.node.id;
  if (now[id] === undefined || now[id] < 0 || before[id] !== now[id]) return undefined;
  // The new child rows whose non-NULL key is missing from the parent: an ANTI JOIN (for a batch, the faster form).
  const rows = `(SELECT * FROM ${rel} WHERE rowid >= ${from})`;
  const notNull = cols.map((x) => `c.${x} IS NOT NULL`).join(' AND ');
  const on = cols.map((x, i) => `c.${x} = p.${parent.columns[i]}`).join(' AND ');
  return `SELECT (SELECT count(*) FROM ${rows} c ANTI JOIN ${parent.relation} p ON ${on} WHERE ${notNull})::BIGINT AS failed, ` +
    `(SELECT count(*) FROM ${rows} c)::BIGINT AS total`;
}
