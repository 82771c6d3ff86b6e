import { PRIVATE_SCHEMA, STATE_SCHEMA, quoteIdent, quoteString } from '../../model/index.js';
import type { Database } from '../database.js';
import { nodeVersion } from '../input-fingerprint.js';
import type { RunContext } from '../step-outcome.js';
import { rowExtentSql } from '../row-end.js';

/**
 * What a materialized view read at its last refresh, per base input (views are looked through): a dataset's
 * version, generation and row end (`max(rowid) + 1`); a view's definition hash; a file source's or external
 * table's version string. Stored in `_weir.mv_inputs` in the view's own transaction.
 */
export interface InputState {
  readonly node: string;
  readonly version: number;
  readonly generation: number;
  readonly rowEnd: number;
  readonly detail: string;
}

/** An input that only gained rows: the rowid window [from, to) holds them. */
export interface AppendWindow { readonly from: number; readonly to: number }

/** An input refreshed by GROUP_AGGREGATE / ROW_BASED: its rows whose `keyColumn` is in `keysRelation` (column k) were replaced. */
export interface KeyChange { readonly keyColumn: string; readonly keysRelation: string }

export type InputChanges =
  | { readonly ok: true; readonly appended: ReadonlyMap<string, AppendWindow>; readonly replaced?: { readonly id: string } & KeyChange }
  | { readonly ok: false; readonly reason: string };

/** The base inputs of `datasetId` now (inside its transaction, after its upstream committed). */
export async function currentInputs(ctx: RunContext, datasetId: string): Promise<InputState[]> {
  const out = new Map<string, Omit<InputState, 'rowEnd'> & { relation?: string }>();
  const seen = new Set<string>();
  const walk = (id: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    for (const flow of ctx.compiled.flows.filter((f) => f.target === id)) {
      for (const input of flow.inputs) {
        const node = input.node;
        if (out.has(node)) continue;
        const step = ctx.plan.steps.find((s) => s.dataset === node);
        if (step && (step.kind === 'temporary-view' || step.kind === 'view')) {
          out.set(node, { node, version: 0, generation: 0, detail: `view:${step.definitionHash}` });
          walk(node);
        } else if (step) {
          const s = ctx.states.get(node);
          out.set(node, { node, version: s?.version ?? 0, generation: s?.generation ?? 0, detail: 'dataset', relation: step.relation });
        } else {
          out.set(node, { node, version: 0, generation: 0, detail: nodeVersion(ctx, node, () => undefined) });
        }
      }
    }
  };
  walk(datasetId);
  const list = [...out.values()];
  const ends = await rowEnds(ctx.db, ctx.atomic === true, list.flatMap((i) => (i.relation ? [i.relation] : [])));
  return list.map(({ relation, ...i }) => ({ ...i, rowEnd: relation ? ends.get(relation) ?? 0 : 0 }));
}

async function rowEnds(db: Database, atomic: boolean, relations: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (relations.length === 0) return out;
  const one = (r: string) => `(SELECT e FROM (${rowExtentSql(r, atomic)}))`;
  try {
    const row = (await db.rows(`SELECT ${relations.map((r, i) => `${one(r)} AS e${i}`).join(', ')}`))[0];
    relations.forEach((r, i) => out.set(r, Number(row[`e${i}`])));
  } catch {
    // A missing table (its update failed before it was ever created): a bind error, so the transaction stays usable.
    for (const r of relations) {
      try { out.set(r, Number((await db.rows(`SELECT ${one(r)} AS e`))[0].e)); } catch { out.set(r, 0); }
    }
  }
  return out;
}

export async function loadInputStates(db: Database, datasetId: string): Promise<Map<string, InputState>> {
  const rows = await db.rows(`SELECT node, version, generation, row_end, detail FROM ${STATE_SCHEMA}.mv_inputs WHERE dataset = ${quoteString(datasetId)}`);
  return new Map(rows.map((r) => [String(r.node), {
    node: String(r.node), version: Number(r.version), generation: Number(r.generation), rowEnd: Number(r.row_end), detail: String(r.detail),
  }]));
}

/** Records what the view read: SQL for its transaction, after the write. */
export function saveInputStatesSql(datasetId: string, inputs: readonly InputState[], runId: string): string {
  const values = inputs.map((i) => `(${quoteString(datasetId)}, ${quoteString(i.node)}, ${i.version}, ${i.generation}, ${i.rowEnd}, ${quoteString(i.detail)}, ${quoteString(runId)})`);
  return `DELETE FROM ${STATE_SCHEMA}.mv_inputs WHERE dataset = ${quoteString(datasetId)}` +
    (values.length > 0 ? `; INSERT INTO ${STATE_SCHEMA}.mv_inputs VALUES ${values.join(', ')}` : '');
}

