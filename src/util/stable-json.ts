import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';

/** JSON with object keys sorted recursively (arrays keep their order): byte-stable artifacts. */
export function stableStringify(value: unknown, indent = 2): string {
  return JSON.stringify(sortKeys(value), null, indent || undefined) + '\n';
}

/**
 * `value` with object keys in sorted order and undefined members dropped. Copy-on-write: an array or plain
 * object that is already in that form (all its keys sorted, nothing inside changed) is returned as is, so the
 * 50 MB manifest, built with sorted keys, is serialised without first being copied. `JSON.stringify` writes
 * the same text either way (it skips undefined members itself, and a copy would enumerate its keys the same).
 */
function sortKeys(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    const n = value.length;
    for (let i = 0; i < n; i++) {
      const v = value[i];
      const s = sortKeys(v);
      if (out === undefined && (s !== v || !(i in value))) out = value.slice(0, i);
      if (out !== undefined) out[i] = s;
    }
    if (out !== undefined) out.length = n;
    return out === undefined && Object.getPrototypeOf(value) === Array.prototype ? value : out ?? value.slice();
  }
  const obj = value as Record<string, unknown>;
  if (isPlainObject(obj)) {
    // One pass (for-in: no key array; a plain object has no inherited enumerable keys): are the keys sorted,
    // and does a member change? Keep the object when sorted and unchanged.
    let prev: string | undefined;
    let changed: Map<string, unknown> | undefined;
    let sorted = true;
    let visited = 0;
    for (const k in obj) {
      if (prev !== undefined && prev > k) { sorted = false; break; }
      prev = k;
      visited++;
      const v = obj[k];
      if (!v || typeof v !== 'object') continue;
      const s = sortKeys(v);
      if (s !== v) (changed ??= new Map()).set(k, s);
    }
    if (sorted) {
      if (!changed) return obj;
      const out: Record<string, unknown> = {};
      for (const k in obj) {
        const v = obj[k];
        if (v !== undefined) out[k] = changed.has(k) ? changed.get(k) : v;
      }
      return out;
    }
    // Unsorted: a copy in key order. The first `visited` keys (for-in and Object.keys agree on the order)
    // were sorted above already: reuse those results rather than walk their members again.
    const keys = Object.keys(obj);
    const done = new Set(keys.slice(0, visited));
    const out: Record<string, unknown> = {};
    for (const k of keys.sort()) {
      const v = obj[k];
      if (v === undefined) continue;
      out[k] = changed?.has(k) ? changed.get(k) : done.has(k) ? v : sortKeys(v);
    }
    return out;
  }
  const keys = Object.keys(obj);
  const out: Record<string, unknown> = {};
  for (const k of keys.sort()) {
    const v = obj[k];
    if (v !== undefined) out[k] = sortKeys(v);
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Text buffered before each write: large enough for few system calls, small enough to stay out of the old generation. */
const CHUNK = 1 << 20;

/**
 * Writes `stableStringify(value, 0)` to `path` without ever holding the whole text: the members of a plain object
 * and of its plain-object members (the manifest's `nodes`, `flows`, ...) are serialised one at a time. The 50 MB
 * manifest of 10,000 datasets was one string, plus the copies JSON.stringify makes while it grows: the compile's
 * peak memory. Same bytes (a test compares them).
 */
export function writeStableJson(path: string, value: unknown): void {
  if (!isPlainObject(value)) {
    writeFileSync(path, stableStringify(value, 0));
    return;
  }
  const fd = openSync(path, 'w');
  try {
    let buf = '';
    const emit = (text: string): void => {
      buf += text;
      if (buf.length >= CHUNK) { writeSync(fd, buf); buf = ''; }
    };
    const object = (obj: Record<string, unknown>, depth: number): void => {
      // Keys in the order JSON.stringify enumerates a sorted copy: integer-like keys first, then sorted insertion.
      const keys = Object.keys(obj).sort();
      const order = Object.keys(Object.fromEntries(keys.map((k) => [k, true])));
      emit('{');
      let first = true;
      for (const k of order) {
        const v = obj[k];
        if (v === undefined) continue;
        if (depth < 1 && isPlainObject(v)) {
          emit(`${first ? '' : ','}${JSON.stringify(k)}:`);
          object(v, depth + 1);
        } else {
          const text = JSON.stringify(sortKeys(v)) as string | undefined;
          if (text === undefined) continue; // a function or symbol member, which JSON.stringify leaves out
          emit(`${first ? '' : ','}${JSON.stringify(k)}:${text}`);
        }
        first = false;
      }
      emit('}');
    };
    object(value, 0);
    emit('\n');
    if (buf) writeSync(fd, buf);
  } finally {
    closeSync(fd);
  }
}
