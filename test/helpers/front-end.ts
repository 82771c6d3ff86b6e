import { createHash } from 'node:crypto';
import type { ParsedFile } from '../../src/model/ast.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import type { PipelineGraph } from '../../src/model/pipeline-graph.js';
import type { ProjectConfig } from '../../src/model/project-config.js';
import type { RenderedFile } from '../../src/model/rendered-file.js';
import { identityMap } from '../../src/model/source-map.js';
import { parseFile } from '../../src/parse/index.js';
import { formatDiagnostics } from '../../src/report/format-diagnostic.js';
import { resolveGraph } from '../../src/resolve/index.js';

/** A project config for tests (no file system needed). */
export function testConfig(overrides: Partial<ProjectConfig> = {}): ProjectConfig {
  return {
    name: 'test', root: '/project', specFile: '/project/weir.yml', specKind: 'weir', libraries: ['**/*.sql'],
    schema: 'main', configuration: {}, databasePath: '/project/target/test.duckdb', macroPaths: [], vars: {},
    targetPath: '/project/target', publish: 'per-dataset', ...overrides,
  };
}

/** A plain (untemplated) file as the template stage would hand it on. */
export function plainFile(path: string, text: string): RenderedFile {
  return {
    path, text, map: identityMap(text.length), templated: false,
    source: { path, absPath: `/project/${path}`, text, hash: createHash('sha256').update(text).digest('hex') },
  };
}

export interface FrontEnd {
  readonly rendered: Map<string, RenderedFile>;
  readonly parsed: ParsedFile[];
  readonly graph: PipelineGraph;
  readonly diagnostics: Diagnostic[];
  /** Diagnostics formatted as users see them (for goldens). */
  readonly formatted: string;
}

/** Parses and resolves in-memory SQL files: `{ 'a.sql': 'CREATE ...' }`. */
export function resolveSources(files: Record<string, string>, config: ProjectConfig = testConfig()): FrontEnd {
  const rendered = new Map<string, RenderedFile>();
  const parsed: ParsedFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const [path, text] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    const f = plainFile(path, text);
    rendered.set(path, f);
    const p = parseFile(f);
    diagnostics.push(...p.diagnostics);
    parsed.push(p.value);
  }
  const r = resolveGraph(parsed, rendered, config);
  diagnostics.push(...r.diagnostics);
  const formatted = formatDiagnostics(diagnostics, (f) => files[f]);
  return { rendered, parsed, graph: r.value, diagnostics, formatted };
}
