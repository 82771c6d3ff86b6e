import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Debian's Chromium, headless, with no network-using background services. Never downloads a browser. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: run scripts/install-chromium.sh (apt-get install chromium) first`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/**
 * A page on `siteDir`'s index.html (from file://) at `hash`, once rendered. The network is blocked: any request
 * outside the site folder is recorded in `seen.external`; page errors and dialogs in `seen.errors`.
 */
export async function openSitePage(
  browser: Browser, siteDir: string, hash: string, seen: { external: string[]; errors: string[] }, viewport = { width: 1280, height: 800 },
): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({ viewport });
  const prefix = pathToFileURL(siteDir).href + '/';
  await context.route(/^https?:|^wss?:/, (route) => { seen.external.push(route.request().url()); return route.abort(); });
  const page = await context.newPage();
  page.on('request', (r) => { if (!r.url().startsWith(prefix)) seen.external.push(r.url()); });
  page.on('pageerror', (e) => seen.errors.push(e.message));
  page.on('dialog', (d) => { seen.errors.push(`dialog: ${d.message()}`); void d.dismiss(); });
  await page.goto(prefix + 'index.html' + hash);
  await page.waitForSelector('body[data-rendered]');
  return { page, context };
}
