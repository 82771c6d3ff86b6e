import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import fg from 'fast-glob';
import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import type { Diagnostic } from '../../model/diagnostic.js';
import { error } from '../../model/diagnostic.js';
import type { Span } from '../../model/span.js';
import { didYouMean } from '../../util/did-you-mean.js';
import { QualityCodes } from '../codes.js';
import { readCsvRows } from './read-csv-rows.js';
import type { TestBatch, TestCase, TestRow, TestRows } from './test-case.js';

export interface LoadedTests {
  readonly cases: TestCase[];
  /** Text of every test file read (project-relative path → text), for code frames. */
  readonly texts: Map<string, string>;
  readonly diagnostics: Diagnostic[];
}

/**
 * Reads `tests/**\/*.yml|yaml` under the project root. Format (README "Unit tests"):
 *   tests:
 *     - name: vip_threshold
 *       dataset: customer_segments
 *       given: { customers_enriched: [ {customer_id: 1, lifetime_value: 12000} ] }   # or {csv: path}
 *       expect: { rows: [ {customer_id: 1, segment: VIP} ], dropped: [...], failed: {valid_ltv: 0}, ordered: false }
 *     - name: two_batches
 *       dataset: raw_orders
 *       batches: [ {given: ..., expect: ...}, {given: ..., expect: ...} ]
 */
export function loadTestFiles(root: string, testsDir = 'tests'): LoadedTests {
  const texts = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const cases: TestCase[] = [];
  const files = fg.sync(`${testsDir}/**/*.{yml,yaml}`, { cwd: root, onlyFiles: true }).sort();
  for (const rel of files) {
    const text = readFileSync(join(root, rel), 'utf8');
    texts.set(rel, text);
    cases.push(...parseTestFile(rel, text, root, texts, diagnostics));
  }
  return { cases, texts, diagnostics };
}

