import { createHash } from 'node:crypto';
import type { DatasetNode, ExpectationResult } from '../model/index.js';
import { STATE_SCHEMA, datasetRelation, quoteString } from '../model/index.js';
import { readQualityConfig, tableChecks, type TableCheck } from '../quality/index.js';
import type { RunContext } from './step-outcome.js';
import { UpdateError } from './step-outcome.js';
import type { WriteQuality } from './write-batch.js';
import type { KeyProbeRequest, ProbedChecks } from './key-probes.js';
import { rowEnd } from './row-end.js';

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
 * `stateSql` records what passed (`_weir.check_state`), for the caller's bookkeeping round trip.
 *
 * `appendedFrom`: the update only appended rows, the new ones from this rowid on (a streaming table's append, an
 * APPEND_ONLY view refresh). When the same checks passed over the older rows at the last update
 * (`_weir.check_state`), only the new rows are checked: a key is a violation when it is NULL, repeated within
 * the new rows, or already present in the older rows; a foreign key is checked for the new rows only unless its
 * parent was replaced since (another generation, or a CDC target), which checks the whole table.
 * `probed`: checks the write already answered (key-probes.ts) for a table holding exactly the written rows.
 */
export async function runTableChecks(
  ctx: RunContext, quality: DatasetQuality, displayName: string,
  /** What the update already measured, kept in the failure report when a check rolls it back. */
  before: { readonly expectations: readonly ExpectationResult[]; readonly rowsRead: number },
  appendedFrom?: number, probed?: ProbedChecks,
): Promise<{ results: ExpectationResult[]; stateSql: string[] }> {
  const { node, checks } = quality;
  if (!node || checks.length === 0) return { results: [], stateSql: [] };
  const signature = createHash('sha256').update(checks.map((c) => c.sql).join('\n')).digest('hex').slice(0, 24);
  const parents = parentGenerations(ctx, checks);
  const last = appendedFrom !== undefined && appendedFrom > 0 ? await loadCheckState(ctx, node.id) : undefined;
  const batchOk = last !== undefined && last.signature === signature;
  const rel = datasetRelation(node, ctx.compiled.graph.schema);
  const results: ExpectationResult[] = [];
  for (const check of checks) {
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
      const rows = check.examplesSql ? await ctx.db.rows(check.examplesSql) : [];
      throw new UpdateError(`${check.description} failed on ${failed} row${failed === 1 ? '' : 's'} of ${displayName} ('weir.constraints' = 'fail'): the update was rolled back`,
        check.kind === 'row-count' ? undefined : 'the informational constraint is checked by Weir; fix the data, or set \'weir.constraints\' = \'warn\'',
        { name: check.name, rows }, { expectations: [...before.expectations, ...results], rowsRead: before.rowsRead });
    }
  }
  return {
    results,
    stateSql: [`DELETE FROM ${STATE_SCHEMA}.check_state WHERE dataset = ${quoteString(node.id)}`,
      `INSERT INTO ${STATE_SCHEMA}.check_state VALUES (${quoteString(node.id)}, ${quoteString(signature)}, ${quoteString(JSON.stringify(parents))}, ${quoteString(ctx.runId)})`],
  };
}

/** The checks of a dataset that a write can answer while it counts expectations (TableCheck.probe). */
export function keyProbes(quality: DatasetQuality): KeyProbeRequest[] {
  return quality.checks.flatMap((c) => (c.probe ? [{ name: c.name, probe: c.probe }] : []));
}

/** `max(rowid) + 1` of a table before an append (0 when it does not exist yet), when the dataset has key checks. */
export async function appendStart(ctx: RunContext, quality: DatasetQuality, relation: string): Promise<number | undefined> {
  if (!quality.node || quality.node.constraints.length === 0) return undefined;
  return rowEnd(ctx.db, relation);
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
