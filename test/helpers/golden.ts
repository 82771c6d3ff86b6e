import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect } from 'vitest';

/**
 * Compares `actual` with the golden file at `path`. Run with `UPDATE_GOLDEN=1` to (re)write goldens, then
 * review them as a diff. A missing golden is a failure (never silently created) unless updating.
 */
export function expectGolden(path: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`golden file missing: ${path} (run with UPDATE_GOLDEN=1 and review the diff)`);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}
