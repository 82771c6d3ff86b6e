import type {
  CompiledExpectation, CompiledFlow, CompiledInput, CompiledPipeline, DatasetKind, DatasetNode, ExpectationAction,
  FlowNode, InputRef, SourceNode,
} from '../../../src/model/index.js';
import {
  datasetRelation, filesVariable, identityMap, quoteIdent, streamFromVariable, streamRelation, streamToVariable,
} from '../../../src/model/index.js';

/**
 * Builds a CompiledPipeline by hand from a compact description, following src/model/relations.ts exactly as
 * the translator does, so runner tests do not depend on the front end. Query placeholders:
 * `{x}` batch read of dataset x, `{stream x}` streaming read, `{files:json /abs/*.json}` or
 * `{files:csv:2 /abs/*.csv}` (2 = maxFilesPerTrigger; `csv-rejects` adds ignore_errors + store_rejects) a file source, `{ext a.b}` an external table.
 */
export interface DatasetSpec {
  kind: 'mv' | 'st' | 'tv' | 'view';
  private?: boolean;
  query?: string;
  /** Extra flows into a streaming table (`CREATE FLOW f AS INSERT INTO t [ONCE] BY NAME query`). */
  flows?: Record<string, { query: string; once?: boolean }>;
  expect?: [name: string, condition: string, action?: ExpectationAction][];
  /** An AUTO CDC flow into this streaming table (its `source` takes the same placeholders as `query`). */
  cdc?: { source: string; keys: string[]; sequenceBy: string; deleteWhen?: string; storedAs?: 1 | 2 };
  tags?: string[];
  file?: string;
  liveView?: boolean;
  /** `REFRESH POLICY <policy>` of a materialized view. */
  refreshPolicy?: string;
}

export interface PipelineSpec { name?: string; schema?: string; datasets: Record<string, DatasetSpec> }

const KIND: Record<DatasetSpec['kind'], DatasetKind> = { mv: 'materialized-view', st: 'streaming-table', tv: 'temporary-view', view: 'view' };
const span = (file: string, start = 0, end = 1) => ({ file, start, end });
const sql = (text: string, file: string) => ({ sql: text, file, map: identityMap(text.length) });

