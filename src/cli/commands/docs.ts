import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { buildSite, readRunHistory, serveSite } from '../../site/index.js';
import { addCommonOptions, compileOptionsFrom, useColor, type CommonFlags, UsageError } from '../common-options.js';
import type { CliIO } from '../io.js';
import { compileWithWriter, writeArtifacts } from './compile.js';
import { failedLine, sayLine } from '../print-diagnostics.js';
import { withStoredColumns } from '../../site/stored-columns.js';

interface DocsFlags extends CommonFlags {
  serve?: boolean;
  port?: string;
}

/**
 * `weir docs`: compile (with column lineage), write the manifest, and build the static lineage site in
 * target/site/ from it and the run history in target/runs/. `--serve` serves it on localhost and rebuilds
 * when project files change. dbt's `docs generate` / `docs serve` spellings work too.
 */
export function registerDocs(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const docs = addCommonOptions(program.command('docs'))
    .description('build the lineage site in target/site/ (open target/site/index.html, works offline)')
    .argument('[action]', 'generate (default) or serve (dbt spelling)')
    .option('--serve', 'serve the site on localhost and rebuild when files change')
    .option('--port <port>', 'port for --serve', '8080')
    .action(async (action: string | undefined, flags: DocsFlags) => {
      if (action !== undefined && action !== 'generate' && action !== 'serve') throw new UsageError(`unknown docs action '${action}' (generate or serve)`);
      const serve = flags.serve === true || action === 'serve';
      const port = Number(flags.port ?? '8080');
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port expects a port number, got '${flags.port}'`);
      const color = useColor(flags, io);
      const build = async (): Promise<{ dir: string; root: string; target: string } | undefined> => {
        const started = Date.now();
        const { project, failed, writer } = await compileWithWriter(compileOptionsFrom(flags, io), io, { color, logFormat: flags.logFormat, warnError: flags.warnError });
        if (!project || failed) { failedLine(io, flags.logFormat, 'Site not built: fix the errors above.'); return undefined; }
        const manifest = await withStoredColumns(await writeArtifacts(project, { writer }), project.config.databasePath);
        const dir = join(project.config.targetPath, 'site');
        const runs = readRunHistory(project.config.targetPath);
        const site = await buildSite(manifest, runs, { outDir: dir });
        const index = relative(io.cwd, join(dir, 'index.html')) || 'index.html';
        const n = project.compiled.graph.datasets.length;
        const ms = Date.now() - started;
        sayLine(io, flags.logFormat, 'DocsBuilt', `Built the lineage site for ${n} datasets (${(site.bytes / 1024).toFixed(0)} KB, ${runs.length} runs) in ${ms} ms → ${index}`,
          { datasets: n, bytes: site.bytes, runs: runs.length, index, elapsed_ms: ms });
        return { dir, root: project.config.root, target: project.config.targetPath };
      };
      const first = await build();
      if (!first) { setExit(1); return; }
      if (!serve) { setExit(0); return; }
      const server = await serveSite({ dir: first.dir, port, rebuild: async () => { await build(); }, watch: [first.root], ignore: [first.target] });
      sayLine(io, flags.logFormat, 'DocsServing', `Serving ${server.url} (Ctrl+C to stop); rebuilding when files under ${first.root} change.`, { url: server.url });
      await new Promise<void>((resolveStop) => {
        const stop = (): void => { void server.close().then(() => resolveStop()); };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      setExit(0);
    });
  void docs;
}
