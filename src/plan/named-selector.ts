import type { Diagnostic, PipelineGraph } from '../model/index.js';
import { error } from '../model/index.js';
import { didYouMean } from '../util/did-you-mean.js';
import { RunCodes } from './codes.js';
import { selectDatasets } from './select.js';

/**
 * dbt's named selectors (`selectors.yml`, `--selector name`): a definition is a selector string in `--select`'s
 * grammar, a method dict (`{method: tag, value: nightly, parents: true, children_depth: 1}` or the short
 * `{tag: nightly}`), or a set operation (`union: [...]` whose `{exclude: [...]}` member is taken away,
 * `intersection: [...]`); `{method: selector, value: other}` reuses another named selector. Pure: the parsed
 * YAML and the graph in, dataset ids out; problems are WEIR5004 errors (a bad invocation).
 */
export function evalNamedSelector(
  graph: PipelineGraph, doc: unknown, name: string, file = 'selectors.yml',
): { selected: Set<string>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const bad = (message: string, hint?: string): Set<string> => {
    diagnostics.push(error(RunCodes.BadNamedSelector, `${file}: ${message}`, undefined, hint ? { hint } : {}));
    return new Set();
  };
  const list = (doc as { selectors?: unknown } | null)?.selectors;
  if (!Array.isArray(list)) return { selected: bad('expected a top-level `selectors:` list'), diagnostics };
  const byName = new Map<string, unknown>();
  for (const s of list as { name?: unknown; definition?: unknown }[]) {
    if (s && typeof s.name === 'string') byName.set(s.name, s.definition);
  }
  const evalDef = (def: unknown, stack: readonly string[]): Set<string> => {
    if (typeof def === 'string') {
      const r = selectDatasets(graph, [def], undefined);
      diagnostics.push(...r.diagnostics);
      return r.selected;
    }
    if (Array.isArray(def)) return evalDef({ union: def }, stack);
    if (!def || typeof def !== 'object') return bad(`selector '${stack[stack.length - 1]}': a definition is a string, a method or union / intersection`);
    const o = def as Record<string, unknown>;
    if (Array.isArray(o.union)) {
      const out = new Set<string>();
      const away = new Set<string>();
      for (const m of o.union) {
        if (m && typeof m === 'object' && !Array.isArray(m) && 'exclude' in m) {
          for (const id of evalDef({ union: (m as { exclude: unknown }).exclude }, stack)) away.add(id);
        } else for (const id of evalDef(m, stack)) out.add(id);
      }
      return new Set([...out].filter((id) => !away.has(id)));
    }
    if (Array.isArray(o.intersection)) {
      let out: Set<string> | undefined;
      for (const m of o.intersection) {
        const ids = evalDef(m, stack);
        out = out === undefined ? ids : new Set([...out].filter((id) => ids.has(id)));
      }
      return out ?? new Set();
    }
    const keys = Object.keys(o);
    const method = typeof o.method === 'string' ? o.method : keys.length === 1 ? keys[0] : undefined;
    const value = typeof o.method === 'string' ? o.value : keys.length === 1 ? o[keys[0]] : undefined;
    if (method === undefined || typeof value !== 'string') return bad(`selector '${stack[stack.length - 1]}': cannot read ${JSON.stringify(def)}`, 'write {method: tag, value: x}, {tag: x}, a selector string, union: [...] or intersection: [...]');
    if (method === 'selector') return named(value, stack);
    const core = method === 'fqn' ? value : method === 'tag' || method === 'path' ? `${method}:${value}` : undefined;
    if (core === undefined) return bad(`selector '${stack[stack.length - 1]}': method '${method}' is not supported`, 'Weir selects by fqn (name), tag, path and selector');
    const depth = (v: unknown): string => (typeof v === 'number' ? String(v) : '');
    const atom = o.childrens_parents === true ? `@${core}`
      : `${o.parents === true || o.parents_depth !== undefined ? `${depth(o.parents_depth)}+` : ''}${core}${o.children === true || o.children_depth !== undefined ? `+${depth(o.children_depth)}` : ''}`;
    return evalDef(atom, stack);
  };
  const named = (n: string, stack: readonly string[]): Set<string> => {
    if (stack.includes(n)) return bad(`selectors refer to each other in a cycle: ${[...stack, n].join(' -> ')}`);
    if (!byName.has(n)) {
      const guess = didYouMean(n, byName.keys());
      return bad(`no selector named '${n}'`, guess ? `did you mean ${guess}?` : `defined: ${[...byName.keys()].join(', ') || 'none'}`);
    }
    return evalDef(byName.get(n), [...stack, n]);
  };
  return { selected: named(name, []), diagnostics };
}
