import { readFileSync } from 'node:fs';

/** Weir's version from package.json (read once; works from src/ and dist/). */
export const WEIR_VERSION: string = (() => {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();
