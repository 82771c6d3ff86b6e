import type { Diagnostic } from '../model/diagnostic.js';
import type { CompiledDataset, CompiledFlow, CompiledPipeline } from '../model/compiled-pipeline.js';
import type {
  Manifest, ManifestColumn, ManifestFlow, ManifestNode, ManifestResourceType, ManifestSource,
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
    flows[f.id] = {
      unique_id: f.id, name: f.name, target: f.target, kind: f.kind, once: f.once, implicit: f.implicit,
      inputs: f.inputs.map((i) => ({ node: i.node, streaming: i.streaming })),
      ...(f.comment !== undefined ? { comment: f.comment } : {}),
      location: toLocation(f.span, sources),
      // An implicit flow's code is its dataset's (nodes[id].raw_code / compiled_code): not repeated here.
      ...(!f.implicit && f.query ? { raw_code: f.query.text.trim() } : {}),
      ...(f.implicit ? {} : cf?.query ? { compiled_code: cf.query.sql.trim() } : cf?.cdc ? { compiled_code: cf.cdc.source.sql.trim() } : {}),
      ...(cdc ? {
        cdc: {
          keys: cdc.keys.map((k) => k.name),
          sequence_by: cdc.sequenceBy.text.trim(),
          stored_as: cdc.storedAs,
          ignore_null_updates: cdc.ignoreNullUpdates,
          ...(cdc.deleteWhen ? { delete_when: cdc.deleteWhen.text.trim() } : {}),
          ...(cdc.truncateWhen ? { truncate_when: cdc.truncateWhen.text.trim() } : {}),
          ...(cdc.columns ? { columns: selection(cdc.columns) } : {}),
          ...(cdc.trackHistory ? { track_history: selection(cdc.trackHistory) } : {}),
        },
      } : {}),
    };
  }

  const nodes: Record<string, ManifestNode> = {};
  for (const d of graph.datasets) {
    const cd = compiledDatasets.get(d.id);
    const columns: Record<string, ManifestColumn> = {};
    const order: string[] = [];
    const declared = new Map(d.columns.map((c) => [c.name.toLowerCase(), c]));
    for (const c of cd?.columns ?? []) {
      const decl = declared.get(c.name.toLowerCase());
      order.push(c.name);
      columns[c.name] = {
        name: c.name,
        ...(c.type ?? decl?.type ? { data_type: c.type ?? decl?.type } : {}),
        ...(decl?.comment ?? c.comment ? { description: decl?.comment ?? c.comment } : {}),
        declared: decl !== undefined,
        ...(decl?.notNull ? { not_null: true } : {}),
        lineage: c.lineage.map((l) => ({ node: l.node, column: l.column, transform: l.transform })),
      };
    }
    for (const decl of d.columns) {
      if (order.some((n) => n.toLowerCase() === decl.name.toLowerCase())) continue;
      order.push(decl.name);
      columns[decl.name] = {
        name: decl.name, ...(decl.type ? { data_type: decl.type } : {}),
        ...(decl.comment !== undefined ? { description: decl.comment } : {}), declared: true,
        ...(decl.notNull ? { not_null: true } : {}), lineage: [],
      };
    }
    const compiledExpectations = new Map((cd?.expectations ?? []).map((e) => [e.name, e]));
    const main = d.flows[0] ? compiledFlows.get(d.flows[0]) : undefined;
    const text = sources(d.file) ?? '';
    nodes[d.id] = {
      unique_id: d.id, name: d.name, resource_type: RESOURCE_TYPE[d.kind], published: d.published,
      relation_name: cd?.relation ?? datasetRelation(d, graph.schema), syntax: d.syntax,
      original_file_path: d.file, location: toLocation(d.span, sources),
      ...(d.comment !== undefined ? { description: d.comment } : {}),
      ...(d.layer ? { layer: d.layer } : {}),
      tags: d.tags, properties: d.properties,
      clauses: d.clauses.map((c) => ({ name: c.name, text: c.text })),
      columns, column_order: order,
      expectations: d.expectations.map((e) => {
        const ce = compiledExpectations.get(e.name);
        return {
          name: e.name, action: e.action, condition: e.condition.text.trim(),
          ...(ce ? { compiled_condition: ce.condition.sql.trim() } : {}),
          location: toLocation(e.span, sources),
        };
      }),
      constraints: d.constraints.map((c) => ({
        kind: c.kind, ...(c.name !== undefined ? { name: c.name } : {}), columns: c.columns.map((x) => x.name),
        ...(c.references ? { references: { table: c.references.table.parts.join('.'), columns: c.references.columns.map((x) => x.name) } } : {}),
      })),
      flows: d.flows,
      depends_on: { nodes: [...(parents.get(d.id) ?? [])].sort() },
      raw_code: text.slice(d.span.start, d.span.end),
      ...(main?.query ? { compiled_code: main.query.sql.trim() } : {}),
    };
  }

  const sourceNodes: Record<string, ManifestSource> = {};
  for (const s of graph.sources) {
    sourceNodes[s.id] = s.kind === 'files'
      ? { unique_id: s.id, resource_type: 'files', name: s.path, path: s.path, reader: s.reader, ...(s.format ? { format: s.format } : {}), options: s.options, location: toLocation(s.span, sources) }
      : { unique_id: s.id, resource_type: 'external', name: s.parts.join('.'), parts: s.parts, location: toLocation(s.span, sources) };
  }

  const toRecord = (m: Map<string, Set<string>>): Record<string, string[]> =>
    Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, [...v].sort()]));

  return {
    metadata: {
      manifest_version: 1, weir_version: input.weirVersion, project_name: config.name,
      ...(config.catalog !== undefined ? { catalog: config.catalog } : {}), schema: config.schema, database_path: input.databasePath,
    },
    nodes, sources: sourceNodes, flows,
    parent_map: toRecord(parents), child_map: toRecord(children),
    files: input.files.map((f) => ({ path: f.path, hash: f.hash })),
    diagnostics: input.diagnostics.map((d) => ({
      code: d.code, severity: d.severity, message: d.message,
      ...(d.span ? { location: toLocation(d.span, sources) } : {}),
      ...(d.hint ? { hint: d.hint } : {}),
    })),
  };
}

function selection(s: ColumnSelection): { mode: 'include' | 'except'; columns: string[] } {
  return { mode: s.mode, columns: s.columns.map((c) => c.name) };
}
