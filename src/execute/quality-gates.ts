import { createHash } from 'node:crypto';
import type { DatasetNode, ExpectationResult, PipelineGraph, TableConstraint } from '../model/index.js';
import { STATE_SCHEMA, datasetRelation, quoteIdent, quoteString } from '../model/index.js';
import { readQualityConfig, tableChecks, type TableCheck } from '../quality/index.js';
import type { RunContext } from './step-outcome.js';
import { UpdateError } from './step-outcome.js';
import type { WriteQuality } from './write-batch.js';
import type { KeyProbeRequest, ProbedChecks } from './key-probes.js';
import { rowEnd } from './row-end.js';

/** Thresholds and the quarantine relation of one dataset, from its TBLPROPERTIES (issue 7). */
export function writeQuality(ctx: RunContext, datasetId: string): WriteQuality {
  const node = ctx.compiled.graph.datasets.find((d) => d.id === datasetId);
  if (!node) return { thresholds: new Map(), runId: ctx.runId, now: ctx.now() };
  const { config } = readQualityConfig(node);
  return {
    thresholds: config.thresholds,
    ...(config.quarantine ? { quarantine: datasetRelation({ id: `${node.id}_quarantine`, published: node.published }, ctx.compiled.graph.schema) } : {}),
    runId: ctx.runId,
    now: ctx.now(),
  };
}

/**
 * Table-level checks (PRIMARY KEY / UNIQUE / FOREIGN KEY / row count), run on the dataset's new content inside
 * its transaction, before commit: a `fail` check (`'weir.constraints' = 'fail'`) throws, so the update rolls
 * back and no consumer ever sees the data (write-audit-publish). Results are reported like expectations.
 *
 * `appendedFrom`: the update only appended rows, the new ones from this rowid on (a streaming table's append, an
 * APPEND_ONLY view refresh). When the same checks passed over the older rows at the last update
 * (`_weir.check_state`), only the new rows are checked: a key is a violation when it is NULL, repeated within
 * the new rows, or already present in the older rows; a foreign key is checked for the new rows only unless its
 * parent was replaced since (another generation, or a CDC target), which checks the whole table.
 * `probed`: checks the write already answered (key-probes.ts) for a table holding exactly the written rows.
 */