export function parseTestFile(file: string, text: string, root: string, texts: Map<string, string>, diagnostics: Diagnostic[]): TestCase[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const spanOf = (n: YamlNode | null | undefined): Span => {
    const r = n?.range;
    return { file, start: r ? r[0] : 0, end: r ? r[1] : 0 };
  };
  // One problem, one diagnostic: the parser's later errors are mostly the first one seen again (an unclosed
  // bracket is also "missing flow collection end"), so only the first is reported.
  const e = doc.errors[0];
  if (e) {
    diagnostics.push(error(QualityCodes.BadTestFile, e.message.split('\n')[0], { file, start: e.pos[0], end: e.pos[1] }));
    return [];
  }
  const top = doc.contents;
  const list = isMap(top) ? top.get('tests', true) : isSeq(top) ? top : undefined;
  if (!isSeq(list)) {
    diagnostics.push(error(QualityCodes.BadTestFile, 'a test file holds a list `tests:` of test cases', spanOf(top as YamlNode), {
      hint: 'tests:\n  - name: my_test\n    dataset: my_dataset\n    given: {...}\n    expect: {rows: [...]}',
    }));
    return [];
  }
  const bad = (node: YamlNode | null | undefined, message: string, hint?: string): void => {
    diagnostics.push(error(QualityCodes.BadTestFile, message, spanOf(node), hint ? { hint } : {}));
  };
  // A misspelled key (`expct:`, `gven:`) would silently test nothing: every key is checked, with a suggestion.
  const unknownKeys = (map: YAMLMap, known: readonly string[], where: string, misplaced: Readonly<Record<string, string>> = {}): number => {
    let n = 0;
    for (const p of map.items as Pair<YamlNode, YamlNode>[]) {
      const key = String((p.key as { value?: unknown } | null)?.value);
      if (known.includes(key)) continue;
      n++;
      const guess = didYouMean(key, known);
      diagnostics.push(error(QualityCodes.UnknownTestKey, misplaced[key] ?? `unknown key '${key}' in ${where}`, spanOf(p.key),
        { hint: misplaced[key] ? `move it into each batch: batches: [{given: ..., expect: ...}]` : guess ? `did you mean ${guess}?` : `${where} takes: ${known.join(', ')}` }));
    }
    return n;
  };

  const readRows = (node: YamlNode | null | undefined, what: string): TestRows | undefined => {
    if (isMap(node) && node.has('csv')) {
      const pathNode = node.get('csv', true) as YamlNode;
      const csvPath = resolve(root, dirname(file), String((pathNode as { value?: unknown }).value ?? ''));
      const r = readCsvRows(csvPath, relative(root, csvPath).split('\\').join('/'), texts);
      if ('error' in r) { diagnostics.push(error(QualityCodes.BadCsvFixture, r.error, spanOf(pathNode))); return undefined; }
      return { rows: r.rows, span: spanOf(node) };
    }
    if (!isSeq(node)) { bad(node, `${what} must be a list of rows (or {csv: path})`); return undefined; }
    const rows: TestRow[] = [];
    for (const item of node.items) {
      if (!isMap(item)) { bad(item as YamlNode, 'a row is a mapping of column: value'); continue; }
      const values: Record<string, unknown> = {};
      const keySpans: Record<string, Span> = {};
      for (const p of item.items as Pair<YamlNode, YamlNode>[]) {
        const k = String((p.key as { value?: unknown }).value);
        values[k] = p.value ? (p.value as { toJSON: () => unknown }).toJSON() : null;
        keySpans[k] = spanOf(p.key);
      }
      rows.push({ values, keySpans, span: spanOf(item) });
    }
    return { rows, span: spanOf(node) };
  };

  const readBatch = (node: YAMLMap, keys: readonly string[], where: string): TestBatch & { readonly typos: number } => {
    const typos = unknownKeys(node, keys, where, keys.includes('batches') ? {} : { batches: '`batches` is a key of a test case, not of a batch' });
    const given = new Map<string, TestRows & { keySpan: Span }>();
    const g = node.get('given', true) as YamlNode | undefined;
    if (g !== undefined && !isMap(g)) bad(g, '`given` maps each input to its rows');
    if (isMap(g)) {
      for (const p of g.items as Pair<YamlNode, YamlNode>[]) {
        const rows = readRows(p.value, `given.${String((p.key as { value?: unknown }).value)}`);
        if (rows) given.set(String((p.key as { value?: unknown }).value), { ...rows, keySpan: spanOf(p.key) });
      }
    }
    const ex = node.get('expect', true) as YamlNode | undefined;
    let expectRows: TestRows | undefined;
    let expectDropped: TestRows | undefined;
    let expectFailed: Map<string, { count: number; span: Span }> | undefined;
    let ordered = false;
    if (ex !== undefined) {
      if (!isMap(ex)) bad(ex, '`expect` holds rows:, dropped:, failed: or ordered:');
      else {
        unknownKeys(ex, ['rows', 'dropped', 'failed', 'ordered'], '`expect`');
        if (ex.has('rows')) expectRows = readRows(ex.get('rows', true) as YamlNode, 'expect.rows');
        if (ex.has('dropped')) expectDropped = readRows(ex.get('dropped', true) as YamlNode, 'expect.dropped');
        ordered = ex.get('ordered') === true;
        const f = ex.get('failed', true) as YamlNode | undefined;
        if (isMap(f)) {
          expectFailed = new Map();
          for (const p of f.items as Pair<YamlNode, YamlNode>[]) {
            const v = (p.value as { value?: unknown })?.value;
            if (typeof v !== 'number') bad(p.value, 'a failed-row count must be a number');
            else expectFailed.set(String((p.key as { value?: unknown }).value), { count: v, span: spanOf(p.key) });
          }
        } else if (f !== undefined) bad(f, '`failed` maps expectation names to failed-row counts');
      }
    }
    return { given, ...(expectRows ? { expectRows } : {}), ...(expectDropped ? { expectDropped } : {}), ...(expectFailed ? { expectFailed } : {}), ordered, typos };
  };

  const out: TestCase[] = [];
  list.items.forEach((item, i) => {
    if (!isMap(item)) { bad(item as YamlNode, 'a test case is a mapping with name, dataset, given and expect'); return; }
    const problemsBefore = diagnostics.length;
    const datasetNode = item.get('dataset', true) as YamlNode | undefined;
    const dataset = (datasetNode as { value?: unknown } | undefined)?.value;
    if (typeof dataset !== 'string') { bad(datasetNode ?? item, 'a test case needs `dataset: <name>`'); return; }
    const name = String(item.get('name') ?? `${dataset}_${i + 1}`);
    const batchesNode = item.get('batches', true) as YamlNode | undefined;
    const batches: (TestBatch & { readonly typos: number })[] = [];
    if (batchesNode !== undefined) {
      // With batches, given / expect belong to each batch: at the case's level they would be ignored.
      const typos = unknownKeys(item, ['name', 'dataset', 'description', 'batches'], 'a test case',
        { given: '`given` goes in each batch when the test has `batches`', expect: '`expect` goes in each batch when the test has `batches`' });
      if (!isSeq(batchesNode)) bad(batchesNode, '`batches` is a list of {given, expect}');
      else for (const b of batchesNode.items) if (isMap(b)) batches.push(readBatch(b, ['given', 'expect', 'description'], 'a batch')); else bad(b as YamlNode, 'a batch is {given, expect}');
      if (typos > 0 && batches.length > 0) batches[0] = { ...batches[0], typos: batches[0].typos + typos };
    } else {
      batches.push(readBatch(item, ['name', 'dataset', 'description', 'given', 'expect', 'batches'], 'a test case'));
    }
    // A test that asserts nothing would always pass (dbt rejects a unit test without `expect`). Not said again
    // when a misspelled key (most likely the `expect` itself) was just reported.
    const asserts = batches.some((b) => b.expectRows || b.expectDropped || b.expectFailed);
    if (!asserts && batches.every((b) => b.typos === 0) && diagnostics.length === problemsBefore) {
      diagnostics.push(error(QualityCodes.TestAssertsNothing, `test '${name}' expects nothing: it would pass whatever ${dataset} produces`, spanOf(item.get('name', true) as YamlNode ?? item),
        { hint: 'add expect: {rows: [...]} (or dropped: / failed:) to the test, or to a batch' }));
    }
    // Problems of this case were reported while reading it: it runs no query (a missing fixture's rows would
    // otherwise be reported again as a missing input).
    const problems = diagnostics.slice(problemsBefore).filter((d) => d.severity === 'error').map((d) => d.message);
    out.push({ name, dataset, datasetSpan: spanOf(datasetNode), file, span: spanOf(item),
      batches: batches.map(({ typos: _typos, ...b }) => b), ...(problems.length > 0 ? { problems } : {}) });
  });
  return out;
}