/**
 * Which inputs changed since the last refresh, and whether every change was an append: a dataset with the
 * same generation that only ever appends (a streaming table without CDC flows, or a materialized view whose
 * refreshes since were appends: they keep the generation) gained exactly the rows [old row end, new row end).
 */
export function classifyChanges(
  ctx: RunContext, before: ReadonlyMap<string, InputState>, now: readonly InputState[],
  /** The last key change of each view refreshed by keys (`loadKeyChanges`), with the version it produced. */
  keyChanges: ReadonlyMap<string, KeyChange & { readonly version: number }> = new Map(),
): InputChanges {
  const appended = new Map<string, AppendWindow>();
  let replaced: ({ id: string } & KeyChange) | undefined;
  for (const i of now) {
    const b = before.get(i.node);
    if (!b) return { ok: false, reason: `no state recorded for input ${i.node} at the last refresh` };
    if (i.detail !== 'dataset') {
      if (b.detail === i.detail) continue;
      const what = i.node.startsWith('external:') ? `external table ${i.node.slice(9)} may have changed`
        : i.node.startsWith('files:') || ctx.listings.has(i.node) ? `the files of ${i.node} changed` : `view ${i.node} changed`;
      return { ok: false, reason: what };
    }
    if (b.detail !== 'dataset') return { ok: false, reason: `input ${i.node} changed kind` };
    if (b.version === i.version && b.generation === i.generation && b.rowEnd === i.rowEnd) continue;
    if (b.generation !== i.generation) {
      // Exactly one refresh by keys since the last refresh of this view: the rows of those keys were replaced.
      const kc = keyChanges.get(i.node);
      if (kc && kc.version === i.version && b.version === i.version - 1 && !replaced) {
        replaced = { id: i.node, keyColumn: kc.keyColumn, keysRelation: kc.keysRelation };
        continue;
      }
      return { ok: false, reason: `input ${i.node} was recomputed or fully refreshed (not only appended to)` };
    }
    if (!appendOnly(ctx, i.node)) return { ok: false, reason: `input ${i.node} applies changes (CDC), not only appends` };
    if (i.rowEnd < b.rowEnd) return { ok: false, reason: `input ${i.node} lost rows` };
    if (i.rowEnd > b.rowEnd) appended.set(i.node, { from: b.rowEnd, to: i.rowEnd });
  }
  if (replaced && appended.size > 0) return { ok: false, reason: `input ${replaced.id} had rows replaced while other inputs gained rows` };
  return { ok: true, appended, ...(replaced ? { replaced } : {}) };
}

/** Where the keys of a view's last refresh by keys are kept (replaced by its next one). */
export function keysRelation(datasetId: string): string {
  return `${quoteIdent(PRIVATE_SCHEMA)}.${quoteIdent(`__weir_changed_keys__${datasetId}`)}`;
}

export async function loadKeyChanges(db: Database): Promise<Map<string, KeyChange & { version: number }>> {
  const rows = await db.rows(`SELECT dataset, version, key_column FROM ${STATE_SCHEMA}.mv_changes`);
  return new Map(rows.map((r) => [String(r.dataset), {
    version: Number(r.version), keyColumn: String(r.key_column), keysRelation: keysRelation(String(r.dataset)),
  }]));
}

/**
 * Records how a view's refresh changed it, for the views that read it (inside its transaction): after a refresh
 * by keys, the keys (from the temporary keys table) and the key column; after any other refresh, nothing.
 */
export function saveKeyChangeSql(datasetId: string, change: { keyColumn: string; version: number; keysTable: string } | undefined, runId: string): string {
  const del = `DELETE FROM ${STATE_SCHEMA}.mv_changes WHERE dataset = ${quoteString(datasetId)}`;
  if (!change) return del;
  return [del, `CREATE OR REPLACE TABLE ${keysRelation(datasetId)} AS SELECT k FROM ${change.keysTable}`,
    `INSERT INTO ${STATE_SCHEMA}.mv_changes VALUES (${quoteString(datasetId)}, ${change.version}, ${quoteString(change.keyColumn)}, ${quoteString(runId)})`].join(';\n');
}

function appendOnly(ctx: RunContext, node: string): boolean {
  const step = ctx.plan.steps.find((s) => s.dataset === node);
  if (!step) return false;
  if (step.kind === 'materialized-view') return true;
  return step.kind === 'streaming-table' && !ctx.compiled.flows.some((f) => f.target === node && f.kind === 'cdc');
}