export async function runTableChecks(
  ctx: RunContext, datasetId: string, displayName: string,
  /** What the update already measured, kept in the failure report when a check rolls it back. */
  before: { readonly expectations: readonly ExpectationResult[]; readonly rowsRead: number },
  appendedFrom?: number, probed?: ProbedChecks,
): Promise<ExpectationResult[]> {
  const node = ctx.compiled.graph.datasets.find((d) => d.id === datasetId);
  if (!node || (node.constraints.length === 0 && !node.propertyDefs.some((p) => p.key.toLowerCase() === 'weir.expect_row_count'))) return [];
  const { config } = readQualityConfig(node);
  // Column problems were reported at compile time; here only runnable checks remain.
  const checks = tableChecks(node, ctx.compiled.graph, config, []);
  const signature = createHash('sha256').update(checks.map((c) => c.sql).join('\n')).digest('hex').slice(0, 24);
  const parents = parentGenerations(ctx, node);
  const last = appendedFrom !== undefined && appendedFrom > 0 ? await loadCheckState(ctx, datasetId) : undefined;
  const batchOk = last !== undefined && last.signature === signature;
  const results: ExpectationResult[] = [];
  for (const check of checks) {
    const row = probed?.get(check.name) ?? (await ctx.db.rows(
      (batchOk && batchCheckSql(ctx, node, check, appendedFrom!, last.parents, parents)) || foreignKeySql(ctx, node, check) || check.sql))[0];
    const failed = Number(row.failed);
    const total = Number(row.total);
    const status = failed === 0 ? 'pass' : check.action;
    results.push({
      name: check.name, dataset: datasetId, action: check.action === 'fail' ? 'fail' : 'warn',
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
  if (checks.length > 0) {
    await ctx.db.run(`DELETE FROM ${STATE_SCHEMA}.check_state WHERE dataset = ${quoteString(datasetId)}; ` +
      `INSERT INTO ${STATE_SCHEMA}.check_state VALUES (${quoteString(datasetId)}, ${quoteString(signature)}, ${quoteString(JSON.stringify(parents))}, ${quoteString(ctx.runId)})`);
  }
  return results;
}

/** The checks of a dataset that a write can answer while it counts expectations (TableCheck.probe). */
export function keyProbes(ctx: RunContext, datasetId: string): KeyProbeRequest[] {
  const node = ctx.compiled.graph.datasets.find((d) => d.id === datasetId);
  if (!node || node.constraints.length === 0) return [];
  const { config } = readQualityConfig(node);
  return tableChecks(node, ctx.compiled.graph, config, []).flatMap((c) => (c.probe ? [{ name: c.name, probe: c.probe }] : []));
}

/** `max(rowid) + 1` of a table before an append (0 when it does not exist yet), when the dataset has key checks. */
export async function appendStart(ctx: RunContext, datasetId: string, relation: string): Promise<number | undefined> {
  const node = ctx.compiled.graph.datasets.find((d) => d.id === datasetId);
  if (!node || node.constraints.length === 0) return undefined;
  return rowEnd(ctx.db, relation);
}

/** Generation of every foreign-key parent; a CDC target (rows change in place) is marked -1: never append-only. */
function parentGenerations(ctx: RunContext, node: DatasetNode): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of node.constraints) {
    const parent = fkParent(ctx.compiled.graph, c);
    if (!parent) continue;
    const cdc = ctx.compiled.flows.some((f) => f.target === parent.id && f.kind === 'cdc');
    out[parent.id] = cdc ? -1 : ctx.states.get(parent.id)?.generation ?? 0;
  }
  return out;
}

function fkParent(graph: PipelineGraph, c: TableConstraint): DatasetNode | undefined {
  if (c.kind !== 'foreign-key' || !c.references) return undefined;
  const parts = c.references.table.parts;
  return graph.datasets.find((d) => d.id === parts[parts.length - 1].toLowerCase());
}

async function loadCheckState(ctx: RunContext, datasetId: string): Promise<{ signature: string; parents: Record<string, number> } | undefined> {
  const rows = await ctx.db.rows(`SELECT signature, parents FROM ${STATE_SCHEMA}.check_state WHERE dataset = ${quoteString(datasetId)}`);
  if (rows.length === 0) return undefined;
  return { signature: String(rows[0].signature), parents: JSON.parse(String(rows[0].parents)) as Record<string, number> };
}

/** The new-rows-only form of a key check, or undefined when the whole table must be checked. */
function batchCheckSql(
  ctx: RunContext, node: DatasetNode, check: TableCheck, from: number, before: Record<string, number>, now: Record<string, number>,
): string | undefined {
  const c = node.constraints.find((x) => check.name === constraintName(node, ctx.compiled.graph, x));
  if (!c) return undefined;
  const rel = datasetRelation(node, ctx.compiled.graph.schema);
  const cols = c.columns.map((x) => quoteIdent(x.name));
  if (c.kind === 'primary-key' || c.kind === 'unique') {
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
  const parent = fkParent(ctx.compiled.graph, c);
  if (!parent || now[parent.id] === undefined || now[parent.id] < 0 || before[parent.id] !== now[parent.id]) return undefined;
  return fkSql(ctx, c, parent, `(SELECT * FROM ${rel} WHERE rowid >= ${from})`, true);
}

/** The whole-table form of a one-column foreign key check (see `fkSql`); undefined for other checks. */
function foreignKeySql(ctx: RunContext, node: DatasetNode, check: TableCheck): string | undefined {
  if (check.kind !== 'foreign-key') return undefined;
  const c = node.constraints.find((x) => check.name === constraintName(node, ctx.compiled.graph, x));
  const parent = c && fkParent(ctx.compiled.graph, c);
  if (!c || !parent || c.columns.length !== 1) return undefined;
  return fkSql(ctx, c, parent, datasetRelation(node, ctx.compiled.graph.schema));
}

/**
 * Child rows of `rows` whose non-NULL key is missing from the parent. A whole one-column table: `NOT IN` over the
 * parent's non-NULL keys, which always hashes the parent (an ANTI JOIN may hash the just-written child table
 * instead, whose statistics DuckDB does not have yet: 5x slower at 10M rows). A batch, or several columns: an
 * ANTI JOIN (for a batch it was the faster of the two).
 */
function fkSql(ctx: RunContext, c: TableConstraint, parent: DatasetNode, rows: string, batch = false): string | undefined {
  const cols = c.columns.map((x) => quoteIdent(x.name));
  const parentPk = parent.constraints.find((k) => k.kind === 'primary-key');
  const parentCols = (c.references!.columns.length ? c.references!.columns : parentPk ? parentPk.columns : c.columns).map((x) => quoteIdent(x.name));
  if (parentCols.length !== cols.length) return undefined;
  const notNull = cols.map((x) => `c.${x} IS NOT NULL`).join(' AND ');
  const prel = datasetRelation(parent, ctx.compiled.graph.schema);
  const failed = cols.length === 1 && !batch
    ? `SELECT count(*) FROM ${rows} c WHERE ${notNull} AND c.${cols[0]} NOT IN (SELECT ${parentCols[0]} FROM ${prel} WHERE ${parentCols[0]} IS NOT NULL)`
    : `SELECT count(*) FROM ${rows} c ANTI JOIN ${prel} p ON ${cols.map((x, i) => `c.${x} = p.${parentCols[i]}`).join(' AND ')} WHERE ${notNull}`;
  return `SELECT (${failed})::BIGINT AS failed, (SELECT count(*) FROM ${rows} c)::BIGINT AS total`;
}

/** The name src/quality/checks/table-checks.ts gives a constraint's check. */
function constraintName(node: DatasetNode, graph: PipelineGraph, c: TableConstraint): string {
  if (c.name) return c.name;
  const cols = c.columns.map((x) => x.name).join(',');
  if (c.kind === 'primary-key') return `pk_${node.id}(${cols})`;
  if (c.kind === 'unique') return `unique_${node.id}(${cols})`;
  return `fk_${node.id}(${cols})->${fkParent(graph, c)?.id ?? ''}`;
}
