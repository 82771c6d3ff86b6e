import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validatePipeline } from '../../src/analyze/index.js';
import { balanced } from '../../src/analyze/validate-fast-path.js';
import type { StageResult } from '../../src/model/diagnostic.js';
import type { CompiledPipeline } from '../../src/model/compiled-pipeline.js';
import { translatePipeline } from '../../src/translate/index.js';
import { expectGolden } from '../helpers/golden.js';
import { buildPipeline, type DatasetSpec } from '../translate/pipeline-builder.js';

/**
 * Validate binds most datasets on a fast path (one transaction, two connections, checks bound with the query,
 * stand-ins created only when read, a cache of what bound before) and falls back to the exact one-by-one path
 * to report. The goldens were written by the one-by-one implementation alone (before the fast path existed):
 * every result here, cold, with a cache being filled and with a warm cache, must be the same, diagnostics
 * (codes, positions, messages, hints: "did you mean" depends on which stand-ins exist) and columns alike.
 */
const BASE: DatasetSpec[] = [
  { name: 'orders', columns: ['id INT', 'customer_id INT', 'amount DECIMAL(10,2)', 'status STRING'] },
  { name: 'customers', columns: ['id INT', 'name STRING', 'region STRING'] },
];
const golden = (name: string): string => join(new URL('.', import.meta.url).pathname, 'golden', 'validate-fast-path', `${name}.json`);
const dir = mkdtempSync(join(tmpdir(), 'weir-fast-path-'));
mkdirSync(join(dir, 'in'));
writeFileSync(join(dir, 'in', 'a.json'), '{"id": 1, "amount": 2.5}\n');

