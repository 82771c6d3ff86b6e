import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CompiledFlow, CompiledInput } from '../model/index.js';
import { quoteString } from '../model/index.js';
import { RESCUE_ERRORS, RESCUE_SCANS, rescuedStructType, rescuedVariable } from '../translate/file-reader.js';
import type { Database } from './database.js';
import { missingFolder } from './list-files.js';
import { checkJsonFile } from './json-lines.js';
import { displayPath, rejectedSince, scanMark, type RejectedLine } from './rejected-rows.js';
import { existingRowExtent, type RowExtent } from './row-end.js';
import type { RunContext } from './step-outcome.js';
import { UpdateError } from './step-outcome.js';
import type { Checkpoint, LedgerEntry } from './state-store.js';
import { loadCheckpoints, loadLedger } from './state-store.js';
import { checkLastRowRead, streamStartOffset } from './stream-source-check.js';

/**
 * One streaming dataset input's window [from, to) of row ids and the upstream generation it belongs to;
 * `checkpoint` is the offset to record (`to`, except in an `--atomic` run reading rows appended earlier in the
 * same transaction: `to` is then Infinity, as their ids run past the end until commit renumbers them, row-end.ts).
 */
export interface StreamWindow {
  readonly input: CompiledInput; readonly from: number; readonly to: number; readonly generation: number; readonly checkpoint: number;
  /** A hash of the upstream's last row, the one just below `checkpoint` once committed (recorded with it: stream-source-check.ts). */
  readonly lastRowHash: string;
}
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
      const extent = await datasetRowExtent(ctx, input.node, input.relation, from);
      if (cp && from > 0) checkLastRowRead(ctx, flow, input.node, cp, extent.belowHash ?? '');
      const end = Math.max(extent.end, from);
      windows.push({ input, from, to: extent.uncommitted > 0 ? Infinity : end, generation, checkpoint: end, lastRowHash: extent.lastHash ?? '' });
      if (extent.end > from) hasNew = true;
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
        // By path across the flow's sources: a source whose glob is now spelled differently (or whose id now names
        // its filter) keeps its ingested files ingested.
        const ledger = await loadLedger(ctx.db, flow.id);
        const fresh: LedgerEntry[] = [];
        for (const f of listed) {
          const seen = ledger.get(f.path);
          if (!seen) fresh.push(f);
          else if (seen.size !== f.size || seen.mtimeMs !== f.mtimeMs) {
            warnings.push(`${f.path} changed since it was ingested; it is not read again (run --full-refresh ${flow.target} to reprocess)`);
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


/** The row ids of a dataset (none when it does not exist yet): the end of the window a stream may read now. */
async function datasetRowExtent(ctx: RunContext, datasetId: string, external: string | undefined, below: number): Promise<RowExtent> {
  const step = ctx.plan.steps.find((s) => s.dataset === datasetId);
  const none: RowExtent = { end: 0, uncommitted: 0 };
  const opts = { atomic: ctx.atomic === true, below };
  if (step) return existingRowExtent(ctx.db, step.relation, opts).catch(() => none);
  if (!external) return none;
  try {
    // A missing external table is not read as empty: a view has no row ids, and reading it as empty would
    // silently never read it.
    return await existingRowExtent(ctx.db, external, opts);
  } catch (e) {
    throw new UpdateError(`STREAM(${external}) cannot be read incrementally: ${(e as Error).message.split('\n')[0]}`,
      'STREAM of a table outside the pipeline reads the rows appended to it since the last update: it must be a table (not a view) that exists');
  }
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
 * line or a value its declared type cannot hold), or a rescued column over a declared schema, the batch's JSON
 * files are checked line by line (json-lines.ts) and a file with such lines is read from a cleaned copy (bad
 * lines blanked so line numbers stay, records kept with their misfits moved to the rescued column rewritten), the
 * malformed lines being rescued or returned as rejected. Pass `lenient` (even false) only when the caller takes
 * the BoundBatch back: its copies, rejected and rescued lines.
 */
export async function bindVariables(
  db: Database, windows: readonly StreamWindow[], files: readonly FileBatch[], lenient?: boolean,
): Promise<BoundBatch> {
  const sets: string[] = [];
  const rejected: RejectedLine[] = [];
  const rescued = new Map<string, RejectedLine[]>();
  const emptied: CompiledInput[] = [];
  let copies: string | undefined;
  for (const w of windows) {
    // An open window (Infinity) reaches the uncommitted rows' ids too (row-end.ts).
    sets.push(`SET VARIABLE ${w.input.fromVariable} = ${w.from}::BIGINT`,
      `SET VARIABLE ${w.input.toVariable} = ${Number.isFinite(w.to) ? w.to : '9223372036854775807'}::BIGINT`);
  }
  for (const f of files) {
    const input = f.input;
    const filesVar = input.filesVariable!;
    let paths = f.files.map((x) => x.path);
    let bad: RejectedLine[] = [];
    // Records kept, with what did not fit their schema in the rescued column: reported, not bound as extra rows.
    const partial: RejectedLine[] = [];
    // A retried update (DuckDB could not read a CSV file): lines whose quotes do not close are taken out first.
    if (lenient && input.format === 'csv' && !input.malformed?.failFast && paths.length > 0) {
      const kept: string[] = [];
      for (const path of paths) {
        const text = readFileSync(path, 'utf8');
        const found = unclosedQuoteLines(text, input.malformed?.csvFields?.quote ?? '"');
        if (found.size === 0) { kept.push(path); continue; }
        copies ??= mkdtempSync(join(tmpdir(), 'weir-cleaned-'));
        const lines = text.split('\n');
        kept.push(writeCleanedCopy(copies, path, lines, (l, n) => (found.has(n) ? '' : l)));
        for (const n of found) {
          bad.push({ file: path, line: n, errorType: 'UNQUOTED VALUE', text: lines[n - 1],
            error: 'a quote that does not close on its line: Spark reads a CSV record per line' });
        }
      }
      paths = kept;
    }
    if (input.malformed?.rescueScan && paths.length > 0) {
      await db.run(`SET VARIABLE ${filesVar} = ${pathList(paths)}`);
      const mark = await scanMark(db, RESCUE_ERRORS);
      await db.run(input.malformed.rescueScan);
      bad = [...bad, ...await rejectedSince(db, RESCUE_ERRORS, RESCUE_SCANS, mark)];
    } else if (checksJson(input, lenient) && paths.length > 0) {
      const kept: string[] = [];
      const schema = input.malformed?.jsonSchema;
      for (const path of paths) {
        const found = await checkJsonFile(db, path, {
          multiLine: input.malformed?.multiLine === true, ...(schema ? { schema } : {}),
          ...(input.rescuedDataColumn ? { rescued: input.rescuedDataColumn } : {}),
        });
        if (found.rejected.length === 0 && found.rewritten.size === 0) { kept.push(path); continue; }
        bad.push(...found.rejected);
        partial.push(...found.rescued);
        if (found.whole || found.kept <= 0) continue;
        copies ??= mkdtempSync(join(tmpdir(), 'weir-cleaned-'));
        const skip = new Set(found.rejected.map((l) => l.line));
        kept.push(writeCleanedCopy(copies, path, readFileSync(path, 'utf8').split('\n'), (l, n) => (skip.has(n) ? '' : found.rewritten.get(n) ?? l)));
      }
      paths = kept;
      if (kept.length === 0 && f.files.length > 0) emptied.push(input);
    }
    if (input.rescuedDataColumn) {
      // Always bound (to an empty list when nothing was rescued): a variable outlives the batch that set it.
      if (bad.length + partial.length > 0) rescued.set(input.rescuedDataColumn, [...(rescued.get(input.rescuedDataColumn) ?? []), ...bad, ...partial]);
      const fields = input.malformed?.csvFields;
      sets.push(`SET VARIABLE ${rescuedVariable(filesVar)} = [${bad.map((l) => rescuedRow(l, fields)).join(', ')}]::${rescuedStructType(fields !== undefined)}[]`);
    } else {
      rejected.push(...bad);
    }
    sets.push(`SET VARIABLE ${filesVar} = ${pathList(paths)}`);
  }
  // One round trip for all of them.
  if (sets.length > 0) await db.run(sets.join(';\n'));
  return { rejected, rescued, emptied, ...(copies ? { copies } : {}), cleanup: () => { if (copies) rmSync(copies, { recursive: true, force: true }); } };
}

/**
 * Writes a cleaned copy of `path` under `copies` (each line through `line`, given its 1-based number; a blanked
 * line keeps the others' numbers) and returns its path. It mirrors the original path, so a file name (and a date
 * in a folder name) read from the path is the same.
 */
function writeCleanedCopy(copies: string, path: string, lines: readonly string[], line: (text: string, n: number) => string): string {
  const copy = join(copies, path);
  mkdirSync(dirname(copy), { recursive: true });
  writeFileSync(copy, lines.map((l, i) => line(l, i + 1)).join('\n'));
  return copy;
}

/** 1-based numbers of the lines of a CSV text with an odd number of quote characters (doubled quotes count twice). */
function unclosedQuoteLines(text: string, quote: string): Set<number> {
  const out = new Set<number>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) if ((lines[i].split(quote).length - 1) % 2 === 1) out.add(i + 1);
  return out;
}

function pathList(paths: readonly string[]): string {
  return `[${paths.map(quoteString).join(', ')}]::VARCHAR[]`;
}

/**
 * A rescued row's file and its rescued-data value: the raw record, where it is and why it was rejected; with a
 * declared CSV schema, also the line's fields (NULL when their number is not the schema's).
 */
function rescuedRow(l: RejectedLine, csv: NonNullable<CompiledInput['malformed']>['csvFields']): string {
  const value = JSON.stringify({ _corrupt_record: l.text, _file_path: l.file, ...(l.line !== undefined ? { _line: l.line } : {}), _error: l.error });
  const head = `{'file': ${quoteString(l.file)}, 'rescued': ${quoteString(value)}`;
  if (!csv) return `${head}}`;
  const fields = splitCsvLine(l.text.replace(/\r?\n$/, ''), csv.delim, csv.quote);
  const list = fields?.length === csv.count ? `[${fields.map((f) => (f === '' ? 'NULL' : quoteString(f))).join(', ')}]::VARCHAR[]` : 'NULL';
  return `${head}, 'fields': ${list}}`;
}

/** The fields of one CSV line (a doubled quote inside quotes is a quote); undefined when a quote is not closed. */
function splitCsvLine(line: string, delim: string, quote: string): string[] | undefined {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === quote && line[i + 1] === quote) { field += quote; i++; } else if (ch === quote) quoted = false; else field += ch;
    } else if (ch === quote) quoted = true;
    else if (line.startsWith(delim, i)) { out.push(field); field = ''; i += delim.length - 1; } else field += ch;
  }
  if (quoted) return undefined;
  out.push(field);
  return out;
}

