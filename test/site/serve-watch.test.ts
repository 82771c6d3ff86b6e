import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/model/manifest.js';
import { buildSite, serveSite } from '../../src/site/index.js';

/**
 * `weir docs --serve` must keep rebuilding however a file is saved (acceptance audit C §6): `sed -i` and many
 * editors save by writing a temporary file and renaming it over the original, which a watch on the file's
 * inode loses; after that, later edits to the file used to be ignored.
 */
const manifest = JSON.parse(readFileSync(new URL('./fixtures/example-manifest.json', import.meta.url), 'utf8')) as Manifest;
const root = mkdtempSync(join(tmpdir(), 'weir-watch-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('serveSite watching', () => {
  it('rebuilds after files are replaced by rename, appended to, and created in new folders; bursts are debounced', async () => {
    const site = join(root, 'target', 'site');
    const models = join(root, 'transformations');
    mkdirSync(models, { recursive: true });
    const file = join(models, 'p.sql');
    writeFileSync(file, 'SELECT 1;\n');
    await buildSite(manifest, [], { outDir: site });
    let rebuilds = 0;
    const server = await serveSite({ dir: site, port: 0, watch: [root], ignore: [join(root, 'target')], rebuild: async () => { rebuilds++; } });
    const waitFor = async (n: number): Promise<void> => {
      const deadline = Date.now() + 5000;
      while (rebuilds < n && Date.now() < deadline) await sleep(25);
      expect(rebuilds).toBe(n);
      await sleep(450); // past the debounce and the quiet time after a rebuild
      expect(rebuilds).toBe(n);
    };
    try {
      await sleep(100);
      // an atomic save: write a temporary file, rename it over the original (what `sed -i` does)
      writeFileSync(join(models, '.p.sql.tmp'), 'SELECT 2;\n');
      renameSync(join(models, '.p.sql.tmp'), file);
      await waitFor(1);
      // later plain edits of the replaced file
      appendFileSync(file, '-- y\n');
      await waitFor(2);
      appendFileSync(file, '-- w\n');
      await waitFor(3);
      // a burst of saves is one rebuild
      for (let i = 0; i < 5; i++) appendFileSync(file, `-- ${i}\n`);
      await waitFor(4);
      // a folder created after the server started is watched too
      mkdirSync(join(models, 'more'));
      await waitFor(5);
      writeFileSync(join(models, 'more', 'q.sql'), 'SELECT 3;\n');
      await waitFor(6);
      appendFileSync(join(models, 'more', 'q.sql'), '-- z\n');
      await waitFor(7);
      // the ignored target folder never rebuilds
      writeFileSync(join(root, 'target', 'manifest.json'), '{}');
      await sleep(500);
      expect(rebuilds).toBe(7);
    } finally {
      await server.close();
    }
  });
});
