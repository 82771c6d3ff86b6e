import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';

/**
 * Loads the browser app's pure scripts (site-assets/lib/*.js) into a fresh VM context, the way the page
 * does (they set `Weir.*` on the global), so unit tests exercise the exact code that ships.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function loadClientLib(...files: string[]): any {
  const context: Record<string, unknown> = {};
  for (const file of files) {
    const code = readFileSync(new URL(`../../site-assets/lib/${file}`, import.meta.url), 'utf8');
    runInNewContext(code, context, { filename: file });
  }
  return context.Weir;
}
