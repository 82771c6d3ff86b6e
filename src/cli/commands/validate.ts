import { join } from 'node:path';
import type { Command } from 'commander';
import type { Diagnostic } from '../../model/diagnostic.js';
import { junitFromDiagnostics } from '../../report/junit-from-results.js';
import { jsonDiagnostic, locationOf, reportCompileFailure, textToStderr, writeJUnitFile } from '../ci-reports.js';
import { startValidation, type Validation } from '../../analyze/validate-pipeline.js';
import type { ProjectConfig } from '../../model/project-config.js';
import { addCommonOptions, compileOptionsFrom, useColor, type CommonFlags } from '../common-options.js';
import type { CliIO } from '../io.js';
import { compileFailureExit, loadProject } from '../load-project.js';
import { failedLine, printDiagnostics, sayLine } from '../print-diagnostics.js';
import { flowsWithErrors } from '../../compiler/flows-with-errors.js';
import { CODES } from '../../translate/codes.js';

/**
 * `weir validate` (alias `dry-run`, the Spark pipelines spelling): compile, then bind every query against
 * its upstream schemas in an in-memory DuckDB (SEMANTICS §7). Writes nothing to the database (only its cache
 * under target/.weir-cache).
 */
export function registerValidate(program: Command, io: CliIO, setExit: (code: number) => void): void {
  addCommonOptions(program.command('validate'))
    .alias('dry-run')
    .description('compile and bind every query against upstream schemas without writing anything')
    .option('--junit <file>', 'write a JUnit XML report: one test case per dataset')
    .option('--json', 'print the diagnostics and a summary as JSON')
    .action(async (flags: CommonFlags & { junit?: string; json?: boolean }) => {
      const started = Date.now();
      // With --json, stdout is the JSON document alone: `io.out` prints it, `text` everything else.
      const text = textToStderr(io, flags.json);
      const color = useColor(flags, text);
      const print = { color, logFormat: flags.logFormat, warnError: flags.warnError };
      const validateOptions = (config: ProjectConfig) => ({
        databasePath: config.databasePath, projectRoot: config.root,
        // What this validate bound is kept in target/.weir-cache/validate.json, so the next one binds only what changed.
        cacheFile: join(config.targetPath, '.weir-cache', 'validate.json'),
        // Only diagnostics are printed: the compiler's lineage is not recomputed with bound types.
        typedLineage: false,
      });
      // Binding needs only the translated pipeline: it starts while the compiler computes column lineage.
      let early: Validation | undefined;
      const loaded = await loadProject({
        ...compileOptionsFrom(flags, text),
        onTranslated: (compiled, _sourceText, config) => { early = startValidation(compiled, validateOptions(config)); },
      }, text, print);
      const { project, failed } = loaded;
      const report = (diagnostics: readonly Diagnostic[], ok: boolean): void => {
        if (!project) return;
        if (flags.json) {
          io.out(JSON.stringify({ ok, datasets: project.compiled.graph.datasets.length,
            diagnostics: diagnostics.map((d) => jsonDiagnostic(d, project.sourceText)) }, null, 2));
        }
        if (flags.junit) {
          writeJUnitFile(text, flags.junit, junitFromDiagnostics(project.compiled.graph, diagnostics, locationOf(project.sourceText), flags.warnError), 'weir validate');
        }
      };
      if (!project || failed) {
        await early?.cancel();
        // One pass (issue 3): the datasets the compile errors do not touch are still bound, so a column typo
        // elsewhere is reported now, not after the compile errors are fixed. Not with a cycle (no order to bind in).
        const graph = project?.compiled.graph;
        let more: readonly Diagnostic[] = [];
        if (project && graph && graph.order.length === graph.datasets.length) {
          const skipFlows = flowsWithErrors(graph.flows, project.diagnostics);
          more = (await startValidation(project.compiled, { ...validateOptions(project.config), skipFlows }).finish(project.compiled)).diagnostics;
          printDiagnostics(more, project.sourceText, text, { ...print, root: project.config.root });
        }
        if (project) report([...project.diagnostics, ...more], false);
        // No project at all (no weir.yml, a broken config): the reports still say why.
        else reportCompileFailure(io, loaded.diagnostics, () => undefined, { junit: flags.junit, json: flags.json, warnError: flags.warnError, command: 'validate' });
        failedLine(text, flags.logFormat, 'Validation failed: fix the errors above.');
        setExit(compileFailureExit(project, loaded.diagnostics));
        return;
      }
      const validated = await (early ?? startValidation(project.compiled, validateOptions(project.config))).finish(project.compiled);
      const summary = printDiagnostics(validated.diagnostics, project.sourceText, text, { ...print, root: project.config.root });
      report([...project.diagnostics, ...validated.diagnostics], summary.errors === 0);
      const n = project.compiled.graph.datasets.length;
      if (summary.errors > 0) {
        failedLine(text, flags.logFormat, `Validation failed: ${summary.errors} error(s) in ${n} datasets.`);
        setExit(1);
        return;
      }
      // Say what was not done: flows whose upstream schema is unknown (an external table, a file source) were skipped.
      const skipped = validated.diagnostics.filter((d) => d.code === CODES.upstreamUnknown).length;
      const ms = Date.now() - started;
      sayLine(text, flags.logFormat, 'ValidateFinished', skipped === 0
        ? `Validated ${n} datasets in ${ms} ms: every query binds against its upstream schemas.`
        : `Validated ${n} datasets in ${ms} ms: ${skipped} flow${skipped === 1 ? ' was' : 's were'} not validated (an upstream schema is unknown, WEIR4057 above); the others bind.`,
      { datasets: n, not_validated: skipped, warnings: summary.warnings, elapsed_ms: ms });
      setExit(0);
    });
}