/** True for DuckDB's errors about a JSON record it could not parse (what a lenient retry can take out). */
export function isMalformedJson(e: unknown): boolean {
  // A value of the wrong type for a declared schema ("JSON transform error ... Failed to cast value") is checked
  // for on the retry too (json-lines.ts): Databricks' PERMISSIVE mode never fails a stream for it.
  return /Malformed JSON in file|JSON transform error in file/i.test(e instanceof Error ? e.message : String(e));
}

/** True for DuckDB's errors about a CSV file it could not read (a quote that never closes): a lenient retry can take the lines out. */
export function isMalformedCsv(e: unknown): boolean {
  return /Error when sniffing file|unterminated quote/i.test(e instanceof Error ? e.message : String(e));
}

/**
 * Whether a JSON input's files are checked line by line before the batch: after DuckDB refused a record
 * (`lenient`, the update's retry), or from the start when a rescued-data column and a declared schema are asked
 * for (fields the schema does not name never make DuckDB fail, yet Databricks rescues them). `lenient` undefined:
 * the caller reads the batch without taking cleaned copies or rejected lines back (a materialized view, a CDC
 * source), so nothing is checked and the reader stays as compiled.
 */
function checksJson(input: CompiledInput, lenient: boolean | undefined): boolean {
  if (input.format !== 'json' || input.malformed?.failFast || lenient === undefined) return false;
  return lenient || (input.rescuedDataColumn !== undefined && input.malformed?.jsonSchema !== undefined);
}

