import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/model/manifest.js';
import { buildSite, serveSite } from '../../src/site/index.js';

const manifest = JSON.parse(readFileSync(new URL('./fixtures/example-manifest.json', import.meta.url), 'utf8')) as Manifest;
const root = mkdtempSync(join(tmpdir(), 'weir-serve-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('serveSite', () => {
  it('serves the site on localhost, nothing outside it, and rebuilds when a watched file changes', async () => {
    const site = join(root, 'target', 'site');
    const models = join(root, 'models');
    mkdirSync(models, { recursive: true });
    writeFileSync(join(models, 'a.sql'), 'SELECT 1');
    await buildSite(manifest, [], { outDir: site });
    let rebuilds = 0;
    const server = await serveSite({ dir: site, port: 0, watch: [models, root], ignore: [join(root, 'target')], rebuild: async () => { rebuilds++; } });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const index = await fetch(server.url);
      expect(index.status).toBe(200);
      expect(index.headers.get('content-type')).toContain('text/html');
      expect(await index.text()).toContain('data/index.js');
      expect((await fetch(server.url + 'data/index.js')).headers.get('content-type')).toContain('javascript');
      expect((await fetch(server.url + '..%2F..%2Fmodels%2Fa.sql')).status).toBe(404);
      expect((await fetch(server.url + 'missing.js')).status).toBe(404);

      // writing the site itself (under a watched folder) must not loop; a model change must rebuild
      await buildSite(manifest, [], { outDir: site });
      await new Promise((r) => setTimeout(r, 400));
      expect(rebuilds).toBe(0);
      writeFileSync(join(models, 'a.sql'), 'SELECT 2');
      const deadline = Date.now() + 5000;
      while (rebuilds === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(rebuilds).toBe(1);
      // ignored paths never rebuild
      await new Promise((r) => setTimeout(r, 500));
      mkdirSync(join(root, 'target', 'runs'), { recursive: true });
      writeFileSync(join(root, 'target', 'manifest.json'), '{}');
      await new Promise((r) => setTimeout(r, 500));
      expect(rebuilds).toBe(1);
    } finally {
      await server.close();
    }
  });
});
