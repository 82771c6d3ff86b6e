import type { Diagnostic } from '../model/diagnostic.js';
import type { CompiledDataset, CompiledFlow, CompiledPipeline } from '../model/compiled-pipeline.js';
import type {
  Manifest, ManifestColumn, ManifestExpectation, ManifestFlow, ManifestNode, ManifestResourceType, ManifestSource,
} from '../model/manifest.js';
import type { DatasetKind, ColumnSelection } from '../model/ast.js';
import type { ProjectConfig } from '../model/project-config.js';
import type { SourceFile } from '../model/source-file.js';
import { datasetRelation } from '../model/relations.js';
import { toLocation } from './location.js';

const RESOURCE_TYPE: Record<DatasetKind, ManifestResourceType> = {
  'materialized-view': 'materialized_view',
  'streaming-table': 'streaming_table',
  view: 'view',
  'temporary-view': 'temporary_view',
};

export interface ManifestInput {
  readonly compiled: CompiledPipeline;
  readonly config: ProjectConfig;
  readonly files: readonly SourceFile[];
  readonly diagnostics: readonly Diagnostic[];
  readonly weirVersion: string;
  /** Database path as shown to users (relative to the project root when inside it). */
  readonly databasePath: string;
}

/**
 * The compiled pipeline as `target/manifest.json` (dbt-like names; see src/model/manifest.ts). Pure and
 * deterministic: the same input gives the same bytes (keys are sorted when serialised).
 */
