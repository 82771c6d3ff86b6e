import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The on-disk caches under `target/.weir-cache/` (column lineage, validate): plain JSON stamped with a salt that
 * identifies the code that computed them. A missing, unreadable or foreign file is no cache; a file is replaced
 * atomically (write then rename), so a killed process or two at once leave a whole file behind.
 */
export interface SaltedCache<E> {
  readonly salt: string;
  readonly entries: Readonly<Record<string, E>>;
}

/** The whole cache at `path` (its entries and any other members) when it was written with `salt`, else undefined. */
export function readSaltedCache<T extends SaltedCache<unknown>>(path: string, salt: string): T | undefined {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as T;
    return v && v.salt === salt && v.entries && typeof v.entries === 'object' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The entries of the cache at `path` when it was written with `salt`, else none. */
export function readJsonCache<E>(path: string, salt: string): Readonly<Record<string, E>> {
  return readSaltedCache<SaltedCache<E>>(path, salt)?.entries ?? {};
}

export function writeJsonCache<E>(path: string, cache: SaltedCache<E>): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, JSON.stringify(cache));
    renameSync(tmp, path);
  } catch {
    // A cache that cannot be written only costs time next time.
    rmSync(tmp, { force: true });
  }
}

const salts = new Map<string, string>();

/**
 * Identifies code by the text of its modules (siblings of `moduleUrl`, whatever their extension: .ts under tsx
 * and vitest, .js once built), so changing them invalidates every cache without a version bump. Computed on first
 * use, not when the module loads: commands that never touch a cache do not read these files.
 */
export function codeSalt(tag: string, moduleUrl: string, names: readonly string[]): string {
  let salt = salts.get(tag);
  if (salt !== undefined) return salt;
  const here = new URL(moduleUrl);
  const ext = here.pathname.slice(here.pathname.lastIndexOf('.'));
  const h = createHash('sha1').update(tag);
  for (const name of names) {
    try {
      h.update(readFileSync(new URL(`./${name}${ext}`, here)));
    } catch {
      h.update(`missing:${name}`);
    }
  }
  salt = h.digest('base64url');
  salts.set(tag, salt);
  return salt;
}