const exp = (name: string, cond: string): readonly [string, string] => [name, cond];
const SCENARIOS: Record<string, DatasetSpec[]> = {
  duplicateNames: [{ name: 'a', query: 'SELECT id, id FROM orders' }, { name: 'b', query: 'SELECT * FROM a' }],
  duplicateNamesWithCheck: [{ name: 'a', query: 'SELECT id, ID FROM orders', expectations: [exp('e', 'id > 0')] }, { name: 'b', query: 'SELECT * FROM a' }],
  nameLikeARename: [{ name: 'a', query: 'SELECT id, id + 1 AS id_1 FROM orders', expectations: [exp('e', 'id_1 > 0')] }, { name: 'b', query: 'SELECT * FROM a' }],
  rowidInCheck: [{ name: 'a', query: 'SELECT id FROM orders', expectations: [exp('e', 'rowid >= 0')] }],
  aggregateInCheck: [{ name: 'a', query: 'SELECT id FROM orders', expectations: [exp('e', 'count(*) > 0')] }],
  nonBooleanChecks: [{ name: 'a', query: 'SELECT id, amount FROM orders', expectations: [exp('e', 'amount'), exp('f', '1'), exp('g', '5')] }],
  checkQualifiedByTable: [{ name: 'a', query: 'SELECT id FROM orders', expectations: [exp('e', 'a.id IS NOT NULL'), exp('f', 'main.a.id > 0')] }],
  windowInCheck: [{ name: 'a', query: 'SELECT id FROM orders', expectations: [exp('e', 'row_number() OVER () > 0')] }],
  badChecks: [{ name: 'a', query: 'SELECT id FROM orders', expectations: [exp('e', 'idd > 0'), exp('f', 'status = 1')] }, { name: 'b', query: 'SELECT * FROM a' }],
  unbalancedCheck: [{ name: 'a', query: 'SELECT id FROM orders', expectations: [exp('e', 'id > 0) AND (id < 10')] }],
  trailingComments: [{ name: 'a', query: 'SELECT id FROM orders -- c', expectations: [exp('e', 'id > 0 -- why')] }, { name: 'b', query: 'SELECT * FROM a -- x' }],
  nestedAndAliasedTypes: [
    { name: 'a', query: "SELECT {'x': 1} AS s, id, 'a'::JSON AS j FROM orders", expectations: [exp('e', 's.x > 0'), exp('f', "j->>'$.x' IS NULL")] },
    { name: 'b', query: 'SELECT s.x, j FROM a' },
  ],
  columnTypos: [{ name: 'a', query: 'SELECT id FROM orders' }, { name: 'b', query: 'SELECT idd FROM a' }, { name: 'c', query: 'SELECT * FROM b' }, { name: 'd', query: 'SELECT amout FROM orders' }],
  typeErrors: [{ name: 'a', query: 'SELECT abs(status) AS x FROM orders' }, { name: 'b', query: "SELECT id FROM orders WHERE status > DATE '2020-01-01'" }],
  ambiguous: [{ name: 'a', query: 'SELECT id FROM orders o JOIN customers c ON o.customer_id = c.id' }],
  fileSources: [
    { name: 'a', query: 'SELECT id FROM orders' },
    { name: 'missing', query: "SELECT * FROM read_files('nothing/*.json', format => 'json')" },
    { name: 'typed', query: "SELECT * FROM read_files('in/*.json', format => 'json')" },
    { name: 'z', query: 'SELECT a.id, t.amount FROM a JOIN typed t ON a.id = t.id', expectations: [exp('e', 'amount > 0')] },
    { name: 'z2', query: 'SELECT * FROM missing' },
  ],
  syntaxErrors: [{ name: 'a', query: 'SELEC id FROM orders' }, { name: 'b', query: 'SELECT id FROM orders WHERE' }],
  subqueriesInChecks: [
    { name: 'a', query: 'SELECT id FROM orders', expectations: [exp('e', 'id IN (SELECT id FROM orders)')] },
    { name: 'b', query: 'SELECT * FROM a', expectations: [exp('e', '(SELECT count(*) FROM a) > 0')] },
  ],
  declaredOnly: [{ name: 'x', columns: ['k INT'] }, { name: 'untyped', columns: ['k'] }, { name: 'a', query: 'SELECT k FROM x' }, { name: 'b', query: 'SELECT * FROM untyped' }],
  checkReadsAnUnreadDataset: [
    { name: 'leaf', query: 'SELECT id FROM orders' }, { name: 'm', query: 'SELECT id FROM orders' },
    { name: 'n', query: 'SELECT * FROM m', expectations: [exp('e', '(SELECT count(*) FROM main.leaf) >= 0')] },
  ],
  checkMisspellsAnUnreadDataset: [
    { name: 'leaf', query: 'SELECT id FROM orders' }, { name: 'm', query: 'SELECT id FROM orders' },
    { name: 'n', query: 'SELECT * FROM m', expectations: [exp('e', '(SELECT count(*) FROM main.leaff) >= 0')] },
  ],
  checkReadsALaterIndependentDataset: [{ name: 'p', query: 'SELECT id FROM orders', expectations: [exp('e', '(SELECT count(*) FROM main.q) >= 0')] }, { name: 'q', query: 'SELECT id FROM orders' }],
  checkReadsAnEarlierIndependentDataset: [
    { name: 'p', query: 'SELECT id FROM orders' }, { name: 'q', query: 'SELECT id FROM orders', expectations: [exp('e', '(SELECT count(*) FROM main.p) >= 0')] },
    { name: 'r', query: 'SELECT * FROM q' },
  ],
  errorDeepInAChain: Array.from({ length: 30 }, (_, i): DatasetSpec => ({
    name: `n${i}`, query: i === 0 ? 'SELECT id, amount FROM orders' : `SELECT * FROM n${i - 1}${i === 17 ? ' WHERE nope' : ''}`, expectations: [exp('e', 'amount >= 0')],
  })),
  errorInAWideGroup: [
    ...Array.from({ length: 30 }, (_, i): DatasetSpec => ({ name: `w${i}`, query: i === 11 ? 'SELECT idx FROM orders' : `SELECT id, ${i} AS k FROM orders`, expectations: [exp('e', 'id > 0')] })),
    { name: 'zz', query: 'SELECT * FROM w3 JOIN w11 USING (id)' },
  ],
};

