import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CompiledFlow, CompiledInput } from '../model/index.js';
import { quoteString } from '../model/index.js';
import { RESCUE_ERRORS, RESCUE_SCANS, rescuedVariable } from '../translate/file-reader.js';
import type { Database } from './database.js';
import { missingFolder } from './list-files.js';
import { displayPath, rejectedSince, scanMark, type RejectedLine } from './rejected-rows.js';
import { rowEnd } from './row-end.js';
import type { RunContext } from './step-outcome.js';
import { UpdateError } from './step-outcome.js';
import type { Checkpoint, LedgerEntry } from './state-store.js';
import { loadCheckpoints, loadLedger } from './state-store.js';
import { streamStartOffset } from './stream-source-check.js';

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
 * against an older generation of x (x was fully refreshed since) fail the update (stream-source-check.ts); file inputs of an append flow
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
      const from = streamStartOffset(ctx, flow, input.node, cp, generation);
      const to = await datasetRowEnd(ctx, input.node);
      windows.push({ input, from, to: Math.max(to, from), generation });
      if (to > from) hasNew = true;
    } else if (input.filesVariable) {
      const listed = ctx.listings.get(input.node) ?? [];
      // A folder that does not exist is a mistake (a typo, an unmounted volume), not "no new input yet".
      const missing = listed.length === 0 ? (input.globs ?? []).map(missingFolder).find((m) => m !== undefined) : undefined;
      if (missing !== undefined) {
        // Reported at the read_files(...) call in the user's file.
        const at = ctx.compiled.graph.flows.find((f) => f.id === flow.id)?.inputs.find((i) => i.node === input.node)?.span;
        throw new UpdateError(`input folder ${displayPath(missing)} does not exist: no file matches ${(input.globs ?? []).join(', ')} (read by flow ${flow.id})`,
          'check the path (a relative path is read from the project folder) or that the volume is mounted', undefined, undefined, at);
      }
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

/** What binding one batch found in its files (malformed records, see file-reader.ts and README "Malformed input"). */
export interface BoundBatch {
  /** Malformed records taken out of the batch and not rescued: the caller records and counts them as dropped. */
  readonly rejected: readonly RejectedLine[];
  /** Malformed records bound as rows of the rescued-data column, by column name. */
  readonly rescued: ReadonlyMap<string, readonly RejectedLine[]>;
  /** File inputs left with no readable file (every line malformed): the batch cannot be read. */
  readonly emptied: readonly CompiledInput[];
  /**
   * The folder of the cleaned copies, when the batch read any: a copy's path is this folder + the original path,
   * so `_metadata.file_path` values of its rows carry it (the caller strips it).
   */
  readonly copies?: string;
  /** Removes the cleaned copies (call when the update is over). */
  cleanup(): void;
}

/**
 * Binds the DuckDB variables the compiled SQL reads (src/model/relations.ts) for one batch. Before that, per
 * file input: a CSV source with a rescued-data column is scanned once (its `rescueScan`) and the lines its
 * reader rejects are bound as rescued rows; with `lenient` (an update retried after DuckDB met a malformed JSON
 * line), the batch's JSON files are checked line by line and a file with malformed lines is read from a cleaned
 * copy (the lines blanked, so line numbers stay), the lines being rescued or returned as rejected.
 */
export async function bindVariables(
  db: Database, windows: readonly StreamWindow[], files: readonly FileBatch[], lenient = false,
): Promise<BoundBatch> {
  const sets: string[] = [];
  const rejected: RejectedLine[] = [];
  const rescued = new Map<string, RejectedLine[]>();
  const emptied: CompiledInput[] = [];
  let copies: string | undefined;
  for (const w of windows) {
    sets.push(`SET VARIABLE ${w.input.fromVariable} = ${w.from}::BIGINT`, `SET VARIABLE ${w.input.toVariable} = ${w.to}::BIGINT`);
  }
  for (const f of files) {
    const input = f.input;
    const filesVar = input.filesVariable!;
    let paths = f.files.map((x) => x.path);
    let bad: RejectedLine[] = [];
    if (input.malformed?.rescueScan && paths.length > 0) {
      await db.run(`SET VARIABLE ${filesVar} = ${pathList(paths)}`);
      const mark = await scanMark(db, RESCUE_ERRORS);
      await db.run(input.malformed.rescueScan);
      bad = await rejectedSince(db, RESCUE_ERRORS, RESCUE_SCANS, mark);
    } else if (lenient && input.format === 'json' && !input.malformed?.failFast) {
      const kept: string[] = [];
      for (const path of paths) {
        const found = await malformedJson(db, path, input.malformed?.multiLine === true);
        if (found.lines.length === 0) { kept.push(path); continue; }
        bad.push(...found.lines);
        if (found.whole || found.valid === 0) continue;
        copies ??= mkdtempSync(join(tmpdir(), 'weir-cleaned-'));
        // Mirrors the original path, so a file name (and a date in a folder name) read from the path is the same.
        const copy = join(copies, path);
        mkdirSync(dirname(copy), { recursive: true });
        const skip = new Set(found.lines.map((l) => l.line));
        writeFileSync(copy, readFileSync(path, 'utf8').split('\n').map((l, i) => (skip.has(i + 1) ? '' : l)).join('\n'));
        kept.push(copy);
      }
      paths = kept;
      if (kept.length === 0 && f.files.length > 0) emptied.push(input);
    }
    if (input.rescuedDataColumn) {
      // Always bound (to an empty list when nothing was rescued): a variable outlives the batch that set it.
      if (bad.length > 0) rescued.set(input.rescuedDataColumn, [...(rescued.get(input.rescuedDataColumn) ?? []), ...bad]);
      sets.push(`SET VARIABLE ${rescuedVariable(filesVar)} = [${bad.map(rescuedRow).join(', ')}]::STRUCT(file VARCHAR, rescued VARCHAR)[]`);
    } else {
      rejected.push(...bad);
    }
    sets.push(`SET VARIABLE ${filesVar} = ${pathList(paths)}`);
  }
  // One round trip for all of them.
  if (sets.length > 0) await db.run(sets.join(';\n'));
  return { rejected, rescued, emptied, ...(copies ? { copies } : {}), cleanup: () => { if (copies) rmSync(copies, { recursive: true, force: true }); } };
}

function pathList(paths: readonly string[]): string {
  return `[${paths.map(quoteString).join(', ')}]::VARCHAR[]`;
}

/** A rescued row's file and its rescued-data value: the raw record, where it is and why it was rejected. */
function rescuedRow(l: RejectedLine): string {
  const value = JSON.stringify({ _corrupt_record: l.text, _file_path: l.file, ...(l.line !== undefined ? { _line: l.line } : {}), _error: l.error });
  return `{'file': ${quoteString(l.file)}, 'rescued': ${quoteString(value)}}`;
}

/** True for DuckDB's errors about a JSON record it could not parse (what a lenient retry can take out). */
export function isMalformedJson(e: unknown): boolean {
  return /Malformed JSON in file/i.test(e instanceof Error ? e.message : String(e));
}

/**
 * The malformed lines of one JSON file, by DuckDB's own parser (`json_valid`): newline-delimited files line by
 * line (blank lines are skipped, as DuckDB's reader does), a whole-file (`multiLine`) file as one record.
 */
async function malformedJson(db: Database, path: string, whole: boolean): Promise<{ lines: RejectedLine[]; valid: number; whole: boolean }> {
  const file = `read_text(${quoteString(path)})`;
  if (whole) {
    const r = await db.rows(`SELECT json_valid(content) AS ok, left(content, 1000) AS text FROM ${file}`);
    if (r[0]?.ok !== false) return { lines: [], valid: 1, whole };
    return { lines: [{ file: path, errorType: 'MALFORMED JSON', error: 'the file is not valid JSON', text: String(r[0].text) }], valid: 0, whole };
  }
  const rows = await db.rows(`WITH l AS (SELECT i, rtrim(ls[i], chr(13)) AS line FROM (SELECT string_split(content, chr(10)) AS ls FROM ${file}),
      range(1, len(ls) + 1) t(i) WHERE trim(ls[i]) <> '')
    SELECT -1 AS i, NULL AS line, count(*) FILTER (WHERE json_valid(line)) AS valid FROM l
    UNION ALL SELECT i, line, NULL FROM l WHERE NOT json_valid(line) ORDER BY i`);
  const lines = rows.filter((r) => Number(r.i) > 0).map((r) => ({
    file: path, line: Number(r.i), errorType: 'MALFORMED JSON', error: 'not a valid JSON record', text: String(r.line),
  }));
  const valid = Number(rows.find((r) => Number(r.i) === -1)?.valid ?? 0);
  return { lines, valid, whole };
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