/** Splits file inputs into micro-batches of at most `maxFilesPerTrigger` files (all new files are read this run). */
export function fileChunks(files: readonly FileBatch[]): FileBatch[][] {
  const chunked = files.find((f) => f.input.maxFilesPerTrigger !== undefined && f.input.maxFilesPerTrigger > 0 && f.files.length > f.input.maxFilesPerTrigger);
  if (files.length !== 1) return [files.slice()];
  const size = chunked ? chunked.input.maxFilesPerTrigger! : files[0].files.length;
  const out: FileBatch[][] = [];
  for (let i = 0; i < files[0].files.length; i += size) {
    const part = files[0].files.slice(i, i + size);
    for (const run of files[0].input.csvHeader ? sameHeaderRuns(part) : [part]) out.push([{ input: files[0].input, files: run }]);
  }
  return out.length > 0 ? out : [files.slice()];
}

/**
 * Consecutive files with the same first line. A CSV batch is read with one file's columns (DuckDB), so a file
 * that adds a column (Spark merges it) starts a batch of its own: schema evolution then adds the column, as
 * when the files arrive one run at a time.
 */
function sameHeaderRuns(files: readonly LedgerEntry[]): LedgerEntry[][] {
  const runs: LedgerEntry[][] = [];
  let last: string | undefined;
  for (const f of files) {
    const header = firstLine(f.path);
    if (runs.length === 0 || header !== last) runs.push([]);
    runs[runs.length - 1].push(f);
    last = header;
  }
  return runs;
}

/** The first line of a file (its first 64 KB), '' when unreadable or compressed (read with the others). */
function firstLine(path: string): string {
  if (/\.(gz|zst|bz2)$/i.test(path)) return '';
  try {
    const fd = openSync(path, 'r');
    try {
      const buf = Buffer.alloc(65536);
      const n = readSync(fd, buf, 0, buf.length, 0);
      const text = buf.subarray(0, n).toString('utf8');
      const end = text.search(/\r?\n/);
      return end < 0 ? text : text.slice(0, end);
    } finally {
      closeSync(fd);
    }
  } catch {
    return '';
  }
}
