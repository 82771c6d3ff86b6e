import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { CompiledProject } from '../compiler/compile-project.js';
import { evalNamedSelector } from '../plan/index.js';
import { UsageError } from './common-options.js';

/**
 * `--selector name` (dbt): the named selector from the project's `selectors.yml`, turned into the dataset names
 * it selects, as `--select` would list them. Like dbt, it cannot be combined with `--select` / `--exclude`.
 * `undefined` when no `--selector` was given; an empty list when it selects nothing.
 */
export function namedSelection(project: CompiledProject, flags: { selector?: string; select?: string[]; exclude?: string[] }): string[] | undefined {
  if (flags.selector === undefined) return undefined;
  if (flags.select || flags.exclude) throw new UsageError('--selector cannot be combined with --select or --exclude (as in dbt): put them in the selector\'s definition');
  const root = project.config.root;
  const file = ['selectors.yml', 'selectors.yaml'].find((f) => existsSync(join(root, f)));
  if (!file) throw new UsageError(`--selector ${flags.selector}: no selectors.yml in ${root}`);
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(join(root, file), 'utf8'));
  } catch (e) {
    throw new UsageError(`${file}: ${(e as Error).message}`);
  }
  const { selected, diagnostics } = evalNamedSelector(project.compiled.graph, doc, flags.selector, file);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new UsageError(errors.map((d) => `error: ${d.code}: ${d.message}${d.hint ? ` (${d.hint})` : ''}`).join('\n'));
  return project.compiled.graph.datasets.filter((d) => selected.has(d.id)).map((d) => d.name);
}
