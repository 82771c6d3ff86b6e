import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * ARCHITECTURE §1: no stage imports a later stage, and there are no import cycles between files.
 * The order below is the pipeline's; shared folders come first.
 */
const ORDER = [
  'model', 'util', 'sql', 'report', 'discover', 'template', 'parse', 'resolve', 'translate', 'cdc', 'analyze',
  'quality', 'manifest', 'compiler', 'plan', 'emit', 'execute', 'site', 'cli',
];
// `report` is pure formatting that every stage may use; it reads only shared types.
const MAY_IMPORT: Record<string, string[]> = {
  compiler: ['model', 'util', 'sql', 'report', 'discover', 'template', 'parse', 'resolve', 'translate', 'analyze', 'quality'],
};

const SRC = resolve(__dirname, '../../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
    out.push(resolve(dirname(file), m[1].replace(/\.js$/, '.ts')));
  }
  return out;
}

const folderOf = (file: string): string => relative(SRC, file).split('/')[0];

describe('architecture', () => {
  const all = files(SRC);

  it('knows every src folder', () => {
    const folders = [...new Set(all.map(folderOf))].filter((f) => !f.endsWith('.ts'));
    expect(folders.filter((f) => !ORDER.includes(f))).toEqual([]);
  });

  it('has no stage importing a later stage', () => {
    const violations: string[] = [];
    for (const file of all) {
      const from = folderOf(file);
      for (const target of importsOf(file)) {
        const to = folderOf(target);
        if (to === from) continue;
        const allowed = MAY_IMPORT[from] ?? ORDER.slice(0, ORDER.indexOf(from));
        if (from !== 'cli' && !allowed.includes(to)) violations.push(`${relative(SRC, file)} imports ${relative(SRC, target)}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('has no import cycles', () => {
    const graph = new Map(all.map((f) => [f, importsOf(f).filter((t) => all.includes(t))]));
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, stack: string[]): void => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'visiting') {
        cycles.push([...stack.slice(stack.indexOf(f)), f].map((x) => relative(SRC, x)).join(' -> '));
        return;
      }
      state.set(f, 'visiting');
      for (const t of graph.get(f) ?? []) visit(t, [...stack, f]);
      state.set(f, 'done');
    };
    for (const f of all) visit(f, []);
    expect(cycles).toEqual([]);
  });
});
