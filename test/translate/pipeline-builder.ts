import type { DatasetKind, ExpectationDef, SqlFragment } from '../../src/model/ast.js';
import type { DatasetNode, FlowNode, InputRef, PipelineGraph, SourceNode } from '../../src/model/pipeline-graph.js';
import type { RenderedFile } from '../../src/model/rendered-file.js';
import { identityMap, type SourceMap } from '../../src/model/source-map.js';

/**
 * Hand-built PipelineGraphs for translate/analyze tests (until the real front end is wired in): each dataset is
 * defined by a query in its own file `<name>.sql` whose whole text is the query, so rendered offsets are query
 * offsets. `map` lets a test pretend the file was templated.
 */
export interface DatasetSpec {
  readonly name: string;
  readonly query?: string;
  readonly kind?: DatasetKind;
  readonly published?: boolean;
  readonly expectations?: readonly (readonly [string, string])[];
  readonly columns?: readonly string[];
  /** The source text and rendered→source map when the file is "templated". */
  readonly source?: { readonly text: string; readonly map: SourceMap };
}

export function fragment(file: string, text: string, renderedStart = 0): SqlFragment {
  return { file, text, renderedStart, span: { file, start: renderedStart, end: renderedStart + text.length } };
}

export function buildPipeline(specs: readonly DatasetSpec[], opts: { sources?: SourceNode[]; catalog?: string; schema?: string } = {}): {
  graph: PipelineGraph; files: Map<string, RenderedFile>; sourceText: (file: string) => string | undefined;
} {
  const files = new Map<string, RenderedFile>();
  const datasets: DatasetNode[] = [];
  const flows: FlowNode[] = [];
  const texts = new Map<string, string>();
  for (const s of specs) {
    const file = `${s.name}.sql`;
    const id = s.name.toLowerCase();
    const text = s.query ?? '';
    // Expectation conditions live after the query in the same rendered file.
    let rendered = text;
    const expectations: ExpectationDef[] = (s.expectations ?? []).map(([name, cond]) => {
      rendered += '\n';
      const start = rendered.length;
      rendered += cond;
      return { name, condition: fragment(file, cond, start), action: 'warn', span: { file, start, end: start + cond.length } };
    });
    const map = s.source?.map ?? identityMap(rendered.length);
    const sourceText = s.source?.text ?? rendered;
    texts.set(file, sourceText);
    files.set(file, {
      path: file, text: rendered, map, templated: !!s.source,
      source: { path: file, absPath: `/project/${file}`, text: sourceText, hash: '' },
    });
    const span = { file, start: 0, end: sourceText.length };
    const flowIds = s.query !== undefined ? [id] : [];
    datasets.push({
      id, name: s.name, kind: s.kind ?? 'materialized-view', published: s.published ?? true, syntax: 'CREATE MATERIALIZED VIEW',
      liveView: false, file, span, nameSpan: span, columns: (s.columns ?? []).map((c) => {
        // `name` or `name TYPE`.
        const [name, ...type] = c.split(' ');
        return { name, ...(type.length ? { type: type.join(' ') } : {}), notNull: false, span };
      }),
      expectations, constraints: [], properties: {}, propertyDefs: [], clauses: [], flows: flowIds, tags: [],
    });
    if (s.query !== undefined) {
      const inputs: InputRef[] = [];
      flows.push({
        id, name: s.name, target: id, kind: s.kind === 'streaming-table' ? 'append' : 'complete', once: false, implicit: true,
        query: fragment(file, text), inputs, conf: {}, file, span,
      });
    }
  }
  datasets.sort((a, b) => (a.id < b.id ? -1 : 1));
  flows.sort((a, b) => (a.id < b.id ? -1 : 1));
  const graph: PipelineGraph = {
    name: 'test', schema: opts.schema ?? 'main', ...(opts.catalog ? { catalog: opts.catalog } : {}),
    datasets, flows, sources: opts.sources ?? [], order: specs.map((s) => s.name.toLowerCase()),
  };
  return { graph, files, sourceText: (f) => texts.get(f) };
}
