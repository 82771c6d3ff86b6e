import type { LineageAnswer, LineageHop } from './column-lineage-query.js';

/**
 * The text form of `weir lineage`: one line per column reached, indented by depth under the column it was
 * reached from, with `(derived)` when a hop computes rather than copies.
 */
export function formatLineageAnswer(a: LineageAnswer): string {
  if (a.error) return `error: ${a.error}`;
  const title = a.target.column !== undefined ? `${a.target.node}.${a.target.column}` : a.target.node;
  const lines = [title];
  const section = (name: string, hops: readonly LineageHop[]): void => {
    lines.push(`${name}:`);
    if (hops.length === 0) { lines.push('  (none)'); return; }
    // Print as a tree: children of a hop are the hops whose path extends it.
    const byParent = new Map<string, LineageHop[]>();
    for (const h of hops) {
      const parent = h.path.length > 1 ? label(h.path[h.path.length - 2]) : '';
      const arr = byParent.get(parent) ?? [];
      arr.push(h);
      byParent.set(parent, arr);
    }
    const print = (parent: string, indent: number, root?: string): void => {
      for (const h of byParent.get(parent) ?? []) {
        if (root !== undefined && label(h.root) !== root) continue;
        lines.push(`${'  '.repeat(indent)}${label(h)}${h.transform === 'derived' ? ' (derived)' : ''}`);
        print(label(h), indent + 1);
      }
    };
    if (a.target.column !== undefined) print('', 1);
    else {
      // A dataset target: one subtree per column of the dataset.
      for (const c of a.columns) {
        if (!hops.some((h) => label(h.root) === label(c))) continue;
        lines.push(`  ${c.column}`);
        print('', 2, label(c));
      }
    }
  };
  section('upstream', a.upstream);
  section('downstream', a.downstream);
  return lines.join('\n');
}

function label(r: { node: string; column: string }): string {
  return `${r.node}.${r.column}`;
}
