import type { CompiledFlow, CompiledInput } from '../model/index.js';
import { quoteString } from '../model/index.js';
import type { Database } from './database.js';
import { rowEnd } from './row-end.js';
import type { RunContext } from './step-outcome.js';
import { UpdateError } from './step-outcome.js';
import type { Checkpoint, LedgerEntry } from './state-store.js';
import { loadCheckpoints, loadLedger } from './state-store.js';

/** One streaming dataset input's window [from, to) and the upstream generation it belongs to. */
export interface StreamWindow { readonly input: CompiledInput; readonly from: number; readonly to: number; readonly generation: number }
/** One file input's files for this run. */
export interface FileBatch { readonly input: CompiledInput; readonly files: readonly LedgerEntry[] }

export interface FlowInputs {
  readonly windows: readonly StreamWindow[];
  readonly files: readonly FileBatch[];
  /** True when some incremental input has something new. */
  readonly hasNew: boolean;
  /** True when the flow reads anything incrementally (STREAM(x) or files in an append flow). */
  readonly incremental: boolean;
  readonly warnings: readonly string[];
}

/**
 * SEMANTICS §3: a streaming read of x covers the rows appended since the flow's checkpoint — offsets recorded
 * against an older generation of x (x was fully refreshed since) restart at 0; file inputs of an append flow
 * cover the files not in the flow's ledger (by path; a file whose size or mtime changed is reported, not
 * re-read, like Auto Loader's default). Batch (non-STREAM) file reads cover every matched file.
 * Call inside the dataset's transaction so the snapshot read here is the one written.
 */
export async function resolveFlowInputs(ctx: RunContext, flow: CompiledFlow, appendFlow: boolean): Promise<FlowInputs> {
  const windows: StreamWindow[] = [];
  const files: FileBatch[] = [];
  const warnings: string[] = [];
  let checkpoints: Map<string, Checkpoint> | undefined;
  let incremental = false;
  let hasNew = false;
  for (const input of flow.inputs) {
    if (input.fromVariable && input.toVariable && input.streaming) {
      incremental = true;
      checkpoints ??= await loadCheckpoints(ctx.db, flow.id);
      const generation = ctx.states.get(input.node)?.generation ?? 0;
      const cp = checkpoints.get(input.node);
      const from = cp && cp.generation === generation ? cp.offset : 0;
      const to = await datasetRowEnd(ctx, input.node);
      windows.push({ input, from, to: Math.max(to, from), generation });
      if (to > from) hasNew = true;
    } else if (input.filesVariable) {
      const listed = ctx.listings.get(input.node) ?? [];
      if (appendFlow) {
        incremental = true;
        const ledger = await loadLedger(ctx.db, flow.id, input.node);
        const fresh: LedgerEntry[] = [];
        for (const f of listed) {
          const seen = ledger.get(f.path);
          if (!seen) fresh.push(f);
          else if (seen.size !== f.size || seen.mtimeMs !== f.mtimeMs) {
            warnings.push(`${f.path} changed since it was ingested; it is not read again (run --full-refresh to reprocess)`);
          }
        }
        files.push({ input, files: fresh });
        if (fresh.length > 0) hasNew = true;
      } else {
        if (listed.length === 0) {
          throw new UpdateError(`no file matches ${(input.globs ?? []).join(', ')} (read by flow ${flow.id})`,
            'check the path, or that the folder is mounted');
        }
        files.push({ input, files: listed });
      }
    }
  }
  return { windows, files, hasNew, incremental, warnings };
}

/** max(rowid) + 1 of a dataset (0 when it does not exist yet): the end of the window a stream may read now. */
async function datasetRowEnd(ctx: RunContext, datasetId: string): Promise<number> {
  const step = ctx.plan.steps.find((s) => s.dataset === datasetId);
  return step ? rowEnd(ctx.db, step.relation) : 0;
}

/** Binds the DuckDB variables the compiled SQL reads (src/model/relations.ts) for one batch. */
export async function bindVariables(db: Database, windows: readonly StreamWindow[], files: readonly FileBatch[]): Promise<void> {
  const sets: string[] = [];
  for (const w of windows) {
    sets.push(`SET VARIABLE ${w.input.fromVariable} = ${w.from}::BIGINT`, `SET VARIABLE ${w.input.toVariable} = ${w.to}::BIGINT`);
  }
  for (const f of files) {
    sets.push(`SET VARIABLE ${f.input.filesVariable} = [${f.files.map((x) => quoteString(x.path)).join(', ')}]::VARCHAR[]`);
  }
  // One round trip for all of them.
  if (sets.length > 0) await db.run(sets.join(';\n'));
}

/** Splits file inputs into micro-batches of at most `maxFilesPerTrigger` files (all new files are read this run). */
export function fileChunks(files: readonly FileBatch[]): FileBatch[][] {
  const chunked = files.find((f) => f.input.maxFilesPerTrigger !== undefined && f.input.maxFilesPerTrigger > 0 && f.files.length > f.input.maxFilesPerTrigger);
  if (!chunked || files.length !== 1) return [files.slice()];
  const size = chunked.input.maxFilesPerTrigger!;
  const out: FileBatch[][] = [];
  for (let i = 0; i < chunked.files.length; i += size) out.push([{ input: chunked.input, files: chunked.files.slice(i, i + size) }]);
  return out;
}
