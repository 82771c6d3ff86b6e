import type { Diagnostic } from '../model/diagnostic.js';
import type { CompiledPipeline } from '../model/compiled-pipeline.js';
import type { ParsedFile } from '../model/ast.js';
import type { ProjectConfig } from '../model/project-config.js';
import type { RenderedFile } from '../model/rendered-file.js';
import type { SourceFile } from '../model/source-file.js';
import { discoverProject, type DiscoverOptions } from '../discover/index.js';
import { createTemplateContext, renderFile, TemplateCodes, withoutUnknownKeyFollowOns } from '../template/index.js';
import { parseFile } from '../parse/index.js';
import { ResolveCodes, resolveGraph } from '../resolve/index.js';
import { translatePipeline } from '../translate/index.js';
import { analyzePipeline } from '../analyze/index.js';
import { readQualityConfig, tableChecks } from '../quality/index.js';
import { sortDiagnostics } from './sort-diagnostics.js';
import { flowsWithErrors } from './flows-with-errors.js';
import { checkDeclaredColumns } from './check-declared-columns.js';
import { readLineageCache, writeLineageCache } from './lineage-cache-file.js';

export interface CompileOptions extends DiscoverOptions {
  /** Stop after the front end (no column lineage): faster, for `ls` and `run`. */
  readonly skipLineage?: boolean;
  /** Neither read nor write the lineage cache (target/.weir-cache/lineage.json). */
  readonly noCache?: boolean;
  /**
   * Called once the SQL is translated, before column lineage (the slowest stage), when no error was found so
   * far: the CLI starts writing target/compiled/ on another thread meanwhile.
   */
  readonly onTranslated?: (compiled: CompiledPipeline, sourceText: (file: string) => string | undefined, config: ProjectConfig) => void;
}

/** Everything the compiler knows about a project; commands take what they need. */
export interface CompiledProject {
  readonly config: ProjectConfig;
  readonly files: readonly SourceFile[];
  readonly rendered: ReadonlyMap<string, RenderedFile>;
  readonly parsed: readonly ParsedFile[];
  readonly compiled: CompiledPipeline;
  readonly diagnostics: readonly Diagnostic[];
  /** ORIGINAL text of a project file (including the spec file) by project-relative path. */
  readonly sourceText: (file: string) => string | undefined;
}

/**
 * discover → template → parse → resolve → translate → analyze. Each stage returns data plus diagnostics;
 * later stages still run when earlier ones reported errors, so one pass shows every problem (a file that
 * failed to render is skipped by the parser, a statement that failed to parse is absent from the graph).
 * Returns undefined only when there is no project to compile (its diagnostics say why).
 */
export async function compileProject(options: CompileOptions): Promise<{ project?: CompiledProject; diagnostics: readonly Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const discovered = discoverProject(options);
  diagnostics.push(...discovered.diagnostics);
  if (!discovered.value) return { diagnostics: sortDiagnostics(diagnostics) };
  const { config, files, specSource } = discovered.value;

  const ctx = createTemplateContext(config);
  // Problems in macro files are reported once here, not once per file that calls the macro.
  diagnostics.push(...ctx.diagnostics);
  const rendered = new Map<string, RenderedFile>();
  const parsed: ParsedFile[] = [];
  for (const file of files) {
    const r = renderFile(file, ctx);
    diagnostics.push(...r.diagnostics);
    // An unknown `${key}` still leaves parseable SQL (a placeholder in its place), so the file's other
    // problems are reported in the same pass; any other template error leaves no SQL to parse.
    if (r.diagnostics.some((d) => d.severity === 'error' && d.code !== TemplateCodes.UNKNOWN_CONF_KEY)) continue;
    rendered.set(file.path, r.value);
    const p = parseFile(r.value);
    // A placeholder the SQL cannot take there (`LIMIT ${n}`) is the unknown key's error, not a second one.
    diagnostics.push(...withoutUnknownKeyFollowOns(p.diagnostics, r.diagnostics, true));
    parsed.push(p.value);
  }

  const graph = resolveGraph(parsed, rendered, config);
  // A statement that failed to parse (a flow into a streaming table, say) is reported once: not again as the
  // table that "has no query and no flow writes it" (one problem, one diagnostic).
  const unparsed = diagnostics.some((d) => d.severity === 'error' && d.code.startsWith('WEIR2'));
  diagnostics.push(...graph.diagnostics.filter((d) => !(unparsed && d.code === ResolveCodes.StreamingTableWithoutFlow)));
  const translated = translatePipeline(graph.value, rendered, { projectRoot: config.root, schema: config.schema });
  diagnostics.push(...translated.diagnostics);
  let compiled = translated.value;
  const texts = new Map(files.map((f) => [f.path, f.text]));
  texts.set(specSource.path, specSource.text);
  for (const [path, text] of ctx.macroSources) texts.set(path, text);
  const sourceText = (f: string) => texts.get(f);
  if (options.onTranslated && !diagnostics.some((d) => d.severity === 'error')) options.onTranslated(compiled, sourceText, config);
  if (!options.skipLineage) {
    // With a cycle (reported by resolve), the datasets outside it are still analysed: their own problems (a
    // syntax error DuckDB finds, an unknown column) are reported in the same pass.
    const ordered = new Set(graph.value.order);
    const inCycle = graph.value.flows.filter((f) => !ordered.has(f.target)).map((f) => f.id);
    const skipFlows = new Set([...flowsWithErrors(graph.value.flows, diagnostics), ...inCycle]);
    const cache = options.noCache ? undefined : readLineageCache(config.targetPath);
    const analyzed = await analyzePipeline(compiled, { skipFlows, ...(cache ? { cache } : {}) });
    diagnostics.push(...analyzed.diagnostics);
    compiled = analyzed.value;
    diagnostics.push(...checkDeclaredColumns(compiled, skipFlows));
    if (!options.noCache && analyzed.cacheChanged && !diagnostics.some((d) => d.severity === 'error')) writeLineageCache(config.targetPath, analyzed.cache);
  }

  // Weir's quality properties and informational keys are checked at compile time (issue 7: errors at
  // their position before anything runs).
  const compiledById = new Map(compiled.datasets.map((c) => [c.id, c]));
  for (const d of compiled.graph.datasets) {
    const q = readQualityConfig(d);
    diagnostics.push(...q.diagnostics);
    const cols = compiledById.get(d.id)?.columns?.map((c) => c.name);
    tableChecks(d, compiled.graph, q.config, diagnostics, cols);
  }

  const sorted = sortDiagnostics(withoutUnknownKeyFollowOns(diagnostics));
  return {
    project: { config, files, rendered, parsed, compiled, diagnostics: sorted, sourceText },
    diagnostics: sorted,
  };
}
