/**
 * The naming contract between translate (which writes input references into compiled DuckDB SQL) and
 * the runner (which binds them per run). Compiled SQL is stable text that runs as written in any DuckDB
 * client: per-run values (stream offsets, the list of new files) come in through DuckDB variables
 * (`SET VARIABLE` / `getvariable`), which default to "read everything" when unset.
 */

/** Weir's state: event log, checkpoints, file ledger. */
export const STATE_SCHEMA = '_weir';
/** Private tables, temporary views, CDC tombstones and other internal datasets. */
export const PRIVATE_SCHEMA = '_weir_private';

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Keeps variable names to `[a-z0-9_]` so they need no quoting. */
function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
}

/** Where a dataset lives in the DuckDB file. */
export function datasetRelation(dataset: { readonly id: string; readonly published: boolean }, schema: string): string {
  return `${quoteIdent(dataset.published ? schema : PRIVATE_SCHEMA)}.${quoteIdent(dataset.id)}`;
}

/**
 * Stream offsets: a streaming read of dataset `x` by flow `f` reads the rows of `x` whose `rowid` is in
 * [from, to). Streaming tables are append-only, so rowids only grow; the runner records `to` as the flow's
 * checkpoint after a successful update and resets it when `x` is fully refreshed.
 */
export function streamFromVariable(flowId: string, nodeId: string): string {
  return `weir_from__${slug(flowId)}__${slug(nodeId)}`;
}
export function streamToVariable(flowId: string, nodeId: string): string {
  return `weir_to__${slug(flowId)}__${slug(nodeId)}`;
}

export function streamRelation(
  dataset: { readonly id: string; readonly published: boolean }, schema: string, flowId: string,
): string {
  const from = streamFromVariable(flowId, dataset.id);
  const to = streamToVariable(flowId, dataset.id);
  return `(SELECT * FROM ${datasetRelation(dataset, schema)} WHERE rowid >= coalesce(getvariable('${from}'), 0)` +
    ` AND rowid < coalesce(getvariable('${to}'), 9223372036854775807))`;
}

/**
 * File sources: the list of files a flow reads this run (new files only for a streaming read, all matched
 * files for a batch read). The compiled reader call is `read_json(coalesce(getvariable('<var>'), [<glob>]), ...)`.
 */
export function filesVariable(flowId: string, sourceId: string): string {
  return `weir_files__${slug(flowId)}__${slug(sourceId)}`;
}

/**
 * The graph node of a file source. Two readers share a node (one file listing per run, keyed by node) only when
 * they select the same files, so an option that narrows WHICH files are read (`pathGlobFilter`,
 * `fileNamePattern`) is part of the id: `read_files('data/c', pathGlobFilter => '*.csv')` is
 * node `files:data/c/**` + `/*.csv` (the glob it reads, relative as written).
 * Without one the id is `files:<path as written>`, the id manifests, lineage and file ledgers already use.
 */
export function fileSourceId(path: string, options: Readonly<Record<string, string>>): string {
  const filter = fileSourceFilter(options);
  return filter === undefined ? `files:${path}` : `files:${filteredPath(path.split('\\').join('/'), filter)}`;
}

/** `pathGlobFilter` / `fileNamePattern` (also with Auto Loader's `cloudFiles.` prefix): a glob on file names. */
export function fileSourceFilter(options: Readonly<Record<string, string>>): string | undefined {
  for (const key of ['pathglobfilter', 'filenamepattern']) {
    for (const [k, v] of Object.entries(options)) if (k.toLowerCase().replace(/^cloudfiles\./, '') === key && v !== '') return v;
  }
  return undefined;
}

/**
 * A path with its file-name filter applied: a folder (no wildcard, no extension) is read recursively, so the
 * filter applies at any depth (`dir/**` + `/<filter>`); a glob's last part is replaced by the filter; a single file is
 * read as it is.
 */
export function filteredPath(path: string, filter: string | undefined): string {
  const hasGlob = /[*?[{]/.test(path);
  const last = path.replace(/\/$/, '').split('/').pop() ?? '';
  if (!hasGlob && (path.endsWith('/') || !last.includes('.'))) return `${path.replace(/\/$/, '')}/**/${filter ?? '*'}`;
  if (filter && hasGlob) return `${path.slice(0, path.lastIndexOf('/') + 1) || './'}${filter}`;
  return path;
}

/**
 * Splits a quoted, dotted relation (`"_weir_private"."customers__cdc"`) into its parts. Unquoted parts are
 * accepted too. Used for CDC state-table names and by the runner's view resolver.
 */
export function splitRelation(relation: string): string[] {
  const parts: string[] = [];
  let i = 0;
  while (i < relation.length) {
    if (relation[i] === '"') {
      let name = '';
      i++;
      while (i < relation.length) {
        if (relation[i] === '"' && relation[i + 1] === '"') { name += '"'; i += 2; continue; }
        if (relation[i] === '"') { i++; break; }
        name += relation[i++];
      }
      parts.push(name);
    } else {
      let name = '';
      while (i < relation.length && relation[i] !== '.') name += relation[i++];
      parts.push(name.trim());
    }
    if (relation[i] === '.') i++;
  }
  return parts;
}
