import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverProject } from '../../src/discover/index.js';
import { hasErrors } from '../../src/model/diagnostic.js';
import { formatDiagnostics } from '../../src/report/format-diagnostic.js';
import { expectGolden } from '../helpers/golden.js';
import { makeProject, removeProjects } from './helpers.js';

afterAll(removeProjects);

const golden = (name: string): string => join(import.meta.dirname, 'golden', name);

/** Config diagnostics formatted against the spec file, with the temp root replaced. */
function formatted(root: string, result: ReturnType<typeof discoverProject>): string {
  const spec = result.value?.specSource;
  return formatDiagnostics(result.diagnostics, (f) => (spec && f === spec.path ? spec.text : undefined))
    .split(root).join('<root>') + '\n';
}

describe('discoverProject: weir.yml', () => {
  it('reads every field and applies defaults', () => {
    const root = makeProject({
      'weir.yml': [
        'name: shop', 'catalog: dev', 'schema: sales', 'configuration:', '  source_path: /data', '  batch: 10',
        '  strict: true', 'vars:', '  start_date: "2024-01-01"', 'publish: atomic', 'target_path: out', '',
      ].join('\n'),
      'models/a.sql': 'CREATE MATERIALIZED VIEW a AS SELECT 1',
      'models/sub/b.sql': 'CREATE MATERIALIZED VIEW b AS SELECT 1',
      'macros/m.sql': '{% macro m() %}1{% endmacro %}',
      'tests/t.sql': 'SELECT 1',
      'target/compiled/a.sql': 'SELECT 1',
      'out/compiled/a.sql': 'SELECT 1',
      'node_modules/x/y.sql': 'SELECT 1',
      'README.md': '# hi',
    });
    const r = discoverProject({ cwd: root });
    expect(r.diagnostics).toEqual([]);
    const { config, files } = r.value!;
    expect(config).toMatchObject({
      name: 'shop', root, specKind: 'weir', catalog: 'dev', schema: 'sales', publish: 'atomic',
      configuration: { source_path: '/data', batch: '10', strict: 'true' },
      vars: { start_date: '2024-01-01' },
      targetPath: join(root, 'out'),
      databasePath: join(root, 'out', 'shop.duckdb'),
      macroPaths: [join(root, 'macros')],
      libraries: ['**/*.sql'],
    });
    expect(files.map((f) => f.path)).toEqual(['models/a.sql', 'models/sub/b.sql']);
    expect(files[0].absPath).toBe(join(root, 'models/a.sql'));
    expect(files[0].hash).toBe(createHash('sha256').update('CREATE MATERIALIZED VIEW a AS SELECT 1').digest('hex'));
    expect(config.keySpans?.name).toEqual({ file: 'weir.yml', start: 0, end: 4 });
  });

  it('defaults schema to main and the database to target/<name>.duckdb', () => {
    const root = makeProject({ 'weir.yml': 'name: p\n' });
    const r = discoverProject({ cwd: root });
    expect(r.value!.config.schema).toBe('main');
    expect(r.value!.config.databasePath).toBe(join(root, 'target', 'p.duckdb'));
    expect(r.value!.config.macroPaths).toEqual([]);
    expect(r.value!.files).toEqual([]);
  });

  it('merges CLI overrides over the spec', () => {
    const root = makeProject({ 'weir.yml': 'name: p\nconfiguration:\n  a: "1"\n  b: "2"\nvars:\n  x: 1\n' });
    const r = discoverProject({ cwd: root, conf: { b: 'B', c: 'C' }, vars: { y: 2 }, databasePath: 'db/x.duckdb', targetPath: 'tgt' });
    expect(r.value!.config.configuration).toEqual({ a: '1', b: 'B', c: 'C' });
    expect(r.value!.config.vars).toEqual({ x: 1, y: 2 });
    expect(r.value!.config.databasePath).toBe(join(root, 'db/x.duckdb'));
    expect(r.value!.config.targetPath).toBe(join(root, 'tgt'));
  });

  it('accepts `database` as the schema and warns when both aliases are set', () => {
    const root = makeProject({ 'weir.yml': 'name: p\ndatabase: d\nschema: s\n' });
    const r = discoverProject({ cwd: root });
    expect(r.value!.config.schema).toBe('d');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['WEIR1011']);
  });
});

