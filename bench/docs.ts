/**
 * `npx tsx bench/docs.ts [datasets=10000] [runs=10]`: issue 6's numbers for the lineage site on a generated pipeline —
 * build time, size per dataset, and in headless Chromium the first meaningful render of the index and the
 * time to focus a dataset by clicking it. Not a timed test: prints a table and exits non-zero on a miss.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { buildSite } from '../src/site/index.js';
import { launchChromium } from '../test/site/browser.js';
import { generateManifest } from './docs-manifest-generator.js';

// In-page measurements as plain JS source: tsx would otherwise inject helpers (__name) the page lacks.
const WAIT_RENDER = `function (before) { return new Promise(function (res) { (function check() { window.__weir.renders > before ? res() : setTimeout(check, 1); })(); })
  .then(function () { return new Promise(function (res) { requestAnimationFrame(function () { setTimeout(res, 0); }); }); }); }`;
/** Clicks the k-th visible node (not the focus) and times until the refocused graph is painted. */
const CLICK_FOCUS = `async function (k) {
  var nodes = [].slice.call(document.querySelectorAll('.graph-canvas [data-node]:not(.center)'));
  var el = nodes[(k * 7) % nodes.length], before = window.__weir.renders, t = performance.now();
  el.dispatchEvent(new MouseEvent('click', { bubbles: true }));
  await (${WAIT_RENDER})(before);
  return { ms: performance.now() - t, nodes: window.__weir.last.nodes, layoutMs: window.__weir.last.layoutMs };
}`;
/** Opens the focused node's dataset page (one shard load) and times until painted. */
const OPEN_PAGE = `async function () {
  var link = document.querySelector('.node-card a.button'), before = window.__weir.renders, t = performance.now();
  location.hash = link.getAttribute('href');
  await (${WAIT_RENDER})(before);
  return performance.now() - t;
}`;

const datasets = Number(process.argv[2] ?? 10_000);
// the site keeps the last 10 runs (SITE_HISTORY_RUNS): measure with a full history
const { manifest, runs } = generateManifest(datasets, Number(process.argv[3] ?? 10));
const dir = mkdtempSync(join(tmpdir(), 'weir-bench-docs-'));
try {
  const t0 = performance.now();
  const built = await buildSite(manifest, runs, { outDir: dir });
  const buildMs = performance.now() - t0;
  const { statSync } = await import('node:fs');
  const shellBytes = built.files.filter((f) => !f.startsWith('data/')).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
  const dataBytes = built.bytes - shellBytes;
  const indexBytes = statSync(join(dir, 'data', 'index.js')).size;

  const browser = await launchChromium();
  const url = pathToFileURL(join(dir, 'index.html')).href;
  const firsts: number[] = [];
  const focuses: number[] = [];
  const focusNodes: number[] = [];
  const deepFocuses: number[] = [];
  const deepNodes: number[] = [];
  const deepLayouts: number[] = [];
  const pages: number[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const external: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith(pathToFileURL(dir).href)) external.push(r.url()); });
    await page.goto(url);
    await page.waitForFunction(() => (window as unknown as { __weir?: { firstFrame?: number } }).__weir?.firstFrame !== undefined);
    firsts.push(await page.evaluate(() => (window as unknown as { __weir: { firstFrame: number } }).__weir.firstFrame));
    // click visible nodes of the current graph, one after another: each click refocuses the graph
    for (let k = 0; k < 5; k++) {
      const r = (await page.evaluate(`(${CLICK_FOCUS})(${k})`)) as { ms: number; nodes: number };
      focuses.push(r.ms);
      focusNodes.push(r.nodes);
    }
    // open a dataset page (loads one shard)
    // the worst case: 6 hops, so focus neighbourhoods hit the node budget (150) and dagre works hardest
    await page.evaluate(`(async function () { var b = window.__weir.renders; location.hash = location.hash.split('?')[0] + '?hops=6'; await (${WAIT_RENDER})(b); })()`);
    for (let k = 0; k < 5; k++) {
      const r = (await page.evaluate(`(${CLICK_FOCUS})(${k})`)) as { ms: number; nodes: number; layoutMs: number };
      deepFocuses.push(r.ms);
      deepLayouts.push(r.layoutMs);
      deepNodes.push(r.nodes);
    }
    pages.push((await page.evaluate(`(${OPEN_PAGE})()`)) as number);
    if (external.length) throw new Error(`requests outside the site folder: ${external.join(', ')}`);
    await page.close();
  }
  await browser.close();

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const max = (xs: number[]) => Math.max(...xs);
  const perDataset = built.bytes / datasets;
  const rows: [string, string, string, boolean][] = [
    ['site build (buildSite)', `${buildMs.toFixed(0)} ms`, '≤ 10,000 ms', buildMs <= 10_000],
    ['first meaningful render of index (median of 3)', `${median(firsts).toFixed(0)} ms (max ${max(firsts).toFixed(0)})`, '≤ 1,500 ms', max(firsts) <= 1500],
    [`focus a dataset by click (median of ${focuses.length}; ≤ ${max(focusNodes)} nodes)`, `${median(focuses).toFixed(0)} ms (max ${max(focuses).toFixed(0)})`, '≤ 300 ms', median(focuses) <= 300],
    [`focus with 6 hops (median of ${deepFocuses.length}; ≤ ${max(deepNodes)} nodes)`, `${median(deepFocuses).toFixed(0)} ms (max ${max(deepFocuses).toFixed(0)}; dagre ${median(deepLayouts).toFixed(0)})`, '≤ 300 ms', median(deepFocuses) <= 300],
    ['open a dataset page (median of 3)', `${median(pages).toFixed(0)} ms`, '–', true],
    ['total size', `${(built.bytes / 1e6).toFixed(2)} MB in ${built.files.length} files`, '–', true],
    ['  fixed shell (html, css, js, dagre)', `${(shellBytes / 1024).toFixed(0)} KB`, '–', true],
    ['  data per dataset (index + shards + runs)', `${(dataBytes / datasets).toFixed(0)} B (index ${(indexBytes / datasets).toFixed(0)} B)`, '≤ 2,048 B', dataBytes / datasets <= 2048],
    ['  total per dataset incl. shell', `${perDataset.toFixed(0)} B`, '–', true],
  ];
  console.log(`weir docs bench: ${datasets} datasets, ${Object.keys(manifest.sources).length} sources, ${runs.length} runs (node ${process.version})`);
  const w = Math.max(...rows.map((r) => r[0].length));
  for (const [name, value, target, ok] of rows) console.log(`${name.padEnd(w)}  ${value.padEnd(36)} ${target.padEnd(12)} ${target === '–' ? '' : ok ? 'ok' : 'MISS'}`);
  if (rows.some((r) => r[2] !== '–' && !r[3])) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
