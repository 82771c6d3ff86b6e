import { failedLine } from '../print-diagnostics.js';
import type { Command } from 'commander';
import { columnLineage, formatLineageAnswer } from '../../analyze/index.js';
import { addCommonOptions, compileOptionsFrom, useColor, type CommonFlags } from '../common-options.js';
import type { CliIO } from '../io.js';
import { compileFailureExit, loadProject } from '../load-project.js';
import { reportCompileFailure, textToStderr } from '../ci-reports.js';

interface LineageFlags extends CommonFlags {
  upstream?: boolean;
  downstream?: boolean;
  json?: boolean;
}

/** `weir lineage <dataset[.column]>`: the upstream columns a column is computed from and its downstream uses. */
export function registerLineage(program: Command, io: CliIO, setExit: (code: number) => void): void {
  addCommonOptions(program.command('lineage'))
    .description('column-level lineage of a dataset or column: upstream sources and downstream uses')
    .argument('<target>', 'dataset or dataset.column, e.g. cleaned_orders.order_amount (a LIVE. prefix is accepted)')
    .option('--upstream', 'only what it is computed from')
    .option('--downstream', 'only where it is used')
    .option('--json', 'print the answer as JSON')
    .action(async (target: string, flags: LineageFlags) => {
      const { project, failed, diagnostics } = await loadProject(compileOptionsFrom(flags, io), textToStderr(io, flags.json),
        { color: useColor(flags, io), logFormat: flags.logFormat, warnError: flags.warnError });
      if (!project || failed) {
        reportCompileFailure(io, diagnostics, project ? project.sourceText : () => undefined, { json: flags.json, warnError: flags.warnError, command: 'lineage' });
        failedLine(io, flags.logFormat, 'Lineage not computed: fix the errors above.');
        setExit(compileFailureExit(project, diagnostics));
        return;
      }
      const direction = flags.upstream && !flags.downstream ? 'upstream' : flags.downstream && !flags.upstream ? 'downstream' : 'both';
      const answer = columnLineage(project.compiled, target, direction);
      // An argument naming no dataset or column is a bad invocation (exit 2, as an unknown dataset in --refresh).
      if (answer.error) { io.err(`weir: ${answer.error}`); setExit(2); return; }
      io.out(flags.json ? JSON.stringify(answer, null, 2) : formatLineageAnswer(answer));
      setExit(0);
    });
}
