import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The browser app's files, copied verbatim into `<site>/assets/`. They are plain scripts sharing the `Weir`
 * global (no bundler, no module loader: ES modules do not load from file:// in Chromium), listed in load order.
 */
export const APP_SCRIPTS = [
  'lib/escape.js', 'lib/format.js', 'lib/search.js', 'lib/subgraph.js', 'lib/sql-highlight.js',
  'dom.js', 'data.js', 'graph-view.js', 'search-box.js', 'lineage.js', 'dataset-page.js', 'runs-page.js',
  'quality-page.js', 'app.js',
] as const;
export const APP_STYLES = ['style.css'] as const;

/** `site-assets/` at the package root; resolved from this module so it works from src/ (tsx) and dist/. */
export function siteAssetsDir(): string {
  return fileURLToPath(new URL('../../site-assets/', import.meta.url));
}

export function readSiteAsset(relative: string): string {
  return readFileSync(join(siteAssetsDir(), relative), 'utf8');
}

/** dagre's self-contained browser build (it bundles graphlib and sets the `dagre` global). */
export function readDagre(): string {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('@dagrejs/dagre/package.json'));
  const code = readFileSync(join(dir, 'dist', 'dagre.min.js'), 'utf8');
  // the source map is not shipped: drop the comment so the browser does not request it
  return code.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
}
