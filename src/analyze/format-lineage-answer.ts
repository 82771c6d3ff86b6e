import type { ColumnRef, LineageAnswer, LineageHop, UnknownLineage } from './column-lineage-query.js';

/**
 * The text form of `weir lineage`: one line per column reached, indented by depth under the column it was
 * reached from, with `(derived)` when a hop computes rather than copies, and an `unknown:` line where the walk
 * stops because the lineage cannot be known (so "(none)" always means none). Only the sections asked for.
 */
export function formatLineageAnswer(a: LineageAnswer): string {
  if (a.error) return `error: ${a.error}`;
  const title = a.target.column !== undefined ? `${a.target.node}.${a.target.column}` : a.target.node;
  const lines = [title];
  const section = (name: 'upstream' | 'downstream', hops: readonly LineageHop[]): void => {
    lines.push(`${name}:`);
    // Children of a hop are the hops of the same root whose path extends it.
    const byParent = new Map<string, LineageHop[]>();
    for (const h of hops) {
      const k = `${label(h.root)}\u0000${h.path.length > 1 ? label(h.path[h.path.length - 2]) : ''}`;
      const arr = byParent.get(k);
      if (arr) arr.push(h);
      else byParent.set(k, [h]);
    }
    const stops = (a.unknown ?? []).filter((u) => u.direction === name);
    const unknownAt = (root: ColumnRef, at: ColumnRef): UnknownLineage[] =>
      stops.filter((u) => label(u.root) === label(root) && label(u.at) === label(at));
    /** Prints the subtree of `root` under `parent` ('' = the root itself); false when it printed nothing. */
    const print = (root: ColumnRef, parent: string, indent: number): boolean => {
      let printed = false;
      for (const h of byParent.get(`${label(root)}\u0000${parent}`) ?? []) {
        lines.push(`${'  '.repeat(indent)}${label(h)}${h.transform === 'derived' ? ' (derived)' : ''}`);
        for (const u of unknownAt(root, h)) lines.push(`${'  '.repeat(indent + 1)}unknown: ${u.reason}`);
        print(root, label(h), indent + 1);
        printed = true;
      }
      return printed;
    };
    const tree = (root: ColumnRef, indent: number): void => {
      const atRoot = unknownAt(root, root);
      for (const u of atRoot) lines.push(`${'  '.repeat(indent)}unknown: ${u.reason}`);
      if (!print(root, '', indent) && atRoot.length === 0) lines.push(`${'  '.repeat(indent)}(none)`);
    };
    if (a.target.column !== undefined) tree(a.columns[0], 1);
    else if (a.columns.length === 0) lines.push(a.columnsUnknown ? `  unknown: ${a.columnsUnknown}` : '  (none)');
    else {
      // A dataset target: one subtree per column of the dataset.
      for (const c of a.columns) {
        lines.push(`  ${c.column}`);
        tree(c, 2);
      }
    }
  };
  if (a.columnsUnknown && a.target.column === undefined && a.columns.length > 0) lines.push(`columns: only those its readers name (${a.columnsUnknown})`);
  if (a.upstream) section('upstream', a.upstream);
  if (a.downstream) section('downstream', a.downstream);
  return lines.join('\n');
}

function label(r: ColumnRef): string {
  return `${r.node}.${r.column}`;
}
