// bench/scale-example.ts must write what the example pipeline reads: the same folders, file types and columns
// (with the same types) as scripts/generate-example-data.mjs, so the runner benchmark runs models-example unchanged.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { addPercent, scaleExample } from '../../bench/scale-example.js';

const scratch = mkdtempSync(join(tmpdir(), 'weir-scale-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function schemas(dataDir: string): Promise<Record<string, string[]>> {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  const out: Record<string, string[]> = {};
  try {
    for (const folder of readdirSync(dataDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
      const glob = join(dataDir, folder, '*');
      const reader = folder === 'orders' ? `read_parquet('${glob}.parquet')` : `read_json('${glob}', format = 'newline_delimited')`;
      const r = await con.runAndReadAll(`SELECT column_name || ' ' || column_type FROM (DESCRIBE SELECT * FROM ${reader})`);
      out[folder] = r.getRows().map((x) => String(x[0]));
    }
  } finally {
    con.closeSync();
    db.closeSync();
  }
  return out;
}

describe('bench/scale-example', () => {
  it('writes the folders and columns of the example generator, and --add-percent adds whole files', async () => {
    const example = join(scratch, 'example');
    const gen = spawnSync(process.execPath, [join(import.meta.dirname, '..', '..', 'scripts', 'generate-example-data.mjs'), '--project', example]);
    expect(gen.status).toBe(0);
    const scaled = join(scratch, 'scaled');
    const meta = await scaleExample(scaled, { orders: 2000, files: 4 });
    expect(meta.reused).toBe(false);
    expect(await schemas(scaled)).toEqual(await schemas(join(example, 'data')));
    expect((await scaleExample(scaled, { orders: 2000, files: 4 })).reused).toBe(true);
    await expect(scaleExample(scaled, { orders: 3000, files: 4 })).rejects.toThrow(/different data set/);

    const next = await addPercent(scaled, 25);
    expect(next.written).toBe(5);
    for (const folder of ['customers', 'customers_changes', 'orders', 'events', 'app_events']) {
      expect(readdirSync(join(scaled, folder)).filter((f) => !f.endsWith('.tmp')).length).toBe(5);
    }
  });
});
