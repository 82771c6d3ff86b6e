import { describe, expect, it } from 'vitest';
import { resolveSources } from '../helpers/front-end.js';

// A FOREIGN KEY orders its parent before its child (the check reads the parent), without being a data edge.

describe('run order with foreign keys', () => {
  it('puts the referenced dataset first, with no flow input', () => {
    const { graph, diagnostics } = resolveSources({
      'p.sql': `CREATE MATERIALIZED VIEW a_child (CONSTRAINT fk FOREIGN KEY (pid) REFERENCES LIVE.z_parent (id)) AS SELECT 1 AS pid;
CREATE MATERIALIZED VIEW z_parent AS SELECT 1 AS id;
CREATE MATERIALIZED VIEW m AS SELECT * FROM a_child;`,
    });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(graph.order).toEqual(['z_parent', 'a_child', 'm']);
    expect(graph.flows.find((f) => f.id === 'a_child')!.inputs).toEqual([]);
  });

  it('drops the key that would close a cycle, and still reports a cycle of data edges', () => {
    const keys = resolveSources({
      'p.sql': `CREATE MATERIALIZED VIEW a (CONSTRAINT a_b FOREIGN KEY (b_id) REFERENCES b (id)) AS SELECT 1 AS id, 1 AS b_id;
CREATE MATERIALIZED VIEW b AS SELECT * FROM c;
CREATE MATERIALIZED VIEW c (CONSTRAINT c_a FOREIGN KEY (a_id) REFERENCES a (id)) AS SELECT 1 AS id, 1 AS a_id;`,
    });
    expect(keys.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // Keys are added in sorted order: a -> c (key c_a) first; b -> a (key a_b) would close a -> c -> b -> a.
    expect(keys.graph.order).toEqual(['a', 'c', 'b']);
    const data = resolveSources({
      'p.sql': `CREATE MATERIALIZED VIEW a (CONSTRAINT a_b FOREIGN KEY (id) REFERENCES b (id)) AS SELECT * FROM b;
CREATE MATERIALIZED VIEW b AS SELECT * FROM a;`,
    });
    expect(data.diagnostics.map((d) => d.code)).toContain('WEIR3003');
  });
});