describe('discoverProject: Spark Declarative Pipelines spec', () => {
  it('runs an unchanged spark-pipeline.yml with `glob: include` libraries', () => {
    const root = makeProject({
      'spark-pipeline.yml': [
        'name: my_pipeline', 'libraries:', '  - glob:', '      include: transformations/**', 'storage: file:///tmp/storage',
        'catalog: my_catalog', 'database: my_db', 'configuration:', '  spark.sql.shuffle.partitions: "1000"', '',
      ].join('\n'),
      'transformations/orders.sql': 'CREATE MATERIALIZED VIEW orders AS SELECT 1',
      'transformations/nested/customers.sql': 'CREATE MATERIALIZED VIEW customers AS SELECT 1',
      'transformations/notes.txt': 'ignored silently',
      'transformations/py_flow.py': 'import dlt',
      'other/x.sql': 'not in the glob',
    });
    const r = discoverProject({ cwd: root });
    const { config, files } = r.value!;
    expect(config).toMatchObject({ name: 'my_pipeline', specKind: 'spark-pipeline', catalog: 'my_catalog', schema: 'my_db', libraries: ['transformations/**'] });
    expect(config.configuration).toEqual({ 'spark.sql.shuffle.partitions': '1000' });
    expect(files.map((f) => f.path)).toEqual(['transformations/nested/customers.sql', 'transformations/orders.sql']);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['WEIR1021', 'info']]);
    expect(r.diagnostics[0].message).toContain('transformations/py_flow.py');
  });

  it('accepts plain strings, bare folders and older pipeline.yaml names', () => {
    const root = makeProject({
      'pipeline.yaml': 'name: old\nlibraries:\n  - sql/one.sql\n  - more\n',
      'sql/one.sql': 'SELECT 1',
      'sql/two.sql': 'SELECT 2',
      'more/three.sql': 'SELECT 3',
    });
    const r = discoverProject({ cwd: root });
    expect(r.diagnostics).toEqual([]);
    expect(r.value!.files.map((f) => f.path)).toEqual(['more/three.sql', 'sql/one.sql']);
  });

  it('accepts Databricks bundle entries and the old `definitions` name', () => {
    const root = makeProject({
      'pipeline.yml': 'name: b\ndefinitions:\n  - notebook:\n      path: nb/one.sql\n  - file:\n      path: two.sql\n',
      'nb/one.sql': 'SELECT 1', 'two.sql': 'SELECT 2', 'three.sql': 'SELECT 3',
    });
    const r = discoverProject({ cwd: root });
    expect(r.value!.files.map((f) => f.path)).toEqual(['nb/one.sql', 'two.sql']);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['WEIR1010', 'info']]);
  });

  it('prefers weir.yml over an SDP spec in the same folder', () => {
    const root = makeProject({ 'weir.yml': 'name: w\n', 'spark-pipeline.yml': 'name: s\n' });
    const r = discoverProject({ cwd: root });
    expect(r.value!.config).toMatchObject({ name: 'w', specKind: 'weir' });
  });

  it('accepts a spec file passed directly as --project', () => {
    const root = makeProject({ 'conf/spark-pipeline.yml': 'name: direct\nlibraries: ["../t/**"]\n', 't/a.sql': 'SELECT 1' });
    const r = discoverProject({ cwd: root, projectDir: 'conf/spark-pipeline.yml' });
    expect(r.value!.config.name).toBe('direct');
  });
});

describe('discoverProject: finding the spec', () => {
  it('walks up from a subfolder like dbt', () => {
    const root = makeProject({ 'weir.yml': 'name: up\n', 'models/deep/er/a.sql': 'SELECT 1' });
    const r = discoverProject({ cwd: join(root, 'models'), projectDir: 'deep/er' });
    expect(r.value!.config.root).toBe(root);
    expect(r.value!.files.map((f) => f.path)).toEqual(['models/deep/er/a.sql']);
  });

  it('reports a missing spec with where it looked and how to fix it', () => {
    const root = realpathSync(makeProject({ 'a.sql': 'SELECT 1' }));
    const r = discoverProject({ cwd: root });
    expect(r.value).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'WEIR1001', severity: 'error' });
    expect(r.diagnostics[0].message).toContain(root);
    expect(r.diagnostics[0].hint).toContain('weir init');
  });

  it('rejects two candidates in one folder, naming both', () => {
    const root = makeProject({ 'spark-pipeline.yml': 'name: a\n', 'spark-pipeline.yaml': 'name: b\n' });
    const r = discoverProject({ cwd: root });
    expect(r.value).toBeUndefined();
    expect(r.diagnostics[0].code).toBe('WEIR1002');
    expect(r.diagnostics[0].message).toContain('spark-pipeline.yml and spark-pipeline.yaml');
  });
});

