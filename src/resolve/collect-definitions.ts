import type { CdcSpec, CreateDatasetStatement, ParsedFile, QualifiedName, SqlFragment } from '../model/ast.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { error, info, warning } from '../model/diagnostic.js';
import type { DatasetNode, FlowKind } from '../model/pipeline-graph.js';
import type { ProjectConfig } from '../model/project-config.js';
import type { Span } from '../model/span.js';
import { ResolveCodes } from './codes.js';
import { stripOwnQualifiers, type NameContext } from './name-resolver.js';

/** A flow before its inputs are resolved. */
export interface FlowDraft {
  readonly id: string;
  readonly name: string;
  readonly targetName: QualifiedName;
  readonly kind: FlowKind;
  readonly once: boolean;
  readonly implicit: boolean;
  readonly query?: SqlFragment;
  readonly cdc?: CdcSpec;
  readonly comment?: string;
  readonly conf: Readonly<Record<string, string>>;
  readonly file: string;
  readonly span: Span;
  /** The USE context in effect where the flow was written. */
  readonly ctx: NameContext;
}

export interface Definitions {
  readonly datasets: Map<string, DatasetNode>;
  readonly statements: Map<string, CreateDatasetStatement>;
  readonly flows: FlowDraft[];
}

const KIND_FLOW: Record<DatasetNode['kind'], FlowKind> = {
  'materialized-view': 'complete',
  'streaming-table': 'append',
  'temporary-view': 'complete',
  view: 'complete',
};

/**
 * Walks every statement of every file in order (SET and USE apply to the statements after them in the
 * same file; each file starts from the pipeline defaults, as in Spark SDP) and collects datasets and flows.
 */
export function collectDefinitions(files: readonly ParsedFile[], config: ProjectConfig, diagnostics: Diagnostic[]): Definitions {
  const datasets = new Map<string, DatasetNode>();
  const statements = new Map<string, CreateDatasetStatement>();
  const flows: FlowDraft[] = [];
  const base: NameContext = { catalog: config.catalog, schema: config.schema };

  for (const file of files) {
    let ctx: NameContext = base;
    let conf: Record<string, string> = {};
    for (const st of file.statements) {
      switch (st.kind) {
        case 'set':
          if (st.value !== undefined) conf = { ...conf, [st.key]: st.value };
          diagnostics.push(...unappliedSetting(st.key, st.value, st.span));
          break;
        case 'use':
          // The pipeline's own catalog/schema stay "own" after USE (SEMANTICS §2).
          ctx = st.target === 'catalog'
            ? { catalog: st.name.parts[st.name.parts.length - 1], schema: ctx.schema, pipeline: base }
            : { catalog: st.name.parts.length > 1 ? st.name.parts[0] : ctx.catalog, schema: st.name.parts[st.name.parts.length - 1], pipeline: base };
          break;
        case 'create-dataset': {
          const node = datasetNode(st, file.path, ctx, diagnostics);
          const prev = datasets.get(node.id);
          if (prev) {
            diagnostics.push(error(ResolveCodes.DuplicateDataset, `dataset '${node.name}' is defined twice`, node.nameSpan, {
              related: [{ span: prev.nameSpan, message: `'${prev.name}' is first defined here` }],
              hint: 'dataset names are unique across all files of a pipeline (case-insensitive); rename one of them',
            }));
            break;
          }
          datasets.set(node.id, node);
          statements.set(node.id, st);
          if (st.query) {
            flows.push({
              id: node.id, name: node.name, targetName: st.name, kind: KIND_FLOW[node.kind], once: false,
              implicit: true, query: st.query, conf, file: file.path, span: st.span, ctx,
            });
          }
          if (st.inlineCdc) {
            flows.push({
              id: node.id, name: node.name, targetName: st.name, kind: 'cdc', once: st.inlineCdc.once, implicit: true,
              cdc: st.inlineCdc, conf, file: file.path, span: st.span, ctx,
            });
          }
          break;
        }
        case 'create-flow': {
          const b = st.body;
          checkName('flow', st.name.name, st.name.span, diagnostics);
          const common = { id: st.name.name.toLowerCase(), name: st.name.name, implicit: false, comment: st.comment, conf, file: file.path, span: st.span, ctx };
          if (b.kind === 'insert') flows.push({ ...common, targetName: b.target, kind: 'append', once: b.once, query: b.query });
          else flows.push({ ...common, targetName: b.spec.target, kind: 'cdc', once: b.spec.once, cdc: b.spec });
          break;
        }
        case 'apply-changes': {
          // Databricks names a legacy APPLY CHANGES flow after its target.
          const target = stripOwnQualifiers(st.spec.target.parts, ctx).parts;
          const name = target[target.length - 1];
          flows.push({
            id: name.toLowerCase(), name, targetName: st.spec.target, kind: 'cdc', once: st.spec.once, implicit: false,
            cdc: st.spec, conf, file: file.path, span: st.span, ctx,
          });
          break;
        }
      }
    }
  }
  return { datasets, statements, flows };
}

/** Ids are lower case, so only the lower-case built-ins clash: `__proto__` and `constructor`. */
const PROTOTYPE_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype).filter((n) => n === n.toLowerCase()));

