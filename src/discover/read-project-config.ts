import { statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { error, info, warning, type Diagnostic } from '../model/diagnostic.js';
import type { ProjectConfig } from '../model/project-config.js';
import type { Span } from '../model/span.js';
import { didYouMean } from '../util/did-you-mean.js';
import { DiscoverCodes } from './codes.js';
import type { FoundSpec } from './find-spec-file.js';

/** Top-level fields Weir understands (SEMANTICS §1). `storage` is SDP's checkpoint root: accepted, ignored. */
export const KNOWN_FIELDS = [
  'name', 'libraries', 'definitions', 'catalog', 'database', 'schema', 'configuration', 'database_path',
  'macros', 'vars', 'target_path', 'publish', 'storage',
] as const;

export interface ConfigOverrides {
  readonly cwd: string;
  readonly conf?: Record<string, string>;
  readonly vars?: Record<string, unknown>;
  readonly databasePath?: string;
  readonly targetPath?: string;
}

/** One `libraries` entry normalised to a glob, with where it was written (for "matches nothing"). */
export interface LibraryEntry {
  readonly glob: string;
  readonly span?: Span;
}

export interface ReadConfigResult {
  readonly config: ProjectConfig;
  readonly libraries: readonly LibraryEntry[];
  /** True when `libraries` was absent: the default glob applies and its exclusions too. */
  readonly defaultLibraries: boolean;
  readonly diagnostics: readonly Diagnostic[];
}

export const DEFAULT_LIBRARY_GLOB = '**/*.sql';

/**
 * Parses the spec text into a ProjectConfig. Never fails: problems become diagnostics with spans into the
 * spec file (`file` = its project-relative name) and defaults fill the gaps, so callers can still show
 * every problem at once. Callers must check for errors before using the config.
 */
export function readProjectConfig(spec: FoundSpec, text: string, overrides: ConfigOverrides): ReadConfigResult {
  const root = dirname(spec.path);
  const file = basename(spec.path);
  const diagnostics: Diagnostic[] = [];
  const sp = (node: { range?: [number, number, number] | null } | null | undefined): Span | undefined =>
    node?.range ? { file, start: node.range[0], end: node.range[1] } : undefined;

  const doc = parseDocument(text, { prettyErrors: false });
  for (const e of doc.errors) {
    diagnostics.push(error(DiscoverCodes.YAML_SYNTAX, `invalid YAML: ${e.message.split(' at line')[0]}`,
      { file, start: e.pos[0], end: Math.max(e.pos[1], e.pos[0] + 1) }));
  }

  const fields = new Map<string, Pair<Node, Node | null>>();
  const keySpans: Record<string, Span> = {};
  const contents = doc.contents;
  if (contents && !isMap(contents)) {
    diagnostics.push(error(DiscoverCodes.WRONG_TYPE, `${file} must be a mapping of fields (name, libraries, ...)`, sp(contents)));
  } else if (contents) {
    for (const pair of (contents as YAMLMap<Node, Node | null>).items) {
      if (!isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      const keySpan = sp(pair.key);
      if (keySpan) keySpans[key] = keySpan;
      if (!(KNOWN_FIELDS as readonly string[]).includes(key)) {
        const near = didYouMean(key, KNOWN_FIELDS);
        diagnostics.push(warning(DiscoverCodes.UNKNOWN_FIELD, `unknown field \`${key}\` in ${file}`, keySpan, {
          hint: near ? `did you mean \`${near}\`?` : `known fields: ${[...KNOWN_FIELDS].sort().join(', ')}`,
        }));
        continue;
      }
      fields.set(key, pair);
    }
  }

  const str = (key: string): string | undefined => {
    const pair = fields.get(key);
    if (!pair || pair.value === null || pair.value === undefined) return undefined;
    if (isScalar(pair.value) && pair.value.value !== null && typeof pair.value.value !== 'object') return String(pair.value.value);
    diagnostics.push(error(DiscoverCodes.WRONG_TYPE, `\`${key}\` must be a string`, sp(pair.value)));
    return undefined;
  };

  let name = str('name');
  // A `name` that is not a string was reported by str() (WEIR1005): not also "has no name".
  const namePair = fields.get('name');
  const wrongType = name === undefined && namePair?.value != null && !(isScalar(namePair.value) && namePair.value.value === null);
  if ((name === undefined && !wrongType) || name?.trim() === '') {
    diagnostics.push(error(DiscoverCodes.MISSING_NAME, `${file} has no \`name\``,
      keySpans.name ?? { file, start: 0, end: 0 }, { hint: 'add a line `name: my_pipeline`' }));
    name = basename(root);
  }
  name ??= basename(root);

  const catalog = str('catalog');
  const database = str('database');
  const schemaField = str('schema');
  if (database !== undefined && schemaField !== undefined) {
    diagnostics.push(warning(DiscoverCodes.DATABASE_AND_SCHEMA, '`database` and `schema` are aliases; `database` wins',
      keySpans.schema, { hint: 'keep only one of them' }));
  }
  const schema = database ?? schemaField ?? 'main';

  const configuration: Record<string, string> = {};
  for (const [k, v, s] of mapEntries(fields.get('configuration'), 'configuration', diagnostics, sp)) {
    if (v === null || v === undefined || typeof v !== 'object') configuration[k] = v === null || v === undefined ? '' : String(v);
    else diagnostics.push(error(DiscoverCodes.WRONG_TYPE, `configuration value \`${k}\` must be a string`, s));
  }
  for (const pair of mapPairs(fields.get('configuration'))) {
    const s = sp(pair.key);
    if (s && isScalar(pair.key)) keySpans[`configuration.${String(pair.key.value)}`] = s;
  }
  Object.assign(configuration, overrides.conf ?? {});

  const vars: Record<string, unknown> = {};
  for (const [k, v] of mapEntries(fields.get('vars'), 'vars', diagnostics, sp)) vars[k] = v;
  Object.assign(vars, overrides.vars ?? {});

  const publishText = str('publish');
  let publish: ProjectConfig['publish'] = 'per-dataset';
  if (publishText === 'atomic' || publishText === 'per-dataset') publish = publishText;
  else if (publishText !== undefined) {
    const near = didYouMean(publishText, ['atomic', 'per-dataset']);
    diagnostics.push(error(DiscoverCodes.BAD_VALUE, `\`publish\` must be \`atomic\` or \`per-dataset\`, not \`${publishText}\``,
      sp(fields.get('publish')?.value), { hint: near ? `did you mean \`${near}\`?` : 'use `publish: atomic` or `publish: per-dataset`' }));
  }

  const { libraries, defaulted } = readLibraries(fields.get('libraries') ?? fields.get('definitions'), file, diagnostics, sp);

  const macroPaths: string[] = [];
  const macrosPair = fields.get('macros');
  if (macrosPair) {
    for (const [folder, s] of stringList(macrosPair, 'macros', diagnostics, sp)) {
      const abs = resolve(root, folder);
      if (!isDirectory(abs)) {
        diagnostics.push(warning(DiscoverCodes.MISSING_MACRO_FOLDER, `macro folder \`${folder}\` does not exist`, s));
      } else macroPaths.push(abs);
    }
  } else if (isDirectory(join(root, 'macros'))) macroPaths.push(join(root, 'macros'));

  const targetRel = str('target_path');
  const dbRel = str('database_path');
  const targetPath = overrides.targetPath !== undefined ? resolve(overrides.cwd, overrides.targetPath) : resolve(root, targetRel ?? 'target');
  // A target path that is a file would fail the first artifact written (caches, scripts): a bad value, said now.
  if (statSync(targetPath, { throwIfNoEntry: false })?.isDirectory() === false) {
    diagnostics.push(error(DiscoverCodes.TARGET_NOT_FOLDER, `the target path ${targetPath} is a file, not a folder`,
      overrides.targetPath === undefined ? keySpans.target_path : undefined,
      { hint: overrides.targetPath !== undefined ? 'pass --target-path <folder>' : 'set target_path to a folder (default: target)' }));
  }
  const databasePath = overrides.databasePath !== undefined
    ? resolve(overrides.cwd, overrides.databasePath)
    : dbRel !== undefined ? (isAbsolute(dbRel) ? dbRel : resolve(root, dbRel)) : join(targetPath, `${name}.duckdb`);

  if (fields.has('definitions') && !fields.has('libraries')) {
    diagnostics.push(info(DiscoverCodes.UNKNOWN_FIELD, '`definitions` is the old name of `libraries`', keySpans.definitions,
      { hint: 'rename it to `libraries`' }));
  }

  const config: ProjectConfig = {
    name, root, specFile: spec.path, specKind: spec.kind,
    libraries: libraries.map((l) => l.glob),
    ...(catalog !== undefined ? { catalog } : {}),
    schema, configuration, databasePath, macroPaths, vars, targetPath, publish, keySpans,
  };
  // Report in file order, whatever order the checks ran in.
  diagnostics.sort((a, b) => (a.span?.start ?? -1) - (b.span?.start ?? -1));
  return { config, libraries, defaultLibraries: defaulted, diagnostics };
}

type SpanOf = (node: { range?: [number, number, number] | null } | null | undefined) => Span | undefined;

function mapPairs(pair: Pair<Node, Node | null> | undefined): Pair<Node, Node | null>[] {
  return pair && isMap(pair.value) ? (pair.value as YAMLMap<Node, Node | null>).items : [];
}

/** Entries of a string-keyed map field as plain JS values, with the value's span. */
function mapEntries(pair: Pair<Node, Node | null> | undefined, key: string, diagnostics: Diagnostic[], sp: SpanOf): [string, unknown, Span | undefined][] {
  if (!pair || pair.value === null || (isScalar(pair.value) && pair.value.value === null)) return [];
  if (!isMap(pair.value)) {
    diagnostics.push(error(DiscoverCodes.WRONG_TYPE, `\`${key}\` must be a mapping of keys to values`, sp(pair.value)));
    return [];
  }
  return (pair.value as YAMLMap<Node, Node | null>).items.map((p) => [
    isScalar(p.key) ? String(p.key.value) : String(p.key),
    p.value === null ? null : (p.value as Node).toJSON(),
    sp(p.value ?? p.key),
  ]);
}

/** A string or a list of strings (for `macros`). */
function stringList(pair: Pair<Node, Node | null>, key: string, diagnostics: Diagnostic[], sp: SpanOf): [string, Span | undefined][] {
  const v = pair.value;
  if (isScalar(v) && typeof v.value === 'string') return [[v.value, sp(v)]];
  if (isSeq(v)) {
    const out: [string, Span | undefined][] = [];
    for (const item of v.items as (Node | null)[]) {
      if (isScalar(item) && typeof item.value === 'string') out.push([item.value, sp(item)]);
      else diagnostics.push(error(DiscoverCodes.WRONG_TYPE, `each entry of \`${key}\` must be a folder path`, sp(item)));
    }
    return out;
  }
  diagnostics.push(error(DiscoverCodes.WRONG_TYPE, `\`${key}\` must be a folder or a list of folders`, sp(v)));
  return [];
}

/**
 * `libraries` in the SDP form (`- glob: {include: pattern}`), the Databricks bundle forms
 * (`- file: {path: p}`, `- notebook: {path: p}`) and plain strings all normalise to globs.
 */
function readLibraries(pair: Pair<Node, Node | null> | undefined, file: string, diagnostics: Diagnostic[], sp: SpanOf): { libraries: LibraryEntry[]; defaulted: boolean } {
  if (!pair || pair.value === null || (isScalar(pair.value) && pair.value.value === null)) {
    return { libraries: [{ glob: DEFAULT_LIBRARY_GLOB }], defaulted: true };
  }
  if (!isSeq(pair.value)) {
    if (isScalar(pair.value) && typeof pair.value.value === 'string') return { libraries: [{ glob: pair.value.value, span: sp(pair.value) }], defaulted: false };
    diagnostics.push(error(DiscoverCodes.WRONG_TYPE, '`libraries` must be a list', sp(pair.value), {
      hint: 'write `libraries:` followed by lines `  - glob:\\n      include: transformations/**`',
    }));
    return { libraries: [], defaulted: false };
  }
  const out: LibraryEntry[] = [];
  for (const item of pair.value.items as (Node | null)[]) {
    if (isScalar(item) && typeof item.value === 'string') {
      out.push({ glob: item.value, span: sp(item) });
      continue;
    }
    if (isMap(item) && item.items.length === 1 && isScalar(item.items[0].key)) {
      const kind = String(item.items[0].key.value);
      const inner = item.items[0].value as Node | null;
      const wanted = kind === 'glob' ? 'include' : 'path';
      if (['glob', 'file', 'notebook'].includes(kind) && isMap(inner)) {
        const target = inner.items.find((p) => isScalar(p.key) && p.key.value === wanted);
        if (target && isScalar(target.value) && typeof target.value.value === 'string') {
          out.push({ glob: target.value.value, span: sp(target.value as Node) });
          const extra = inner.items.filter((p) => p !== target);
          for (const p of extra) {
            const k = isScalar(p.key) ? String(p.key.value) : '?';
            diagnostics.push(warning(DiscoverCodes.UNKNOWN_FIELD, `unknown field \`${k}\` in a \`${kind}\` library entry`, sp(p.key as Node), {
              hint: `a \`${kind}\` entry has only \`${wanted}\``,
            }));
          }
          continue;
        }
        const k = inner.items[0] && isScalar(inner.items[0].key) ? String(inner.items[0].key.value) : undefined;
        diagnostics.push(error(DiscoverCodes.WRONG_TYPE, `a \`${kind}\` library entry needs \`${wanted}: <pattern>\``,
          sp(inner.items[0]?.key as Node | undefined) ?? sp(item), { hint: k ? `did you mean \`${wanted}\` instead of \`${k}\`?` : `add \`${wanted}: <pattern>\`` }));
        continue;
      }
      const near = didYouMean(kind, ['glob', 'file', 'notebook']);
      diagnostics.push(error(DiscoverCodes.WRONG_TYPE, `unsupported library entry \`${kind}\` in ${file}`, sp(item.items[0].key as Node), {
        hint: near && near !== kind ? `did you mean \`${near}\`?` : 'use `- glob:\\n    include: <pattern>` or a plain path',
      }));
      continue;
    }
    diagnostics.push(error(DiscoverCodes.WRONG_TYPE, 'a library entry must be a path or `glob: {include: <pattern>}`', sp(item)));
  }
  return { libraries: out, defaulted: false };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
