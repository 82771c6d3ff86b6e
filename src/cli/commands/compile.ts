import { mkdirSync } from 'node:fs';
import type { Diagnostic } from '../../model/diagnostic.js';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { buildManifest } from '../../manifest/index.js';
import { emitDatasetScripts } from '../../emit/index.js';
import type { Manifest } from '../../model/manifest.js';
import type { CompiledProject, CompileOptions } from '../../compiler/compile-project.js';
import { startArtifactWriter, type ArtifactWriter } from '../artifact-writer.js';
import { writeStableJson } from '../../util/stable-json.js';
import { addCommonOptions, compileOptionsFrom, useColor, type CommonFlags } from '../common-options.js';
import type { CliIO } from '../io.js';
import { compileFailureExit, loadProject } from '../load-project.js';
import { failedLine, sayLine } from '../print-diagnostics.js';
import { jsonDiagnostic, reportCompileFailure, textToStderr } from '../ci-reports.js';
import { WEIR_VERSION } from '../version.js';

/**
 * Writes target/compiled/<dataset>.sql and target/manifest.json; returns the manifest. `writer`: the background
 * writer started while the project compiled (see compileWithWriter); else the scripts are written now.
 */
export async function writeArtifacts(project: CompiledProject, options: { writer?: ArtifactWriter } = {}): Promise<Manifest> {
  const { config, compiled } = project;
  const writer = options.writer ?? startScriptWriter(project);
  try {
    const manifest = buildManifest({
      compiled, config, files: project.files, diagnostics: project.diagnostics, weirVersion: WEIR_VERSION,
      databasePath: displayPath(config.root, config.databasePath),
    });
    mkdirSync(config.targetPath, { recursive: true });
    await writer.commit();
    // Compact, like dbt's: at 10,000 datasets indentation doubles the size and the write time. Written here, not
    // by the writer thread (handing it 50 MB of text would copy it), member by member (never one 50 MB string).
    writeStableJson(join(config.targetPath, 'manifest.json'), manifest);
    return manifest;
  } catch (e) {
    await writer.abort().catch(() => undefined);
    throw e;
  }
}

function startScriptWriter(project: CompiledProject): ArtifactWriter {
  return startArtifactWriter(join(project.config.targetPath, 'compiled'), emitDatasetScripts(project.compiled, project.sourceText), { background: false });
}

/**
 * `loadProject` that starts writing target/compiled/ on a worker thread as soon as the SQL is translated, while
 * column lineage runs. The caller commits the writer with writeArtifacts, or aborts it when the compile failed.
 */
export async function compileWithWriter(
  options: CompileOptions, io: CliIO, print: Parameters<typeof loadProject>[2],
): Promise<{ project?: CompiledProject; failed: boolean; diagnostics: readonly Diagnostic[]; writer?: ArtifactWriter }> {
  let writer: ArtifactWriter | undefined;
  let loaded: Awaited<ReturnType<typeof loadProject>>;
  try {
    loaded = await loadProject({
      ...options,
      onTranslated: (compiled, sourceText, config) => {
        writer = startArtifactWriter(join(config.targetPath, 'compiled'), emitDatasetScripts(compiled, sourceText));
      },
    }, io, print);
  } catch (e) {
    // An internal error after the writer started: stop its thread (it would keep the process alive).
    await writer?.abort().catch(() => undefined);
    throw e;
  }
  if ((!loaded.project || loaded.failed) && writer) {
    await writer.abort();
    writer = undefined;
  }
  return { ...loaded, writer };
}

export function displayPath(root: string, path: string): string {
  const rel = relative(root, path);
  return rel.startsWith('..') ? path : rel.split('\\').join('/');
}

export function registerCompile(program: Command, io: CliIO, setExit: (code: number) => void): void {
  addCommonOptions(program.command('compile'))
    .alias('parse')
    .description('discover, render, parse, resolve and translate the pipeline; write target/manifest.json and target/compiled/*.sql')
    .option('--json', 'print one JSON document (counts, the manifest path, diagnostics) instead of the text lines')
    .action(async (flags: CommonFlags & { json?: boolean }) => {
      const started = Date.now();
      const color = useColor(flags, io);
      // With --json, stdout is the one JSON document; diagnostics and lines go to stderr.
      const text = textToStderr(io, flags.json);
      const loaded = await compileWithWriter(compileOptionsFrom(flags, io), text, { color, logFormat: flags.logFormat, warnError: flags.warnError });
      const { project, failed, writer } = loaded;
      const sources = project ? project.sourceText : () => undefined;
      if (!project || failed) {
        failedLine(text, flags.logFormat, 'Compilation failed: fix the errors above. Nothing was written.');
        if (flags.json) reportCompileFailure(io, loaded.diagnostics, sources, { json: true, command: 'compile' });
        setExit(compileFailureExit(project, loaded.diagnostics));
        return;
      }
      await writeArtifacts(project, { writer });
      const g = project.compiled.graph;
      const ms = Date.now() - started;
      const manifest = `${displayPath(project.config.root, project.config.targetPath)}/manifest.json`;
      const msg = `Compiled ${g.datasets.length} datasets, ${g.flows.length} flows, ${g.sources.length} sources from ${project.files.length} files in ${ms} ms → ${manifest}`;
      if (flags.json) {
        io.out(JSON.stringify({ ok: true, datasets: g.datasets.length, flows: g.flows.length, sources: g.sources.length, files: project.files.length,
          manifest, elapsed_ms: ms, diagnostics: loaded.diagnostics.map((d) => jsonDiagnostic(d, sources)) }, null, 2));
      } else {
        sayLine(io, flags.logFormat, 'CompileFinished', msg, { datasets: g.datasets.length, flows: g.flows.length, sources: g.sources.length,
          files: project.files.length, manifest, elapsed_ms: ms });
      }
      setExit(0);
    });
}
