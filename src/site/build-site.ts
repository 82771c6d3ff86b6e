import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest } from '../model/manifest.js';
import type { RunResults } from '../model/run-results.js';
import { buildSiteData } from './build-site-data.js';
import { renderShell } from './render-shell.js';
import { scriptJson } from './script-json.js';
import { APP_SCRIPTS, APP_STYLES, readDagre, readSiteAsset } from './site-assets.js';

export interface SiteOptions {
  /** Usually `target/site`. Its `index.html`, `assets/` and `data/` are replaced. */
  readonly outDir: string;
  /** Clock for the "generated at" stamp (injected for byte-stable tests). */
  readonly now?: () => Date;
}

/**
 * Writes the self-contained lineage site (issue 6): `index.html`, `assets/` (the app, its CSS and dagre) and
 * `data/` (the index, per-dataset shards and per-run outcomes as `.js` files, because browsers refuse
 * fetch() from file://). Returns the written files (relative, sorted) and their total size in bytes.
 */
export async function buildSite(manifest: Manifest, runs: RunResults[], options: SiteOptions): Promise<{ files: string[]; bytes: number }> {
  const now = options.now ?? (() => new Date());
  const data = buildSiteData(manifest, runs, now().toISOString());
  const out = options.outDir;
  for (const owned of ['index.html', 'assets', 'data']) rmSync(join(out, owned), { recursive: true, force: true });
  mkdirSync(join(out, 'assets', 'lib'), { recursive: true });
  mkdirSync(join(out, 'data', 'ds'), { recursive: true });
  mkdirSync(join(out, 'data', 'runs'), { recursive: true });

  const files: string[] = [];
  let bytes = 0;
  const write = (relative: string, text: string) => {
    const buffer = Buffer.from(text, 'utf8');
    writeFileSync(join(out, relative), buffer);
    files.push(relative);
    bytes += buffer.length;
  };

  write('index.html', renderShell(manifest.metadata.weir_version));
  for (const s of [...APP_SCRIPTS, ...APP_STYLES]) write(`assets/${s}`, readSiteAsset(s));
  write('assets/dagre.min.js', readDagre());
  write('data/index.js', `window.WEIR_INDEX=${scriptJson(data.index)};\n`);
  data.shards.forEach((shard, k) => write(`data/ds/${k}.js`, `Weir.data.shardLoaded(${k},${scriptJson(shard)});\n`));
  data.runs.forEach((rows, r) => write(`data/runs/${r}.js`, `Weir.data.runLoaded(${r},${scriptJson(rows)});\n`));
  files.sort();
  return { files, bytes };
}
