import type { Command } from 'commander';
import { Option } from 'commander';
import type { PipelineGraph } from '../../model/pipeline-graph.js';
import { addCommonOptions, compileOptionsFrom, useColor, type CommonFlags } from '../common-options.js';
import type { CliIO } from '../io.js';
import { compileFailureExit, loadProject } from '../load-project.js';
import { reportCompileFailure, textToStderr } from '../ci-reports.js';
import { namedSelection } from '../named-selection.js';
import { selectDatasets, selectedGraph } from '../../plan/index.js';
import { graphToDot, graphToMermaid, graphToJson, graphToText } from '../../report/graph-formats.js';

interface LsFlags extends CommonFlags {
  json?: boolean;
  select?: string[];
  exclude?: string[];
  output?: 'name' | 'json';
  selector?: string;
  format?: 'text' | 'json' | 'dot' | 'mermaid';
}

export function registerLs(program: Command, io: CliIO, setExit: (code: number) => void): void {
  addCommonOptions(program.command('ls'))
    .alias('list')
    .description('list the datasets of the pipeline (text, --json, --format dot | mermaid)')
    .option('--json', 'same as --format json')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'dot', 'mermaid']).default('text'))
    .addOption(new Option('--output <output>', 'dbt spelling: name (one dataset name a line) or json').choices(['name', 'json']))
    .option('-s, --select <selectors...>', 'list only these (x, +x, x+, 2+x, @x, tag:t, path:dir)')
    .option('--exclude <selectors...>', 'leave these out')
    .option('--selector <name>', 'the named selector from selectors.yml (dbt)')
    .action(async (flags: LsFlags) => {
      const format = flags.json || flags.output === 'json' ? 'json' : flags.format ?? 'text';
      // Machine formats own stdout: diagnostics' GitHub annotations go to stderr with the rest of the text.
      const { project, failed, diagnostics } = await loadProject({ ...compileOptionsFrom(flags, io), skipLineage: true }, textToStderr(io, format !== 'text'),
        { color: useColor(flags, io), logFormat: flags.logFormat, warnError: flags.warnError });
      if (!project) {
        reportCompileFailure(io, diagnostics, () => undefined, { json: format === 'json', command: 'ls' });
        setExit(compileFailureExit(project, diagnostics));
        return;
      }
      let g: PipelineGraph = project.compiled.graph;
      const named = namedSelection(project, flags);
      if (named) g = selectedGraph(g, new Set(g.datasets.filter((d) => named.includes(d.name)).map((d) => d.id)));
      else if (flags.select || flags.exclude) {
        const { selected, diagnostics } = selectDatasets(g, flags.select, flags.exclude);
        for (const d of diagnostics) io.err(`${d.severity}: ${d.code}: ${d.message}${d.hint ? ` (${d.hint})` : ''}`);
        if (diagnostics.some((d) => d.severity === 'error')) { setExit(2); return; }
        g = selectedGraph(g, selected);
      }
      if (flags.output === 'name') {
        const names = new Map(g.datasets.map((d) => [d.id, d.name]));
        io.out(g.order.map((id) => names.get(id) ?? id).join('\n'));
        setExit(failed ? 1 : 0);
        return;
      }
      io.out(format === 'json' ? graphToJson(g) : format === 'dot' ? graphToDot(g) : format === 'mermaid' ? graphToMermaid(g) : graphToText(g));
      setExit(failed ? 1 : 0);
    });
}
