import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { evalNamedSelector } from '../../src/plan/index.js';
import { SELECT_FIXTURE } from './select-fixture.js';

const p = SELECT_FIXTURE;

const YAML = parse(`
selectors:
  - name: cli_string
    definition: "+c tag:silver"
  - name: short
    definition: {tag: gold}
  - name: method
    definition: {method: fqn, value: b, children: true}
  - name: depth
    definition: {method: fqn, value: c, parents: true, parents_depth: 1}
  - name: family
    definition: {method: fqn, value: c, childrens_parents: true}
  - name: sets
    definition:
      union:
        - intersection: [{tag: gold}, {method: path, value: gold}]
        - method: selector
          value: short
        - exclude: [d]
  - name: loop
    definition: {method: selector, value: loop2}
  - name: loop2
    definition: {method: selector, value: loop}
  - name: odd
    definition: {method: source, value: raw}
`);
const run = (name: string) => evalNamedSelector(p.graph, YAML, name);
const ids = (name: string) => [...run(name).selected].sort();

describe('named selectors (dbt selectors.yml)', () => {
  it('reads the CLI grammar, method dicts, depth and @', () => {
    expect(ids('cli_string')).toEqual(['a', 'b', 'c', 'e']);
    expect(ids('short')).toEqual(['c', 'd']);
    expect(ids('method')).toEqual(['b', 'c', 'd']);
    expect(ids('depth')).toEqual(['b', 'c']);
    expect(ids('family')).toEqual(['a', 'b', 'c', 'd', 'x']);
  });
  it('unions, intersections, exclude and references to other selectors', () => expect(ids('sets')).toEqual(['c']));
  it('reports unknown names with a suggestion, cycles and unsupported methods as WEIR5004', () => {
    expect(run('shrot').diagnostics.map((d) => `${d.code} ${d.message} ${d.hint}`)).toEqual(["WEIR5004 selectors.yml: no selector named 'shrot' did you mean short?"]);
    expect(run('loop').diagnostics[0].message).toContain('loop -> loop2 -> loop');
    expect(run('odd').diagnostics[0].message).toContain("method 'source' is not supported");
    expect(evalNamedSelector(p.graph, { nope: 1 }, 'x').diagnostics[0].message).toContain('selectors:');
  });
});
