import { describe, expect, it } from 'vitest';
import { loadClientLib } from './client-lib.js';

const W = loadClientLib('escape.js', 'format.js', 'search.js', 'subgraph.js', 'sql-highlight.js');

describe('escaping (client)', () => {
  it('escapes the characters that matter in HTML text and attributes', () => {
    expect(W.escapeHtml('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(W.escapeHtml(`"><img src=x onerror='x'>&`)).toBe('&quot;&gt;&lt;img src=x onerror=&#39;x&#39;&gt;&amp;');
  });

  it('encodes route segments and splits column references on the longest known dataset', () => {
    expect(W.route('dataset', 'a/b <c>')).toBe('#/dataset/a%2Fb%20%3Cc%3E');
    expect(W.route('column', 'orders', 'e.mail')).toBe('#/column/orders.e.mail');
    const known = new Set(['orders', 'files:/x/a.json']);
    expect(W.splitColumnRef('orders.email', (n: string) => known.has(n))).toEqual(['orders', 'email']);
    expect(W.splitColumnRef('files:/x/a.json.id', (n: string) => known.has(n))).toEqual(['files:/x/a.json', 'id']);
  });
});

describe('search (client)', () => {
  const index = {
    names: ['cleaned_orders', 'orders_daily', 'customers', 'raw_orders', '/data/landing/orders/*.parquet'],
    cols: ['order_id amount status', 'order_date revenue', 'customer_id email', 'order_id amount', ''],
    text: ['Orders with positive amounts', 'Revenue per day', 'Current customers', '', '/data/landing/orders/*.parquet'],
    file: [0, 1, 0, 2, 2],
    line: [1, 5, 9, 20, 21],
    files: ['pipelines/silver.sql', 'pipelines/gold.sql', 'pipelines/bronze.sql'],
  };
  const search = W.createSearch(index);
  const names = (q: string) => search.query(q).map((r: { node: number }) => index.names[r.node]);

  it('ranks exact and prefix name matches first', () => {
    expect(names('customers')[0]).toBe('customers');
    expect(names('orders')[0]).toBe('orders_daily');
    expect(names('orders')).toContain('cleaned_orders');
  });

  it('finds columns, comments and file paths, saying what matched', () => {
    expect(search.query('email')[0]).toMatchObject({ node: 2, field: 'column', detail: 'email' });
    expect(search.query('positive')[0]).toMatchObject({ node: 0, field: 'comment' });
    expect(search.query('gold.sql')[0]).toMatchObject({ node: 1, field: 'file', detail: 'pipelines/gold.sql:5' });
  });

  it('requires every word to match and returns nothing for no match', () => {
    expect(names('orders revenue')).toEqual(['orders_daily']);
    expect(search.query('zzz')).toEqual([]);
    expect(search.query('   ')).toEqual([]);
  });
});

describe('subgraph (client)', () => {
  // chain 0 -> 1 -> 2 -> 3 -> 4 -> 5, plus 6 -> 3 (streaming), plus a fan-out 3 -> 7..26
  const up: number[][] = Array.from({ length: 27 }, () => []);
  for (let i = 1; i <= 5; i++) up[i].push(i - 1);
  up[3].push(-(6 + 1));
  for (let i = 7; i <= 26; i++) up[i].push(3);
  const down = W.invertEdges(up);

  it('inverts edges keeping the streaming flag', () => {
    expect(down[6]).toEqual([-(3 + 1)]);
    expect(down[3]).toContain(4);
    expect(down[3]).toHaveLength(21);
  });

  it('limits ancestors and descendants to N hops and reports what is hidden', () => {
    const g = W.subgraph(up, down, 3, 1, 150);
    expect([...g.nodes].sort((a: number, b: number) => a - b)).toEqual([2, 3, 4, 6, ...Array.from({ length: 20 }, (_, k) => 7 + k)]);
    expect(g.level[2]).toBe(-1);
    expect(g.level[4]).toBe(1);
    expect(g.hiddenUp[2]).toBe(1); // node 1 is 2 hops up
    expect(g.hiddenDown[4]).toBe(1);
    expect(g.edges).toContainEqual([6, 3, true]);
    expect(g.edges).toContainEqual([2, 3, false]);
    expect(g.truncated).toBe(false);
  });

  it('never exceeds the node budget', () => {
    const g = W.subgraph(up, down, 3, 8, 10);
    expect(g.nodes).toHaveLength(10);
    expect(g.truncated).toBe(true);
    expect(g.hiddenDown[3]).toBeGreaterThan(0);
  });

  it('goes no further than the graph', () => {
    const g = W.subgraph(up, down, 0, 8, 150);
    expect(g.nodes).toHaveLength(1 + 5 + 20);
    expect(g.nodes).not.toContain(6); // a sibling input, not a descendant
  });
});

describe('SQL tokenizer (client)', () => {
  it('classifies tokens and loses no text', () => {
    const sql = "SELECT lower(email) AS e, 'it''s' -- note\nFROM `t` WHERE x > 1.5 /* c */";
    const tokens: [string, string][] = W.tokenizeSql(sql);
    expect(tokens.map((t) => t[1]).join('')).toBe(sql);
    expect(tokens).toContainEqual(['kw', 'SELECT']);
    expect(tokens).toContainEqual(['fn', 'lower']);
    expect(tokens).toContainEqual(['str', "'it''s'"]);
    expect(tokens).toContainEqual(['com', '-- note']);
    expect(tokens).toContainEqual(['id', '`t`']);
    expect(tokens).toContainEqual(['num', '1.5']);
    expect(tokens).toContainEqual(['com', '/* c */']);
  });
});
