import type { Manifest } from '../model/manifest.js';

/** A downstream use of a column: `node`.`column` is computed (directly or derived) from it. */
export interface ColumnUse {
  readonly node: string;
  readonly column: string;
  readonly transform: 'direct' | 'derived';
}

/**
 * The manifest stores column lineage upstream only (`columns[*].lineage`); the site also shows where a
 * column is used downstream (issue 6), so invert it once at build time: `uses.get(node).get(column)` lists
 * the columns that read it, sorted by node then column for byte-stable output.
 */
export function invertLineage(manifest: Manifest): Map<string, Map<string, ColumnUse[]>> {
  const uses = new Map<string, Map<string, ColumnUse[]>>();
  for (const id of Object.keys(manifest.nodes).sort()) {
    const node = manifest.nodes[id];
    for (const name of Object.keys(node.columns).sort()) {
      for (const up of node.columns[name].lineage) {
        let byColumn = uses.get(up.node);
        if (!byColumn) uses.set(up.node, (byColumn = new Map()));
        let list = byColumn.get(up.column);
        if (!list) byColumn.set(up.column, (list = []));
        list.push({ node: id, column: name, transform: up.transform });
      }
    }
  }
  for (const byColumn of uses.values()) {
    for (const list of byColumn.values()) {
      list.sort((a, b) => (a.node === b.node ? cmp(a.column, b.column) : cmp(a.node, b.node)));
    }
  }
  return uses;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
