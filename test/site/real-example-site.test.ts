// The lineage site of the REAL example pipeline (models-example), end to end through the CLI: generate data,
// `weir run`, `weir docs`, then open target/site/index.html from file:// in Debian's Chromium (issue 6).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { launchChromium, openSitePage } from './browser.js';

const root = join(import.meta.dirname, '..', '..');
const shots = join(root, 'test-results', 'site');
let dir: string;
let browser: Browser;
const external: string[] = [];
const errors: string[] = [];

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'weir-real-site-'));
  const example = join(root, 'models-example');
  cpSync(example, dir, { recursive: true, filter: (p) => !/^\/(data|target)(\/|$)/.test(p.slice(example.length)) });
  const gen = spawnSync(process.execPath, [join(root, 'scripts', 'generate-example-data.mjs'), '--project', dir, '--customers', '60', '--orders', '400'], { encoding: 'utf8' });
  if (gen.status !== 0) throw new Error(gen.stderr);
  const run = await runCli(['run', '--project', dir], dir);
  if (run.code !== 0) throw new Error(run.stdout + run.stderr);
  const docs = await runCli(['docs', '--project', dir], dir);
  if (docs.code !== 0) throw new Error(docs.stdout + docs.stderr);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function open(hash: string): Promise<Page> {
  return (await openSitePage(browser, join(dir, 'target', 'site'), hash, { external, errors })).page;
}

describe('the example pipeline\'s lineage site', () => {
  it('shows every dataset of the compiled example with last-run badges', async () => {
    const page = await open('');
    const names = await page.locator('[data-node] .n-name').allTextContents();
    for (const n of ['raw_orders', 'cleaned_orders', 'customers_enriched', 'customer_segments', 'customers_current', 'customers_history']) {
      expect(names).toContain(n);
    }
    expect(await page.locator('.node[aria-label^="cleaned_orders,"]').textContent()).toContain('WARN');
    await page.screenshot({ path: join(shots, 'real-example-index-1280.png') });
    await page.context().close();
  });

  it('finds cleaned_orders by search and shows its SQL, quarantine, expectations and column lineage', async () => {
    const page = await open('');
    await page.keyboard.press('/');
    await page.keyboard.type('cleaned_ord');
    await page.waitForSelector('.search-result.active');
    const n = Number(await page.getAttribute('body', 'data-rendered'));
    await page.keyboard.press('Enter');
    await page.waitForFunction((m) => Number(document.body.getAttribute('data-rendered')) > m, n);
    expect(await page.locator('h1').textContent()).toBe('cleaned_orders');
    const panes = page.locator('.sql-pane pre');
    expect(await panes.nth(0).textContent()).toContain('FROM STREAM(raw_orders)');
    expect(await panes.nth(1).textContent()).toContain('"main"."raw_orders"');
    expect(await page.getByText('cleaned_orders_quarantine').count()).toBeGreaterThan(0);
    expect(await page.locator('tr', { hasText: 'valid_amount' }).locator('.action').textContent()).toBe('drop row');
    const m = Number(await page.getAttribute('body', 'data-rendered'));
    await page.locator('table.columns a.col-name', { hasText: /^order_amount$/ }).click();
    await page.waitForFunction((k) => Number(document.body.getAttribute('data-rendered')) > k, m);
    expect(new URL(page.url()).hash).toBe('#/column/cleaned_orders.order_amount');
    expect((await page.locator('.lineage-up li').allTextContents()).join('|')).toContain('raw_orders.amount');
    expect((await page.locator('.lineage-down li').allTextContents()).join('|')).toContain('customers_enriched.lifetime_value');
    await page.screenshot({ path: join(shots, 'real-example-column-1280.png'), fullPage: true });
    await page.context().close();
  });

  it('made no request outside the site folder and threw no errors', () => {
    expect(external).toEqual([]);
    expect(errors).toEqual([]);
  });
});