export function makePipeline(spec: PipelineSpec): CompiledPipeline {
  const schema = spec.schema ?? 'main';
  const names = Object.keys(spec.datasets).sort();
  const published = (n: string) => {
    const d = spec.datasets[n];
    return !(d.private || d.kind === 'tv');
  };
  const sources = new Map<string, SourceNode>();
  const flows: { node: FlowNode; compiled: CompiledFlow }[] = [];
  for (const name of names) {
    const d = spec.datasets[name];
    const file = d.file ?? `transformations/${name}.sql`;
    const all: [string, string, boolean, boolean][] = [];
    if (d.query !== undefined) all.push([name, d.query, false, true]);
    if (d.cdc) all.push([`${name}_cdc`, d.cdc.source, false, false]);
    for (const [f, def] of Object.entries(d.flows ?? {})) all.push([f, def.query, def.once ?? false, false]);
    for (const [flowId, query, once, implicit] of all) {
      const inputs: CompiledInput[] = [];
      const refs: InputRef[] = [];
      const text = query.replace(/\{(stream |files:|ext )?([^}]*)\}/g, (_m, prefix: string | undefined, body: string) => {
        if (prefix === 'stream ') {
          const node = body.trim();
          inputs.push({ node, streaming: true, fromVariable: streamFromVariable(flowId, node), toVariable: streamToVariable(flowId, node) });
          refs.push({ node, streaming: true, span: span(file) });
          return streamRelation({ id: node, published: published(node) }, schema, flowId);
        }
        if (prefix === 'files:') {
          const [fmtPart, glob] = body.split(/\s+/, 2);
          const [format, max] = fmtPart.split(':');
          const node = `files:${glob}`;
          const variable = filesVariable(flowId, node);
          sources.set(node, { id: node, kind: 'files', reader: 'read_files', path: glob, format, options: {}, span: span(file) });
          const streaming = d.kind === 'st';
          inputs.push({ node, streaming, filesVariable: variable, globs: [glob], format, ...(max ? { maxFilesPerTrigger: Number(max) } : {}) });
          refs.push({ node, streaming, span: span(file) });
          const reader = format.startsWith('csv') ? 'read_csv' : format === 'parquet' ? 'read_parquet' : 'read_json';
          const opts = format === 'parquet' ? ', union_by_name = true' : format === 'csv-rejects' ? ', header = true, ignore_errors = true, store_rejects = true'
            : format === 'csv' ? ', union_by_name = true, header = true' : ', union_by_name = true, format = \'newline_delimited\'';
          return `${reader}(coalesce(getvariable('${variable}'), ['${glob}']::VARCHAR[])${opts})`;
        }
        if (prefix === 'ext ') {
          const parts = body.trim().split('.');
          const node = `external:${parts.join('.').toLowerCase()}`;
          sources.set(node, { id: node, kind: 'external', parts, span: span(file) });
          inputs.push({ node, streaming: false });
          refs.push({ node, streaming: false, span: span(file) });
          return parts.map(quoteIdent).join('.');
        }
        const node = body.trim();
        inputs.push({ node, streaming: false });
        refs.push({ node, streaming: false, span: span(file) });
        return datasetRelation({ id: node, published: published(node) }, schema);
      });
      const isCdc = d.cdc !== undefined && flowId === `${name}_cdc`;
      const kind = isCdc ? 'cdc' : d.kind === 'st' ? 'append' : 'complete';
      const cdc = isCdc && d.cdc ? {
        source: sql(text, file), keys: d.cdc.keys, sequenceBy: sql(d.cdc.sequenceBy, file),
        ...(d.cdc.deleteWhen ? { deleteWhen: sql(d.cdc.deleteWhen, file) } : {}), ignoreNullUpdates: false, storedAs: d.cdc.storedAs ?? 1,
      } : undefined;
      flows.push({
        node: { id: flowId, name: flowId, target: name, kind, once, implicit, inputs: refs, conf: {}, file, span: span(file, 0, query.length) },
        compiled: { id: flowId, target: name, kind, once, ...(cdc ? { cdc } : { query: sql(text, file) }), inputs },
      });
    }
  }
  const datasets: DatasetNode[] = names.map((name) => {
    const d = spec.datasets[name];
    const file = d.file ?? `transformations/${name}.sql`;
    return {
      id: name, name, kind: KIND[d.kind], published: published(name), syntax: d.kind.toUpperCase(), liveView: d.liveView ?? false,
      file, span: span(file), nameSpan: span(file), columns: [], expectations: [], constraints: [], properties: {}, propertyDefs: [],
      clauses: d.refreshPolicy ? [{ name: 'REFRESH POLICY', text: d.refreshPolicy, span: span(file) }] : [], flows: flows.filter((f) => f.node.target === name).map((f) => f.node.id), tags: d.tags ?? [],
    };
  });
  return {
    graph: {
      name: spec.name ?? 'test_pipeline', schema, datasets, flows: flows.map((f) => f.node).sort((a, b) => a.id.localeCompare(b.id)),
      sources: [...sources.values()].sort((a, b) => a.id.localeCompare(b.id)), order: topo(names, flows.map((f) => f.node)),
    },
    datasets: names.map((name) => {
      const d = spec.datasets[name];
      const file = d.file ?? `transformations/${name}.sql`;
      const expectations: CompiledExpectation[] = (d.expect ?? []).map(([n, cond, action]) => ({
        name: n, action: action ?? 'warn', condition: sql(cond, file), span: span(file),
      }));
      return { id: name, relation: datasetRelation({ id: name, published: published(name) }, schema), expectations, generated: [] };
    }),
    flows: flows.map((f) => f.compiled).sort((a, b) => a.id.localeCompare(b.id)),
  };
}

function topo(names: string[], flows: FlowNode[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (n: string): void => {
    if (seen.has(n)) return;
    seen.add(n);
    for (const f of flows.filter((x) => x.target === n)) for (const i of f.inputs) if (names.includes(i.node)) visit(i.node);
    out.push(n);
  };
  for (const n of names) visit(n);
  return out;
}
