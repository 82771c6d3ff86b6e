import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/model/manifest.js';
import type { RunResults } from '../../src/model/run-results.js';
import { buildSite, readRunHistory } from '../../src/site/index.js';
import { generateManifest } from '../../bench/docs-manifest-generator.js';
import { launchChromium, openSitePage } from './browser.js';

const fixtures = new URL('./fixtures/', import.meta.url);
const shots = join(process.cwd(), 'test-results', 'site');
const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8')) as T;
const XSS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '</script>'];

let browser: Browser;
let exampleDir: string;
let xssDir: string;
let bigDir: string;
const external: string[] = [];
const errors: string[] = [];

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  exampleDir = mkdtempSync(join(tmpdir(), 'weir-site-example-'));
  xssDir = mkdtempSync(join(tmpdir(), 'weir-site-xss-'));
  const now = () => new Date('2026-11-24T10:00:00Z');
  await buildSite(read<Manifest>('example-manifest.json'), readRunHistory(new URL('.', fixtures).pathname), { outDir: exampleDir, now });
  await buildSite(read<Manifest>('xss-manifest.json'), [read<RunResults>('xss-run.json')], { outDir: xssDir, now });
  bigDir = mkdtempSync(join(tmpdir(), 'weir-site-big-'));
  const big = generateManifest(1000);
  await buildSite(big.manifest, big.runs, { outDir: bigDir, now });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  for (const dir of [exampleDir, xssDir, bigDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A page on `dir`'s index.html that records any request outside the site folder (and blocks the network). */
function open(dir: string, hash: string, viewport = { width: 1280, height: 800 }): Promise<{ page: Page; context: BrowserContext }> {
  return openSitePage(browser, dir, hash, { external, errors }, viewport);
}

/** Navigates in-app and waits for the route to finish rendering (including async shard loads). */
async function go(page: Page, hash: string): Promise<void> {
  const before = Number(await page.getAttribute('body', 'data-rendered'));
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForFunction((n) => Number(document.body.getAttribute('data-rendered')) > n, before);
}

async function rendered(page: Page, count: number): Promise<void> {
  await page.waitForFunction((n) => Number(document.body.getAttribute('data-rendered')) >= n, count);
}

describe('lineage site in Chromium', () => {
  it('opens from file:// and draws the whole small pipeline with shapes, layers and badges', async () => {
    const { page, context } = await open(exampleDir, '');
    expect(await page.locator('[data-node]').count()).toBe(16);
    expect(await page.locator('[data-node].kind-streaming_table').count()).toBe(7);
    expect(await page.locator('[data-node].kind-materialized_view.layer-gold').count()).toBe(2);
    expect(await page.locator('[data-node].kind-files').count()).toBe(4);
    expect(await page.locator('[data-node].kind-view .shape').count()).toBe(1);
    expect(await page.locator('.graph-canvas .edge.stream').count()).toBe(7);
    expect(await page.locator('.node[aria-label^="cleaned_orders,"] .n-badge text').textContent()).toBe('WARN');
    expect(await page.locator('#project-name').textContent()).toBe('retail');
    await page.screenshot({ path: join(shots, 'index-1280.png') });
    await context.close();
  });

  it('searches with the keyboard and opens the chosen dataset', async () => {
    const { page, context } = await open(exampleDir, '');
    await page.keyboard.press('/');
    await page.keyboard.type('cleaned');
    await page.waitForSelector('#search-results:not([hidden]) .search-result');
    const first = await page.locator('.search-result.active .sr-name').textContent();
    await page.keyboard.press('ArrowDown');
    const second = await page.locator('.search-result.active .sr-name').textContent();
    expect([first, second].sort()).toEqual(['cleaned_customers', 'cleaned_orders']);
    await page.screenshot({ path: join(shots, 'search-1280.png') });
    const n = Number(await page.getAttribute('body', 'data-rendered'));
    await page.keyboard.press('Enter');
    await rendered(page, n + 1);
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe(`#/dataset/${second}`);
    expect(await page.locator('h1').textContent()).toBe(second);

    // a column hit goes to the column's lineage
    await page.locator('#search-input').fill('lifetime_val');
    await page.waitForSelector('.search-result.active');
    expect(await page.locator('.search-result.active .sr-detail').textContent()).toContain('lifetime_value');
    const m = Number(await page.getAttribute('body', 'data-rendered'));
    await page.keyboard.press('Enter');
    await rendered(page, m + 1);
    expect(new URL(page.url()).hash).toMatch(/^#\/column\/(customers_enriched|customer_segments)\.lifetime_value$/);
    await context.close();
  });

  it('focuses a clicked node with N hops and changes N with the control', async () => {
    const { page, context } = await open(exampleDir, '');
    const n = Number(await page.getAttribute('body', 'data-rendered'));
    await page.locator('.node[aria-label^="cleaned_orders,"]').click();
    await rendered(page, n + 1);
    expect(new URL(page.url()).hash).toBe('#/graph/cleaned_orders');
    expect(await page.locator('.focus-name').textContent()).toBe('cleaned_orders');
    // 2 hops: raw_orders, its file source; customers_enriched, daily_revenue_v, customer_segments
    const names = async () => (await page.locator('[data-node] .n-name').allTextContents()).sort();
    expect(await names()).toEqual(['cleaned_orders', 'customer_segments', 'customers_enriched', 'daily_revenue_v', 'raw_orders', '…/orders/*.parquet']);
    await page.screenshot({ path: join(shots, 'focus-1280.png') });
    await page.getByRole('button', { name: 'Fewer hops' }).click();
    await rendered(page, n + 2);
    expect(await names()).toEqual(['cleaned_orders', 'customers_enriched', 'daily_revenue_v', 'raw_orders']);
    expect(await page.locator('.hops-value').textContent()).toBe('1 hop');
    // zoom buttons change the transform
    const before = await page.locator('.viewport').getAttribute('transform');
    await page.getByRole('button', { name: 'Zoom in' }).click();
    expect(await page.locator('.viewport').getAttribute('transform')).not.toBe(before);
    await context.close();
  });

  it('shows a dataset page with SQL side by side, columns, expectations and history', async () => {
    const { page, context } = await open(exampleDir, '#/dataset/cleaned_customers');
    expect(await page.locator('h1').textContent()).toBe('cleaned_customers');
    expect(await page.locator('.title-row .kind').textContent()).toBe('Streaming table');
    expect(await page.locator('.lede').textContent()).toBe('Customers with validated e-mail addresses');
    const panes = page.locator('.sql-pane pre');
    expect(await panes.count()).toBe(2);
    expect(await panes.nth(0).textContent()).toContain('FROM STREAM(LIVE.raw_customers)');
    expect(await panes.nth(1).textContent()).toContain('"main"."raw_customers"');
    expect(await page.locator('.sql-pane .t-kw').count()).toBeGreaterThan(10);
    expect(await page.locator('table.columns tbody tr').count()).toBe(5);
    const row = page.locator('tr', { hasText: 'valid_email' });
    expect(await row.locator('.action').textContent()).toBe('drop row');
    expect(await row.locator('svg.spark rect').count()).toBe(3);
    expect(await row.locator('td.bad').textContent()).toBe('17');
    expect(await page.locator('.stat', { hasText: 'Rows written' }).locator('.stat-value').textContent()).toBe('1,297');
    await page.screenshot({ path: join(shots, 'dataset-1280.png'), fullPage: true });
    await context.close();
  });

  it('highlights a clicked column\'s upstream columns and downstream uses across datasets', async () => {
    const { page, context } = await open(exampleDir, '#/dataset/cleaned_customers');
    const n = Number(await page.getAttribute('body', 'data-rendered'));
    await page.locator('table.columns a.col-name', { hasText: /^email$/ }).click();
    await rendered(page, n + 1);
    expect(new URL(page.url()).hash).toBe('#/column/cleaned_customers.email');
    const up = (await page.locator('.lineage-up li').allTextContents()).map((t) => t.trim());
    expect(up[0]).toBe('raw_customers.email derived');
    expect(up[1]).toContain('/data/landing/customers/*.json.email');
    const down = await page.locator('.lineage-down li').allTextContents();
    expect(down.join('|')).toContain('customers_enriched.email');
    expect(down.join('|')).toContain('customer_segments.email');
    expect(await page.locator('.lineage-canvas .node.mark-up[aria-label^="raw_customers,"]').count()).toBe(1);
    expect(await page.locator('.lineage-canvas .node.mark-down[aria-label^="customer_segments,"] .n-annot').textContent()).toBe('email');
    expect(await page.locator('.lineage-canvas .node.mark-sel').count()).toBe(1);
    expect(await page.locator('table.columns tr.selected .col-name').textContent()).toBe('email');
    await page.screenshot({ path: join(shots, 'column-lineage-1280.png'), fullPage: true });
    await context.close();
  });

  it('opens deep links directly', async () => {
    const { page, context } = await open(exampleDir, '#/column/customers_enriched.lifetime_value');
    expect(await page.locator('.lineage-up li').first().textContent()).toContain('cleaned_orders.amount');
    expect((await page.locator('.lineage-down li').allTextContents()).join('|')).toContain('customer_segments.segment');
    await go(page, '#/dataset/customer_segments');
    expect(await page.locator('h1').textContent()).toBe('customer_segments');
    await go(page, '#/dataset/no_such_dataset');
    expect(await page.locator('h1').textContent()).toBe('Not found');
    await context.close();
  });

  it('lists runs, a run\'s outcomes worst first, and ranks expectations by failure rate', async () => {
    const { page, context } = await open(exampleDir, '#/runs');
    expect(await page.locator('tbody tr').count()).toBe(3);
    await page.screenshot({ path: join(shots, 'runs-1280.png'), fullPage: true });
    await go(page, '#/run/20261123T081500Z-77c2');
    expect(await page.locator('tbody tr').first().locator('td').first().textContent()).toBe('cleaned_customers');
    expect(await page.locator('tbody tr').first().locator('.badge').textContent()).toBe('FAIL');
    await go(page, '#/quality');
    expect(await page.locator('tbody tr').first().locator('strong').textContent()).toBe('valid_email');
    await page.screenshot({ path: join(shots, 'quality-1280.png'), fullPage: true });
    await context.close();
  });

  it('renders the XSS project\'s payloads as text', async () => {
    const raw = `raw_${XSS[0]}`, gold = `gold_${XSS[1]}`;
    const { page, context } = await open(xssDir, '');
    const routes = ['#/', `#/dataset/${encodeURIComponent(raw)}`, `#/column/${encodeURIComponent(raw)}.${encodeURIComponent(XSS[1])}`,
      `#/dataset/${encodeURIComponent(gold)}`, '#/runs', '#/quality', `#/run/${encodeURIComponent(`run-${XSS[1]}`)}`];
    for (const r of routes) {
      await go(page, r);
      expect(await page.locator('main img, main script, main iframe, [onerror]').count(), r).toBe(0);
    }
    await go(page, `#/dataset/${encodeURIComponent(raw)}`);
    expect(await page.locator('h1').textContent()).toBe(raw);
    expect(await page.locator('.lede').textContent()).toBe(`Comment ${XSS.join(' ')}`);
    expect(await page.locator('.sql-pane pre').first().textContent()).toContain(`'</script><img src=x onerror=alert(2)>'`);
    expect(await page.locator('.kv dt').allTextContents()).toContain(`key ${XSS[0]}`);
    expect(await page.locator('table.columns .col-name').first().textContent()).toBe(XSS[1]);
    await page.screenshot({ path: join(shots, 'xss-dataset-1280.png'), fullPage: true });
    await page.locator('#search-input').fill('<script');
    await page.waitForSelector('.search-result');
    expect(await page.locator('.search-result .sr-name').first().textContent()).toContain('<script>');
    await go(page, '#/');
    expect(await page.locator('.node .n-name').allTextContents()).toContain('gold_"><img src=x onerr…');
    const scripts = await page.evaluate(() => Array.from(document.scripts).map((s) => s.getAttribute('src') ?? 'INLINE'));
    expect(scripts.every((s) => /^(data|assets)\//.test(s))).toBe(true);
    expect(errors.filter((e) => e.startsWith('dialog'))).toEqual([]);
    await context.close();
  });

  it('opens a 1,000-dataset pipeline focused on one dataset and never draws more than 150 nodes', async () => {
    const { page, context } = await open(bigDir, '');
    expect(await page.locator('.focus-name').count()).toBe(1);
    const drawn = await page.locator('[data-node]').count();
    expect(drawn).toBeGreaterThan(1);
    expect(drawn).toBeLessThanOrEqual(150);
    // the dataset with the most readers, 8 hops: far more than the budget
    const hub = await page.evaluate(() => {
      const data = (window as unknown as { Weir: { data: { down: number[][]; name: (i: number) => string } } }).Weir.data;
      let best = 0;
      data.down.forEach((d, i) => { if (d.length > data.down[best].length) best = i; });
      return data.name(best);
    });
    await go(page, `#/graph/${encodeURIComponent(hub)}?hops=8`);
    expect(await page.locator('.hops-value').textContent()).toBe('8 hops');
    expect(await page.locator('[data-node]').count()).toBe(150);
    expect(await page.locator('.graph-note').textContent()).toContain('Showing the nearest');
    expect(await page.locator('.n-more').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(shots, 'big-focus-1280.png') });
    await context.close();
  });

  for (const [w, h] of [[1280, 800], [390, 844]] as const) {
    it(`has no horizontal overflow at ${w}×${h}`, async () => {
      const { page, context } = await open(exampleDir, '', { width: w, height: h });
      for (const r of ['#/', '#/graph/customers_enriched', '#/dataset/cleaned_orders', '#/column/cleaned_customers.email', '#/runs', '#/run/20261123T081500Z-77c2', '#/quality']) {
        await go(page, r);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${r} at ${w}px`).toBeLessThanOrEqual(0);
      }
      await go(page, '#/');
      await page.screenshot({ path: join(shots, `index-${w}.png`) });
      await go(page, '#/column/cleaned_customers.email');
      await page.screenshot({ path: join(shots, `column-${w}.png`), fullPage: true });
      await context.close();
    });
  }

  it('made no request outside the site folder and threw no errors', () => {
    expect(external).toEqual([]);
    expect(errors).toEqual([]);
  });
});