describe('discoverProject: config diagnostics', () => {
  it('warns about unknown fields with the nearest known one (golden)', () => {
    const root = makeProject({
      'weir.yml': [
        'name: p', 'librarys:', '  - "**/*.sql"', 'configuraton:', '  a: b', 'publish: atomik', 'colour: blue',
        'libraries:', '  - glob:', '      includes: x/**', '  - nothing/here/**', '  - glob:', '      include: y/**', '      exclude: z', 'configuration: [1, 2]', '',
      ].join('\n'),
    });
    const r = discoverProject({ cwd: root });
    expect(r.value).toBeDefined();
    expect(hasErrors(r.diagnostics)).toBe(true);
    expect(r.diagnostics.find((d) => d.code === 'WEIR1010')?.hint).toBe('did you mean `libraries`?');
    expectGolden(golden('config-diagnostics.txt'), formatted(root, r));
  });

  it('reports YAML syntax errors and a missing name at their place (golden)', () => {
    const root = makeProject({ 'weir.yml': 'catalog: c\nconfiguration:\n  a: [1\n' });
    const r = discoverProject({ cwd: root });
    expect(r.diagnostics.map((d) => d.code)).toContain('WEIR1003');
    expect(r.diagnostics.map((d) => d.code)).toContain('WEIR1004');
    expectGolden(golden('yaml-errors.txt'), formatted(root, r));
  });

  it('a name that is not a string is one error (WEIR1005), not also "has no name"', () => {
    const root = makeProject({ 'weir.yml': 'name: [x]\n' });
    const r = discoverProject({ cwd: root });
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['WEIR1005']);
  });

  it('warns when a library glob matches nothing', () => {
    const root = makeProject({ 'weir.yml': 'name: p\nlibraries:\n  - glob:\n      include: missing/**\n' });
    const r = discoverProject({ cwd: root });
    const d = r.diagnostics.find((x) => x.code === 'WEIR1020')!;
    expect(d.severity).toBe('warning');
    const spec = r.value!.specSource.text;
    expect(spec.slice(d.span!.start, d.span!.end)).toBe('missing/**');
  });

  it('warns about a configured macro folder that does not exist', () => {
    const root = makeProject({ 'weir.yml': 'name: p\nmacros: [lib/macros, m2]\n', 'm2/x.sql': '{% macro x() %}{% endmacro %}' });
    const r = discoverProject({ cwd: root });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['WEIR1012']);
    expect(r.value!.config.macroPaths).toEqual([join(root, 'm2')]);
  });
});

describe('discoverProject: notebook exports', () => {
  it('turns a byte-order mark into a space', () => {
    const root = makeProject({ 'weir.yml': 'name: bom\n', 'a.sql': '\uFEFFSELECT 1' });
    const file = discoverProject({ cwd: root }).value!.files[0];
    expect(file.text).toBe(' SELECT 1');
  });

  it('blanks notebook lines without moving any offset', () => {
    const text = [
      '-- Databricks notebook source', '-- MAGIC %md', '-- MAGIC # Orders', '', '-- COMMAND ----------', '',
      '-- DBTITLE 1,Bronze', 'CREATE STREAMING TABLE orders AS SELECT * FROM STREAM(raw)', '', '-- COMMAND ----------',
      'CREATE MATERIALIZED VIEW x AS SELECT 1 -- MAGIC stays inside a line', '',
    ].join('\r\n');
    const root = makeProject({ 'weir.yml': 'name: nb\n', 'nb.sql': text });
    const file = discoverProject({ cwd: root }).value!.files[0];
    expect(file.text.length).toBe(text.length);
    const lines = file.text.split('\r\n');
    expect(lines[0]).toBe(' '.repeat('-- Databricks notebook source'.length));
    expect(lines[1].trim()).toBe('');
    expect(lines[4]).toBe('-- COMMAND ----------');
    expect(lines[6].trim()).toBe('');
    expect(lines[10]).toBe('CREATE MATERIALIZED VIEW x AS SELECT 1 -- MAGIC stays inside a line');
    const at = text.indexOf('CREATE STREAMING');
    expect(file.text.indexOf('CREATE STREAMING')).toBe(at);
    expect(file.hash).toBe(createHash('sha256').update(text).digest('hex'));
  });
});

describe('discoverProject: source encodings (audit 7)', () => {
  it('refuses a SQL file that is not UTF-8 (its bytes would reach the data as U+FFFD), and UTF-16, saying where', async () => {
    const { writeFileSync } = await import('node:fs');
    const root = makeProject({ 'weir.yml': 'name: enc\nlibraries: ["*.sql"]\n', 'ok.sql': "SELECT 'é' AS a, '\uFFFD' AS b;\n" });
    writeFileSync(join(root, 'latin1.sql'), Buffer.from("-- note\nSELECT 'caf\xe9' AS a;\n", 'latin1'));
    writeFileSync(join(root, 'wide.sql'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('SELECT 1;', 'utf16le')]));
    const r = discoverProject({ cwd: root });
    expect(r.value!.files.map((f) => f.path)).toEqual(['ok.sql']);
    expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'WEIR1022 cannot read latin1.sql: it is not UTF-8 text (line 2); save it as UTF-8',
      'WEIR1022 cannot read wide.sql: it is UTF-16 text; save it as UTF-8',
    ]);
  });
});
