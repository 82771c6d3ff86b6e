import { describe, expect, it } from 'vitest';
import { selectDatasets } from '../../src/plan/index.js';
import { SELECT_FIXTURE } from './select-fixture.js';

const p = SELECT_FIXTURE;
const sel = (select?: string[], exclude?: string[]) => [...selectDatasets(p.graph, select, exclude).selected].sort();

describe('selection grammar (CONVENTIONS)', () => {
  it('selects everything by default', () => expect(sel()).toEqual(['a', 'b', 'c', 'd', 'e', 'x']));
  it('x, +x, x+, bounded depth', () => {
    expect(sel(['c'])).toEqual(['c']);
    expect(sel(['+c'])).toEqual(['a', 'b', 'c']);
    expect(sel(['b+'])).toEqual(['b', 'c', 'd']);
    expect(sel(['1+c'])).toEqual(['b', 'c']);
    expect(sel(['a+1'])).toEqual(['a', 'b', 'e']);
    expect(sel(['+b+'])).toEqual(['a', 'b', 'c', 'd']);
  });
  it('@x: descendants and their ancestors', () => expect(sel(['@c'])).toEqual(['a', 'b', 'c', 'd', 'x']));
  it('tag:, path:, globs', () => {
    expect(sel(['tag:silver'])).toEqual(['b', 'e']);
    expect(sel(['path:gold'])).toEqual(['c', 'd']);
    expect(sel(['path:gold/'])).toEqual(['c', 'd']);
    expect(sel(['*'])).toEqual(['a', 'b', 'c', 'd', 'e', 'x']);
    expect(sel(['LIVE.B'])).toEqual(['b']);
  });
  it('space is a union, comma an intersection, --exclude removes', () => {
    expect(sel(['c e'])).toEqual(['c', 'e']);
    expect(sel(['c', 'e'])).toEqual(['c', 'e']);
    expect(sel(['+d,tag:gold'])).toEqual(['c', 'd']);
    expect(sel(['+d'], ['tag:silver'])).toEqual(['a', 'c', 'd', 'x']);
    expect(sel(undefined, ['a+'])).toEqual(['x']);
  });
  it('fqn: is a name; any other method, and a method without a value, is a bad selector (exit 2), as in dbt', () => {
    expect(sel(['fqn:c+'])).toEqual(['c', 'd']);
    for (const bad of ['config.materialized:view', 'resource_type:streaming_table', 'state:modified', 'source:raw', 'tag:']) {
      expect(selectDatasets(p.graph, [bad], undefined).diagnostics.map((d) => [d.code, d.severity]), bad).toEqual([['WEIR5003', 'error']]);
    }
  });
  it('warns when a selector matches nothing', () => {
    const r = selectDatasets(p.graph, ['nope'], undefined);
    expect(r.selected.size).toBe(0);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['WEIR5002', 'warning']]);
  });
  it('an empty part around a comma is a bad selector, not everything', () => {
    for (const bad of [',', 'c,', '+c+,,', ',tag:gold']) {
      expect(selectDatasets(p.graph, [bad], undefined).diagnostics.map((d) => d.code), bad).toEqual(['WEIR5003']);
    }
  });
});
