import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../src/parse/index.js';
import { formatDiagnostics } from '../../src/report/format-diagnostic.js';
import { expectGolden } from '../helpers/golden.js';
import { renderedFile } from './helpers.js';
import { renderParsed } from './render-parsed.js';

const here = import.meta.dirname;
const fixtures = readdirSync(join(here, 'fixtures')).filter((f) => f.endsWith('.sql')).sort();

/**
 * One golden pair per fixture: the statements (spans as line:col-line:col) and the formatted diagnostics.
 * Fixtures named `err-*` hold the diagnostics cases; the others every statement form and clause.
 */
describe('parseFile goldens', () => {
  it('has fixtures', () => {
    expect(fixtures.length).toBeGreaterThan(10);
  });

  for (const name of fixtures) {
    it(name, () => {
      const path = `transformations/${name}`;
      const text = readFileSync(join(here, 'fixtures', name), 'utf8');
      const result = parseFile(renderedFile(path, text));
      const base = join(here, 'golden', name.replace(/\.sql$/, ''));
      expectGolden(`${base}.ast.json`, renderParsed(result.value.statements, text));
      const diags = formatDiagnostics(result.diagnostics, (f) => (f === path ? text : undefined));
      expectGolden(`${base}.diagnostics.txt`, diags.length > 0 ? `${diags}\n` : '(no diagnostics)\n');
      if (!name.startsWith('err-')) {
        // Statement fixtures are valid pipelines: only infos for kept clauses (and the notebook's swallowed clause).
        expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      } else {
        expect(result.diagnostics.length).toBeGreaterThan(0);
      }
    });
  }
});