const WARM_BASE: DatasetSpec[] = [
  ...Array.from({ length: 12 }, (_, i): DatasetSpec => ({
    name: `s${i}`, query: i < 3 ? `SELECT id, amount, ${i} AS k FROM orders` : `SELECT * FROM s${i - 3}`, expectations: [exp('e', 'amount >= 0')],
  })),
  { name: 'leaf', query: 'SELECT id FROM orders' },
  { name: 'j', query: 'SELECT a.id, b.k FROM s9 a JOIN s10 b USING (id)' },
];
/** Changes made after a validate filled the cache. */
const CHANGES: Record<string, (specs: DatasetSpec[]) => DatasetSpec[]> = {
  nothing: (x) => x,
  aTypeUpstream: (x) => x.map((d) => (d.name === 's4' ? { ...d, query: 'SELECT id, amount::DOUBLE AS amount, k FROM s1' } : d)),
  aTypoMidway: (x) => x.map((d) => (d.name === 's7' ? { ...d, query: 'SELECT idd FROM s4' } : d)),
  aCheckMisspellingACachedDataset: (x) => x.map((d) => (d.name === 'j' ? { ...d, expectations: [exp('e', '(SELECT count(*) FROM main.lef) >= 0')] } : d)),
  aNewDataset: (x) => [...x, { name: 'zz', query: 'SELECT * FROM s11 JOIN leaf USING (id)' }],
};

function compile(specs: DatasetSpec[]): CompiledPipeline {
  const { graph, files } = buildPipeline([...BASE, ...specs]);
  return translatePipeline(graph, files, { projectRoot: dir, schema: 'main' }).value;
}

function summary(v: StageResult<CompiledPipeline>): string {
  // The temporary folder appears in file-source messages.
  return `${JSON.stringify({ diagnostics: v.diagnostics, columns: v.value.datasets.map((d) => [d.id, d.columns ?? null]) }, null, 1)}\n`.replaceAll(dir, '<dir>');
}

describe('validate: the fast path reports exactly what the one-by-one path does', () => {
  for (const [name, specs] of Object.entries(SCENARIOS)) {
    it(name, async () => {
      const compiled = compile(specs);
      const cacheFile = join(dir, `${name}.json`);
      const cold = summary(await validatePipeline(compiled, { projectRoot: dir }));
      expectGolden(golden(name), cold);
      expect(summary(await validatePipeline(compiled, { projectRoot: dir, cacheFile }))).toBe(cold);
      expect(summary(await validatePipeline(compiled, { projectRoot: dir, cacheFile }))).toBe(cold);
    });
  }
});

describe('validate: a warm cache reports exactly what a cold validate does', () => {
  for (const [name, change] of Object.entries(CHANGES)) {
    it(`after changing ${name}`, async () => {
      const cacheFile = join(dir, `warm-${name}.json`);
      const before = compile(WARM_BASE);
      const beforeCold = summary(await validatePipeline(before, { projectRoot: dir }));
      expectGolden(golden('warm-before'), beforeCold);
      expect(summary(await validatePipeline(before, { projectRoot: dir, cacheFile }))).toBe(beforeCold);
      const after = compile(change(WARM_BASE));
      const cold = summary(await validatePipeline(after, { projectRoot: dir }));
      expectGolden(golden(`warm-${name}`), cold);
      expect(summary(await validatePipeline(after, { projectRoot: dir, cacheFile }))).toBe(cold);
      expect(summary(await validatePipeline(after, { projectRoot: dir, cacheFile }))).toBe(cold);
    });
  }
});

describe('balanced', () => {
  it('counts parentheses outside strings, quoted names and line comments; anything unmodelled is unbalanced', () => {
    expect(balanced("SELECT (a), ')' AS \"(\" FROM t -- )")).toBe(true);
    expect(balanced('SELECT 1) UNION (SELECT 2')).toBe(false);
    expect(balanced('SELECT (1')).toBe(false);
    expect(balanced("SELECT 'it''s' -- (\nFROM t")).toBe(true);
    expect(balanced('SELECT $$)$$')).toBe(false);
    expect(balanced('SELECT 1 /* ( */')).toBe(false);
    expect(balanced("SELECT 'a\\b'")).toBe(false);
    expect(balanced("SELECT 'open")).toBe(false);
  });
});
