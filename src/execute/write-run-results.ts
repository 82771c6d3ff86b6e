import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResults } from '../model/index.js';

/** `target/run_results.json` and the history copy `target/runs/<run_id>.json` the lineage site reads. */
export function writeRunResults(targetPath: string, results: RunResults): void {
  mkdirSync(join(targetPath, 'runs'), { recursive: true });
  const text = JSON.stringify(results, null, 2) + '\n';
  writeFileSync(join(targetPath, 'run_results.json'), text);
  writeFileSync(join(targetPath, 'runs', `${results.metadata.run_id}.json`), text);
}
