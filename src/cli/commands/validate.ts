import type { Command } from 'commander';
import { validatePipeline } from '../../analyze/index.js';
import { addCommonOptions, compileOptionsFrom, useColor, type CommonFlags } from '../common-options.js';
import type { CliIO } from '../io.js';
import { loadProject } from '../load-project.js';
import { printDiagnostics } from '../print-diagnostics.js';

/**
 * `weir validate` (alias `dry-run`, the Spark pipelines spelling): compile, then bind every query against
 * its upstream schemas in an in-memory DuckDB (SEMANTICS §7). Writes nothing.
 */
export function registerValidate(program: Command, io: CliIO, setExit: (code: number) => void): void {
  addCommonOptions(program.command('validate'))
    .alias('dry-run')
    .description('compile and bind every query against upstream schemas without writing anything')
    .action(async (flags: CommonFlags) => {
      const started = Date.now();
      const color = useColor(flags, io);
      const print = { color, logFormat: flags.logFormat, warnError: flags.warnError };
      const { project, failed } = await loadProject(compileOptionsFrom(flags, io), io, print);
      if (!project || failed) {
        io.err('Validation failed: fix the errors above.');
        setExit(1);
        return;
      }
      const validated = await validatePipeline(project.compiled, { databasePath: project.config.databasePath, projectRoot: project.config.root });
      const summary = printDiagnostics(validated.diagnostics, project.sourceText, io, print);
      const n = project.compiled.graph.datasets.length;
      if (summary.errors > 0) {
        io.err(`Validation failed: ${summary.errors} error(s) in ${n} datasets.`);
        setExit(1);
        return;
      }
      io.out(`Validated ${n} datasets in ${Date.now() - started} ms: every query binds against its upstream schemas.`);
      setExit(0);
    });
}
