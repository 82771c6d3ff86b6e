import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';

export interface TreeWatcher {
  close(): void;
}

/**
 * Calls `onChange(path)` when anything under `roots` changes, except under ignored paths.
 *
 * Each folder is watched on its own (not one recursive `fs.watch`, and never the files): on Linux a watch is on an
 * inode, and `sed -i` or an editor's atomic save replaces a file by renaming a new one over it, so a watch on the
 * old file (what Node 20's recursive watch keeps for files on Linux) goes silent after the first such save. A
 * folder's watch reports every create, rename, write and delete of its entries however the file is saved.
 * Folders created later are added when they appear; removed ones are dropped. Hidden folders (`.git`) and
 * `node_modules` are not watched, and hidden or backup files (an editor's `.p.sql.swp`, `p.sql~`) are not
 * reported: saving through one of them ends with a rename onto the real name, which is.
 */
export function watchTree(roots: readonly string[], isIgnored: (path: string) => boolean, onChange: (path: string) => void): TreeWatcher {
  const watchers = new Map<string, FSWatcher>();
  let closed = false;

  const skipDir = (dir: string): boolean => isIgnored(dir) || basename(dir).startsWith('.') || basename(dir) === 'node_modules';
  const skipName = (name: string): boolean => name.startsWith('.') || name.endsWith('~');

  const drop = (dir: string): void => {
    for (const [path, w] of watchers) {
      if (path === dir || path.startsWith(dir + sep)) {
        w.close();
        watchers.delete(path);
      }
    }
  };

  const add = (dir: string, isRoot = false): void => {
    if (closed || watchers.has(dir) || (!isRoot && skipDir(dir)) || isIgnored(dir)) return;
    let w: FSWatcher;
    try {
      w = watch(dir, (_event, name) => {
        if (closed) return;
        if (!name) { onChange(dir); return; }
        const path = join(dir, name.toString());
        if (isIgnored(path)) return;
        let isDir = false;
        try { isDir = statSync(path).isDirectory(); } catch { drop(path); }
        if (isDir) add(path);
        if (!skipName(basename(path))) onChange(path);
      });
    } catch {
      return; // removed meanwhile, or not readable: nothing to watch
    }
    // A watched folder that is deleted reports an error on some platforms: stop watching it.
    w.on('error', () => drop(dir));
    watchers.set(dir, w);
    let entries: import('node:fs').Dirent[] = [];
    try { entries = readdirSync(dir, { withFileTypes: true }); } catch { /* removed meanwhile */ }
    for (const e of entries) if (e.isDirectory()) add(join(dir, e.name));
  };

  for (const root of roots) {
    try {
      if (statSync(root).isDirectory()) add(resolve(root), true);
    } catch { /* a root that does not exist has nothing to watch */ }
  }
  return {
    close: () => {
      closed = true;
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}
