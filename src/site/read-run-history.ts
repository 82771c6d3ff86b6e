import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResults } from '../model/run-results.js';
import { SITE_HISTORY_RUNS } from './build-site-data.js';

/**
 * Reads `<targetPath>/runs/*.json` (one file per run, written by `weir run`), newest first by
 * `metadata.generated_at` (run id breaks ties), keeping at most `limit`. A missing folder is an empty history;
 * a file that is not a run result (unreadable, wrong shape) is skipped rather than failing the docs build.
 */
export function readRunHistory(targetPath: string, limit = SITE_HISTORY_RUNS): RunResults[] {
  const dir = join(targetPath, 'runs');
  if (!existsSync(dir)) return [];
  const runs: RunResults[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.json')) continue;
    try {
      const run = JSON.parse(readFileSync(join(dir, name), 'utf8')) as RunResults;
      if (run && typeof run.metadata?.generated_at === 'string' && Array.isArray(run.results)) runs.push(run);
    } catch {
      // a half-written file from a run in progress: leave it out of the history
    }
  }
  runs.sort((a, b) => {
    const t = b.metadata.generated_at.localeCompare(a.metadata.generated_at);
    return t !== 0 ? t : b.metadata.run_id.localeCompare(a.metadata.run_id);
  });
  return runs.slice(0, Math.max(0, limit));
}
