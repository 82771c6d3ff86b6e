import type { Command } from 'commander';
import { Option } from 'commander';
import type { PipelineGraph } from '../../model/pipeline-graph.js';
import { addCommonOptions, compileOptionsFrom, useColor, type CommonFlags } from '../common-options.js';
import type { CliIO } from '../io.js';
import { loadProject } from '../load-project.js';
import { graphToDot, graphToMermaid, graphToJson, graphToText } from '../../report/graph-formats.js';

interface LsFlags extends CommonFlags {
  json?: boolean;
  format?: 'text' | 'json' | 'dot' | 'mermaid';
}

export function registerLs(program: Command, io: CliIO, setExit: (code: number) => void): void {
  addCommonOptions(program.command('ls'))
    .alias('list')
    .description('list the datasets of the pipeline (text, --json, --format dot | mermaid)')
    .option('--json', 'same as --format json')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'dot', 'mermaid']).default('text'))
    .action(async (flags: LsFlags) => {
      const { project, failed } = await loadProject({ ...compileOptionsFrom(flags, io), skipLineage: true }, io,
        { color: useColor(flags, io), logFormat: flags.logFormat, warnError: flags.warnError });
      if (!project) { setExit(1); return; }
      const format = flags.json ? 'json' : flags.format ?? 'text';
      const g: PipelineGraph = project.compiled.graph;
      io.out(format === 'json' ? graphToJson(g) : format === 'dot' ? graphToDot(g) : format === 'mermaid' ? graphToMermaid(g) : graphToText(g));
      setExit(failed ? 1 : 0);
    });
}
