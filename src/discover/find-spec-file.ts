import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { error, type Diagnostic } from '../model/diagnostic.js';
import { DiscoverCodes } from './codes.js';

/** Weir's own spec names win over an SDP spec in the same folder (SEMANTICS §1). */
export const WEIR_SPEC_NAMES = ['weir.yml', 'weir.yaml'] as const;
/** SDP names, newest first; `pipeline.y(a)ml` is what older `spark-pipelines` searched. */
export const SDP_SPEC_NAMES = ['spark-pipeline.yml', 'spark-pipeline.yaml', 'pipeline.yml', 'pipeline.yaml'] as const;

export interface FoundSpec {
  readonly path: string;
  readonly kind: 'weir' | 'spark-pipeline';
}

/**
 * Finds the project's spec file starting at `start` and walking up to the file-system root, like dbt and
 * `spark-pipelines`. `start` may also name a spec file directly (`--project path/to/spark-pipeline.yml`).
 * One `readdirSync` per level keeps this cheap.
 */
export function findSpecFile(start: string): { spec?: FoundSpec; diagnostics: Diagnostic[] } {
  const abs = resolve(start);
  try {
    if (statSync(abs).isFile()) {
      const name = basename(abs);
      const kind = (WEIR_SPEC_NAMES as readonly string[]).includes(name) ? 'weir' : 'spark-pipeline';
      return { spec: { path: abs, kind }, diagnostics: [] };
    }
  } catch {
    return {
      diagnostics: [error(DiscoverCodes.NO_SPEC, `project folder ${abs} does not exist`, undefined, {
        hint: 'pass --project <folder holding weir.yml or spark-pipeline.yml>',
      })],
    };
  }
  let dir = abs;
  for (;;) {
    let entries: Set<string>;
    try {
      entries = new Set(readdirSync(dir));
    } catch {
      entries = new Set();
    }
    for (const [names, kind] of [[WEIR_SPEC_NAMES, 'weir'], [SDP_SPEC_NAMES, 'spark-pipeline']] as const) {
      const present = names.filter((n) => entries.has(n));
      if (present.length > 1) {
        return {
          diagnostics: [error(DiscoverCodes.AMBIGUOUS_SPEC,
            `more than one project spec in ${dir}: ${present.join(' and ')}`, undefined,
            { hint: `keep one of ${present.join(', ')}` })],
        };
      }
      if (present.length === 1) return { spec: { path: join(dir, present[0]), kind }, diagnostics: [] };
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return {
    diagnostics: [error(DiscoverCodes.NO_SPEC,
      `no weir.yml or spark-pipeline.yml found in ${abs} or any parent folder`, undefined,
      { hint: 'run `weir init` to create a project here, or pass --project <folder>' })],
  };
}
