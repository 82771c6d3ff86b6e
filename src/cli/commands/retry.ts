import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { RunResults } from '../../model/index.js';
import { addCommonOptions, compileOptionsFrom, UsageError } from '../common-options.js';
import { discoverConfig } from '../../discover/index.js';
import type { CliIO } from '../io.js';
import { loadProjectToWrite } from '../load-project.js';
import { textToStderr } from '../ci-reports.js';
import { executeRun, threadCount, type RunFlags } from './run.js';
import { UNIT_TESTS_FAILED, unitTestGate } from './build.js';

interface RetryFlags extends RunFlags {
  threads?: number;
}

/**
 * `weir retry` (dbt's retry): runs again the datasets the last run (target/run_results.json) left FAILED or
 * SKIPPED, with that run's refresh flags; the datasets it completed are left alone. Nothing to retry is a
 * success (exit 0); no previous run is a usage error (exit 2).
 */
export function registerRetry(program: Command, io: CliIO, setExit: (code: number) => void): void {
  addCommonOptions(program.command('retry'))
    .description('run again the datasets the last run failed or skipped (from target/run_results.json)')
    .option('--threads <n>', 'DuckDB worker threads (default: the last run\'s, else one per core)', threadCount)
    .option('--json', 'print the run results as JSON instead of the text lines')
    .action(async (flags: RetryFlags) => {
      // The last run's results first (the project's config says where): dbt's retry repeats the invocation, so its
      // --conf, --vars and database apply unless given again now, and the project compiles with them.
      const config = discoverConfig(compileOptionsFrom(flags, io)).value?.read.config;
      const path = config ? join(resolve(config.targetPath), 'run_results.json') : undefined;
      let last: RunResults | undefined;
      if (path && existsSync(path)) {
        try {
          last = JSON.parse(readFileSync(path, 'utf8')) as RunResults;
        } catch (e) {
          throw new UsageError(`cannot read ${path}: ${(e as Error).message}`);
        }
        const prev = last.args ?? {};
        flags = {
          ...flags,
          ...(!flags.conf?.length && Array.isArray(prev.conf) ? { conf: prev.conf.map(String) } : {}),
          ...(flags.vars === undefined && typeof prev.vars === 'string' ? { vars: prev.vars } : {}),
          ...(flags.database === undefined && typeof prev.database_path === 'string' && prev.database_path !== resolve(config!.databasePath)
            ? { database: prev.database_path } : {}),
        };
      }
      const project = await loadProjectToWrite(flags, io, setExit, 'Retry', { reports: { json: flags.json, command: 'retry' } });
      if (!project) return;
      if (!last) throw new UsageError(`nothing to retry: ${join(resolve(project.config.targetPath), 'run_results.json')} does not exist (run \`weir run\` first)`);
      const known = new Set(project.compiled.graph.datasets.map((d) => d.name.toLowerCase()));
      const again = (last.results ?? []).filter((r) => (r.status === 'FAILED' || r.status === 'SKIPPED') && known.has(r.unique_id.toLowerCase()))
        .map((r) => r.unique_id);
      if (again.length === 0) {
        textToStderr(io, flags.json).out(`Nothing to retry: the last run (${last.metadata?.run_id ?? 'unknown'}) left no dataset failed or skipped.`);
        setExit(0);
        return;
      }
      textToStderr(io, flags.json).out(`Retrying ${again.length} dataset${again.length === 1 ? '' : 's'} of run ${last.metadata?.run_id ?? 'unknown'}: ${again.join(', ')}`);
      const args = last.args ?? {};
      const lower = new Set(again.map((n) => n.toLowerCase()));
      const fullRefresh = args.fullRefreshAll === true ? again
        : Array.isArray(args.fullRefresh) ? (args.fullRefresh as string[]).filter((n) => lower.has(String(n).toLowerCase())) : [];
      const threads = flags.threads ?? (typeof args.threads === 'number' ? args.threads : undefined);
      const runFlags: RunFlags = {
        ...flags,
        select: again,
        ...(fullRefresh.length ? { fullRefresh } : {}),
        ...(args.atomic === true ? { atomic: true } : {}),
        ...(args.failFast === true ? { failFast: true } : {}),
        ...(threads !== undefined && Number.isSafeInteger(threads) && threads > 0 ? { threads } : {}),
      };
      // After a build that skipped datasets for their unit tests, the tests gate the retry too (dbt's retry runs
      // the failed tests again): a dataset whose tests still fail stays SKIPPED.
      const wasBuild = (last.results ?? []).some((r) => r.status === 'SKIPPED' && String(r.message ?? '').startsWith(UNIT_TESTS_FAILED));
      const gate = wasBuild ? await unitTestGate(project, runFlags, textToStderr(io, flags.json), (id) => lower.has(id)) : undefined;
      const run = await executeRun(project, runFlags, io, gate ? { skip: gate.skip } : {});
      setExit(Math.max(run.exitCode, (gate?.tests.failed ?? 0) > 0 ? 1 : 0));
    });
}
