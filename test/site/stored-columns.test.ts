import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/model/manifest.js';
import { withStoredColumns } from '../../src/site/stored-columns.js';
import { buildSiteData } from '../../src/site/build-site-data.js';
import { putFile, runCli, writeProject } from '../helpers/cli.js';

describe('the site\'s columns of datasets compile cannot type (audit 7)', () => {
  it('come from the tables a run created: SELECT * over files has its columns on the site', async () => {
    const dir = writeProject({
      'weir.yml': 'name: sc\n',
      'p.sql': "CREATE OR REFRESH STREAMING TABLE raw AS SELECT * FROM STREAM read_files('data/*.json', format => 'json');\n",
    });
    putFile(dir, 'data/1.json', '{"id": 1, "name": "a"}\n');
    expect((await runCli(['compile', '--project', dir], dir)).code).toBe(0);
    const compiled = JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8')) as Manifest;
    const node = (m: Manifest) => Object.values(m.nodes).find((n) => n.name === 'raw')!;
    expect(node(compiled).column_order).toEqual([]);
    const db = join(dir, 'target', 'sc.duckdb');
    expect(node(await withStoredColumns(compiled, db)).column_order).toEqual([]); // no database yet
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    const filled = node(await withStoredColumns(compiled, db));
    expect(filled.column_order).toEqual(['id', 'name']);
    expect(filled.columns.id).toMatchObject({ data_type: 'BIGINT', lineage: [] });
    const site = buildSiteData(await withStoredColumns(compiled, db), [], '2026-11-25T00:00:00.000Z');
    expect(site.index.cols[site.index.names.indexOf('raw')]).toBe('id name');
    expect((await runCli(['docs', '--project', dir], dir)).code).toBe(0);
  });
});
