import fg from 'fast-glob';
import { isAbsolute, relative, sep } from 'node:path';
import { info, warning, type Diagnostic } from '../model/diagnostic.js';
import type { ProjectConfig } from '../model/project-config.js';
import { DiscoverCodes } from './codes.js';
import type { LibraryEntry } from './read-project-config.js';

const GLOB_CHARS = /[*?[\]{}!]/;

/**
 * Expands the library globs (relative to the project root) to the sorted, de-duplicated list of `.sql`
 * files, as project-relative POSIX paths. Other matched files are skipped silently, except Python sources,
 * which get one info diagnostic (Weir runs SQL pipelines only).
 */
export function listSourceFiles(config: ProjectConfig, libraries: readonly LibraryEntry[], defaulted: boolean): { paths: string[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const ignore = ['**/node_modules/**', '**/.git/**'];
  // Artifacts and macros are never pipeline sources; without this `**/*.sql` would read target/compiled/.
  for (const abs of [config.targetPath, ...config.macroPaths]) {
    const rel = toPosix(relative(config.root, abs));
    if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) ignore.push(`${rel}/**`);
  }
  if (defaulted) ignore.push('target/**', 'macros/**', 'tests/**');

  const found = new Set<string>();
  const python: string[] = [];
  for (const lib of libraries) {
    const pattern = normaliseGlob(config.root, lib.glob);
    const matches = fg.sync(pattern, { cwd: config.root, onlyFiles: true, ignore, dot: false, followSymbolicLinks: true });
    let sql = 0;
    for (const m of matches) {
      if (m.endsWith('.sql')) {
        sql++;
        found.add(m);
      } else if (m.endsWith('.py')) python.push(m);
    }
    if (matches.length === 0 && !defaulted) {
      diagnostics.push(warning(DiscoverCodes.EMPTY_GLOB, `library \`${lib.glob}\` matches no file`, lib.span, {
        hint: 'paths are relative to the folder of the spec file',
      }));
    } else if (sql === 0 && python.length === 0 && !defaulted) {
      diagnostics.push(warning(DiscoverCodes.EMPTY_GLOB, `library \`${lib.glob}\` matches no .sql file`, lib.span));
    }
  }
  if (python.length > 0) {
    const uniq = [...new Set(python)].sort();
    diagnostics.push(info(DiscoverCodes.PYTHON_SOURCES,
      `${uniq.length} Python source${uniq.length === 1 ? '' : 's'} skipped (${uniq[0]}${uniq.length > 1 ? ', ...' : ''}): Weir runs SQL pipelines only`,
      undefined, { hint: 'port the Python datasets to SQL, or keep them out of `libraries`' }));
  }
  // Plain code-unit order, not localeCompare: byte-stable across machines.
  const paths = [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { paths, diagnostics };
}

/**
 * SDP accepts a plain file, a folder path ending `/**` (all files under it) or a glob; a bare folder is
 * read as `folder/**`. fast-glob wants `dir/**\/*` for "every file under dir".
 */
function normaliseGlob(root: string, glob: string): string {
  let g = toPosix(glob).replace(/^\.\//, '');
  if (isAbsolute(g)) g = toPosix(relative(root, g));
  if (g.endsWith('/**')) return `${g}/*`;
  if (!GLOB_CHARS.test(g) && !g.endsWith('.sql') && !g.endsWith('.py')) return `${g.replace(/\/$/, '')}/**/*`;
  return g;
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}