/**
 * Why `name` cannot name a dataset or flow, or undefined when it can. A name becomes a file name
 * (`target/compiled/<name>.sql`) and a key of the manifest's objects, so it must not be a path or empty, and
 * must not be a property of `Object.prototype` (`__proto__` would change an object's prototype and vanish;
 * `constructor` would find the built-in where the key is absent).
 * Unity Catalog rejects `/` and control characters in table names too.
 */
function invalidNameReason(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (name === '.' || name === '..') return 'it is a relative path';
  if (/[/\\]/.test(name)) return 'it contains a path separator';
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'it contains a control character';
  if (PROTOTYPE_KEYS.has(name.toLowerCase())) return 'it is a built-in property of JavaScript objects, and Weir keys target/manifest.json by name';
  return undefined;
}

function checkName(what: 'dataset' | 'flow', name: string, span: Span, diagnostics: Diagnostic[]): void {
  const reason = invalidNameReason(name);
  if (reason === undefined) return;
  diagnostics.push(error(ResolveCodes.InvalidName, `invalid ${what} name '${printable(name)}': ${reason}`, span, {
    hint: `${what} names become file names under target/compiled/ and keys of target/manifest.json; rename it (letters, digits and underscores are always safe)`,
  }));
}

function printable(name: string): string {
  return name.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function datasetNode(st: CreateDatasetStatement, file: string, ctx: NameContext, diagnostics: Diagnostic[]): DatasetNode {
  const stripped = stripOwnQualifiers(st.name.parts, ctx);
  const name = stripped.parts[stripped.parts.length - 1];
  checkName('dataset', name, st.name.span, diagnostics);
  if (stripped.parts.length > 1) {
    diagnostics.push(info(ResolveCodes.ForeignSchema,
      `'${st.name.parts.join('.')}' names another schema; Weir publishes every dataset in the pipeline's schema '${(ctx.pipeline ?? ctx).schema}'`,
      st.name.span));
  }
  const declaredIn = declaredLocations(stripped.parts.slice(0, -1), ctx);
  const properties: Record<string, string> = {};
  for (const p of st.properties) properties[p.key] = p.value;
  const tags = (properties['weir.tags'] ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  const layer = properties['quality'] ?? properties['layer'];
  return {
    id: name.toLowerCase(),
    name,
    kind: st.datasetKind,
    published: !st.private && st.datasetKind !== 'temporary-view',
    syntax: st.syntax,
    liveView: st.liveView,
    file,
    span: st.span,
    nameSpan: st.name.span,
    ...(declaredIn.length > 0 ? { declaredIn } : {}),
    ...(st.comment !== undefined ? { comment: st.comment } : {}),
    columns: st.columns,
    expectations: st.expectations,
    constraints: st.constraints,
    properties,
    propertyDefs: st.properties,
    clauses: st.clauses,
    flows: [],
    ...(layer ? { layer: layer.toLowerCase() } : {}),
    tags,
  };
}

/**
 * The qualifiers that name a dataset where it was declared, besides the pipeline's own: those written before its
 * name (`other.y`; with the current catalog: `cat.other`), or the USE SCHEMA / USE CATALOG context it was declared
 * in (`sales`, `cat.sales`).
 */
function declaredLocations(qualifiers: readonly string[], ctx: NameContext): string[] {
  const q = qualifiers.map((p) => p.toLowerCase());
  if (q.length === 2) return [q.join('.')];
  const catalog = ctx.catalog?.toLowerCase();
  if (q.length === 1) return catalog ? [q[0], `${catalog}.${q[0]}`] : [q[0]];
  if (!ctx.pipeline) return [];
  const schema = ctx.schema.toLowerCase();
  return catalog ? [schema, `${catalog}.${schema}`] : [schema];
}

/**
 * Spark settings that change what queries return. Weir runs every query one way (the session time zone UTC,
 * without ANSI mode: README "Known differences", case-insensitive names): a SET that asks otherwise is not silently
 * ignored (SEMANTICS §7: never guess silently). Other settings (pipelines.*, Delta's and Databricks' tuning)
 * change nothing Weir computes.
 */
const RESULT_SETTINGS: Readonly<Record<string, (value: string) => boolean>> = {
  'spark.sql.session.timezone': (v) => !['utc', 'etc/utc', 'gmt', 'z', '+00:00', 'utc+0'].includes(v.toLowerCase()),
  'spark.sql.ansi.enabled': (v) => v.toLowerCase() !== 'false',
  'spark.sql.casesensitive': (v) => v.toLowerCase() !== 'false',
  'spark.sql.legacy.timeparserpolicy': (v) => v.toLowerCase() !== 'exception' && v.toLowerCase() !== 'corrected',
  'spark.sql.storeassignmentpolicy': (v) => v.toLowerCase() !== 'ansi',
};

function unappliedSetting(key: string, value: string | undefined, span: Span): Diagnostic[] {
  const applies = RESULT_SETTINGS[key.toLowerCase()];
  const v = (value ?? '').trim().replace(/^['"]|['"]$/g, '');
  if (!applies || value === undefined || !applies(v)) return [];
  return [warning(ResolveCodes.UnappliedSetting, `Weir does not apply SET ${key} = ${v}: queries run with Spark's default for it${key.toLowerCase() === 'spark.sql.session.timezone' ? ' (the session time zone is UTC)' : ''}`, span, {
    hint: key.toLowerCase() === 'spark.sql.session.timezone' ? "convert in the query instead: from_utc_timestamp(ts, 'America/New_York')" : 'remove the SET, or write the query for the default',
  })];
}