export function buildManifest(input: ManifestInput): Manifest {
  const { compiled, config } = input;
  const graph = compiled.graph;
  const texts = new Map(input.files.map((f) => [f.path, f.text]));
  const sources = (file: string): string | undefined => texts.get(file);
  const compiledDatasets = new Map<string, CompiledDataset>(compiled.datasets.map((d) => [d.id, d]));
  const compiledFlows = new Map<string, CompiledFlow>(compiled.flows.map((f) => [f.id, f]));

  const parents = new Map<string, Set<string>>();
  const children = new Map<string, Set<string>>();
  const link = (from: string, to: string): void => {
    if (!parents.has(to)) parents.set(to, new Set());
    if (!children.has(from)) children.set(from, new Set());
    parents.get(to)!.add(from);
    children.get(from)!.add(to);
  };
  for (const d of graph.datasets) { parents.set(d.id, parents.get(d.id) ?? new Set()); children.set(d.id, children.get(d.id) ?? new Set()); }
  for (const s of graph.sources) children.set(s.id, children.get(s.id) ?? new Set());
  for (const f of graph.flows) for (const i of f.inputs) if (i.node !== f.target) link(i.node, f.target);

  const flows: Record<string, ManifestFlow> = {};
  for (const f of graph.flows) {
    const cf = compiledFlows.get(f.id);
    const cdc = f.cdc;
    // Members assigned in sorted key order, without object spreads (stableStringify then writes the objects
    // without copying them). The cdc object keeps its own order: the site embeds it as is.
    const flow: Draft<ManifestFlow> = {};
    if (cdc) {
      flow.cdc = {
        keys: cdc.keys.map((k) => k.name),
        sequence_by: cdc.sequenceBy.text.trim(),
        stored_as: cdc.storedAs,
        ignore_null_updates: cdc.ignoreNullUpdates,
        ...(cdc.deleteWhen ? { delete_when: cdc.deleteWhen.text.trim() } : {}),
        ...(cdc.truncateWhen ? { truncate_when: cdc.truncateWhen.text.trim() } : {}),
        ...(cdc.columns ? { columns: selection(cdc.columns) } : {}),
        ...(cdc.trackHistory ? { track_history: selection(cdc.trackHistory) } : {}),
      };
    }
    if (f.comment !== undefined) flow.comment = f.comment;
    // An implicit flow's code is its dataset's (nodes[id].raw_code / compiled_code): not repeated here.
    if (!f.implicit) {
      if (cf?.query) flow.compiled_code = cf.query.sql.trim();
      else if (cf?.cdc) flow.compiled_code = cf.cdc.source.sql.trim();
    }
    flow.implicit = f.implicit;
    flow.inputs = f.inputs.map((i) => ({ node: i.node, streaming: i.streaming }));
    flow.kind = f.kind;
    flow.location = toLocation(f.span, sources);
    flow.name = f.name;
    flow.once = f.once;
    if (!f.implicit && f.query) flow.raw_code = f.query.text.trim();
    flow.target = f.target;
    flow.unique_id = f.id;
    flows[f.id] = flow as ManifestFlow;
  }

  const nodes: Record<string, ManifestNode> = {};
  for (const d of graph.datasets) {
    const cd = compiledDatasets.get(d.id);
    const columns: Record<string, ManifestColumn> = {};
    const order: string[] = [];
    const declared = new Map(d.columns.map((c) => [c.name.toLowerCase(), c]));
    const seen = new Set<string>();
    for (const c of cd?.columns ?? []) {
      const lower = c.name.toLowerCase();
      const decl = declared.get(lower);
      order.push(c.name);
      seen.add(lower);
      // Members assigned in sorted key order, without object spreads (10,000s of columns).
      const col: Draft<ManifestColumn> = {};
      const type = c.type ?? decl?.type;
      if (type) col.data_type = type;
      col.declared = decl !== undefined;
      const description = decl?.comment ?? c.comment;
      if (description) col.description = description;
      col.lineage = c.lineage.map((l) => ({ column: l.column, node: l.node, transform: l.transform }));
      col.name = c.name;
      if (decl?.notNull) col.not_null = true;
      columns[c.name] = col as ManifestColumn;
    }
    for (const decl of d.columns) {
      if (seen.has(decl.name.toLowerCase())) continue;
      seen.add(decl.name.toLowerCase());
      order.push(decl.name);
      columns[decl.name] = {
        ...(decl.type ? { data_type: decl.type } : {}), declared: true,
        ...(decl.comment !== undefined ? { description: decl.comment } : {}), lineage: [],
        name: decl.name, ...(decl.notNull ? { not_null: true } : {}),
      };
    }
    const compiledExpectations = new Map((cd?.expectations ?? []).map((e) => [e.name, e]));
    const main = d.flows[0] ? compiledFlows.get(d.flows[0]) : undefined;
    const text = sources(d.file) ?? '';
    // Keys in sorted order (see flows); constraints keep theirs, the site embeds them as is.
    const node: Draft<ManifestNode> = {};
    node.clauses = d.clauses.map((c) => ({ name: c.name, text: c.text }));
    node.column_order = order;
    node.columns = columns;
    if (main?.query) node.compiled_code = main.query.sql.trim();
    node.constraints = d.constraints.map((c) => ({
      kind: c.kind, ...(c.name !== undefined ? { name: c.name } : {}), columns: c.columns.map((x) => x.name),
      ...(c.references ? { references: { table: c.references.table.parts.join('.'), columns: c.references.columns.map((x) => x.name) } } : {}),
    }));
    node.depends_on = { nodes: [...(parents.get(d.id) ?? [])].sort() };
    if (d.comment !== undefined) node.description = d.comment;
    node.expectations = d.expectations.map((e) => {
      const ce = compiledExpectations.get(e.name);
      const x: Draft<ManifestExpectation> = { action: e.action };
      if (ce) x.compiled_condition = ce.condition.sql.trim();
      x.condition = e.condition.text.trim();
      x.location = toLocation(e.span, sources);
      x.name = e.name;
      return x as ManifestExpectation;
    });
    node.flows = d.flows;
    if (d.layer) node.layer = d.layer;
    node.location = toLocation(d.span, sources);
    node.name = d.name;
    node.original_file_path = d.file;
    node.properties = d.properties;
    node.published = d.published;
    node.raw_code = text.slice(d.span.start, d.span.end);
    node.relation_name = cd?.relation ?? datasetRelation(d, graph.schema);
    node.resource_type = RESOURCE_TYPE[d.kind];
    node.syntax = d.syntax;
    node.tags = d.tags;
    node.unique_id = d.id;
    nodes[d.id] = node as ManifestNode;
  }

  const sourceNodes: Record<string, ManifestSource> = {};
  for (const s of graph.sources) {
    sourceNodes[s.id] = s.kind === 'files'
      ? { ...(s.format ? { format: s.format } : {}), location: toLocation(s.span, sources), name: s.path, options: s.options, path: s.path, reader: s.reader, resource_type: 'files', unique_id: s.id }
      : { location: toLocation(s.span, sources), name: s.parts.join('.'), parts: s.parts, resource_type: 'external', unique_id: s.id };
  }

  const toRecord = (m: Map<string, Set<string>>): Record<string, string[]> =>
    Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, [...v].sort()]));

  return {
    child_map: toRecord(children),
    diagnostics: input.diagnostics.map((d) => ({
      code: d.code,
      ...(d.hint ? { hint: d.hint } : {}),
      ...(d.span ? { location: toLocation(d.span, sources) } : {}),
      message: d.message, severity: d.severity,
    })),
    files: input.files.map((f) => ({ hash: f.hash, path: f.path })),
    flows,
    metadata: {
      ...(config.catalog !== undefined ? { catalog: config.catalog } : {}), database_path: input.databasePath,
      manifest_version: 1, project_name: config.name, schema: config.schema, weir_version: input.weirVersion,
    },
    nodes, parent_map: toRecord(parents), sources: sourceNodes,
  };
}

/** A manifest object under construction: members assigned one by one. */
type Draft<T> = { -readonly [K in keyof T]?: T[K] };

function selection(s: ColumnSelection): { mode: 'include' | 'except'; columns: string[] } {
  return { mode: s.mode, columns: s.columns.map((c) => c.name) };
}
