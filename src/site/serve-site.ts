import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { watchTree } from './watch-tree.js';

export interface ServeOptions {
  readonly dir: string;
  readonly port: number;
  /** Called (serialised, debounced) when a file under `watch` changes. */
  readonly rebuild: () => Promise<void>;
  readonly watch: readonly string[];
  /** Paths (files or folders) whose changes never trigger a rebuild, e.g. `target/`. The site dir always is. */
  readonly ignore?: readonly string[];
  /** Defaults to 127.0.0.1: the docs are for the developer's own browser, not the network. */
  readonly host?: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
};

/**
 * Serves the built site from `dir` on localhost (`weir docs --serve`) and rebuilds when watched files change.
 * Only files inside `dir` are served (no directory listings, no `..`). Port 0 picks a free port.
 */
export function serveSite(options: ServeOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const root = resolve(options.dir);
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(root, path));
    if ((file !== root && !file.startsWith(root + sep)) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    createReadStream(file).pipe(res);
  });

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  // Debounced: one save is several events, an editor's save-all many. A change while a rebuild runs is not
  // dropped (the build may have read the file before the save): one more rebuild follows it. The rebuild's
  // own writes (the manifest, the site) are under ignored paths, so they cannot loop.
  let busy = false;
  let again = false;
  const schedule = (): void => {
    if (busy) { again = true; return; }
    clearTimeout(timer);
    timer = setTimeout(() => {
      busy = true;
      running = running.then(() => options.rebuild()).catch((error: unknown) => {
        process.stderr.write(`weir docs: rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`);
      }).finally(() => {
        busy = false;
        if (again && !closed) { again = false; schedule(); }
      });
    }, 150);
  };
  let closed = false;
  const ignored = [root, ...(options.ignore ?? []).map((p) => resolve(p))];
  const isIgnored = (path: string): boolean => ignored.some((p) => path === p || path.startsWith(p + sep));
  const watcher = watchTree(options.watch, isIgnored, schedule);

  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      resolvePromise({
        url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
        close: async () => {
          closed = true;
          clearTimeout(timer);
          watcher.close();
          server.closeAllConnections();
          await new Promise<void>((done) => server.close(() => done()));
          await running;
        },
      });
    });
  });
}
