import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stableStringify, writeStableJson } from '../../src/util/stable-json.js';

/** The reference definition: a sorted-key copy, then JSON.stringify. */
function reference(value: unknown, indent: number): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v as Record<string, unknown>).sort()) {
        const x = (v as Record<string, unknown>)[k];
        if (x !== undefined) out[k] = sortKeys(x);
      }
      return out;
    }
    return v;
  };
  return JSON.stringify(sortKeys(value), null, indent || undefined) + '\n';
}

const samples: unknown[] = [
  null, 0, -0, 1.5, NaN, Infinity, true, false, 'a"b\\c\n\u2028\u0001', '', undefined, () => 1,
  [], {}, [undefined, () => 1, Symbol('s'), null, NaN, 'x'], [1, , 3], // eslint-disable-line no-sparse-arrays
  { b: 1, a: 2, c: { z: [3, { y: undefined, x: 'q' }], d: undefined, f: () => 0, s: Symbol('t') } },
  { 10: 'ten', 2: 'two', b: 'b', '01': 'z', a: 'a', '-1': 'm', 4294967295: 'big', 4294967294: 'max' },
  { nested: [{ k: [] }, { k: {} }], 'é': 1, 'E': 2, '\u0000': 3 },
  new Date(0), new Map([[1, 2]]), { date: new Date(0) },
];

describe('stableStringify', () => {
  it('writes compact JSON byte-identical to the sorted-copy reference', () => {
    for (const s of samples) expect(stableStringify(s, 0)).toBe(reference(s, 0));
  });

  it('keeps the indented form', () => {
    for (const s of samples) expect(stableStringify(s)).toBe(reference(s, 2));
  });

  it('matches on a large generated document', () => {
    const doc: Record<string, unknown> = {};
    for (let i = 0; i < 500; i++) {
      doc[`node_${(i * 7919) % 500}`] = {
        unique_id: `n${i}`, name: `x${i}`, columns: { [`c${i}`]: { name: `c${i}`, lineage: [{ node: 'a', column: 'b', transform: 'direct' }] } },
        tags: i % 3 ? [] : ['t'], location: { line: i, column: 1, end_line: i + 1, end_column: 2 }, comment: i % 2 ? undefined : 'c',
      };
    }
    expect(stableStringify(doc, 0)).toBe(reference(doc, 0));
  });
});

describe('stableStringify on objects already in sorted form', () => {
  it('matches the reference when nested members need sorting or hold undefined', () => {
    const samples: unknown[] = [
      { a: { d: 1, c: 2 }, b: [{ y: 1, x: undefined }], constructor: { b: 1, a: 2 }, toString: 'x' },
      { a: 1, b: undefined, c: [undefined, { b: 2, a: 1 }] },
      Object.assign(Object.create(null), { a: { z: 1, y: 2 }, b: 3 }),
      { a: [1, [2, { d: 4, c: 3 }]], b: new Date(0) },
      { '1': 'x', '10': 'y', '2': 'z', a: 1 },
    ];
    for (const s of samples) {
      expect(stableStringify(s, 0)).toBe(reference(s, 0));
      expect(stableStringify(s)).toBe(reference(s, 2));
    }
  });

  it('does not modify its input', () => {
    const input = { b: { d: 1, c: 2 }, a: [{ y: 1, x: 2 }] };
    const before = JSON.stringify(input);
    stableStringify(input, 0);
    expect(JSON.stringify(input)).toBe(before);
  });
});

describe('stableStringify on generated nested values', () => {
  it('matches the reference on 300 seeded random documents', () => {
    let seed = 7;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const keys = ['a', 'b', 'c', 'z', 'y', '0', '1', '10', '2', 'é', 'A', '_', 'constructor', 'toString', '__x'];
    const gen = (depth: number): unknown => {
      const r = rnd(depth > 3 ? 5 : 9);
      if (r === 0) return null;
      if (r === 1) return rnd(100) - 50;
      if (r === 2) return `s${rnd(10)}`;
      if (r === 3) return rnd(2) === 0;
      if (r === 4) return undefined;
      if (r <= 6) return Array.from({ length: rnd(4) }, () => gen(depth + 1));
      const o: Record<string, unknown> = {};
      for (let i = rnd(6); i > 0; i--) o[keys[rnd(keys.length)]] = gen(depth + 1);
      return o;
    };
    for (let i = 0; i < 300; i++) {
      const doc = gen(0);
      expect(stableStringify(doc, 0)).toBe(reference(doc, 0));
    }
  });
});

describe('writeStableJson', () => {
  it('writes the bytes of stableStringify(value, 0), member by member', () => {
    const dir = mkdtempSync(join(tmpdir(), 'weir-json-'));
    const file = join(dir, 'm.json');
    const big: Record<string, unknown> = {};
    for (let i = 0; i < 3000; i++) {
      big[`n${(i * 7919) % 3000}`] = { z: i, a: { d: [i, { y: 1, x: 2 }], c: undefined, f: () => 1 }, text: 'x'.repeat(i % 700) };
    }
    const docs: unknown[] = [
      ...samples,
      { nodes: big, flows: { b: { k: 1 }, a: { j: [1, 2] } }, metadata: { v: '1' }, empty: {}, list: [{ b: 1, a: 2 }], skip: undefined, fn: () => 1 },
      { 10: { 2: 'x', 1: 'y', b: { d: 1, c: 2 } }, 9: 'nine', '-1': [], a: Object.assign(Object.create(null), { z: 1, y: { b: 2, a: 1 } }) },
    ];
    for (const d of docs) {
      writeStableJson(file, d);
      expect(readFileSync(file, 'utf8')).toBe(stableStringify(d, 0));
    }
  });
});
