import { describe, expect, it } from 'vitest';
import { isSystemName, parseDuckError, withoutSystemSuggestion } from '../../src/analyze/duckdb-error.js';

describe('DuckDB errors', () => {
  it('never suggest DuckDB\'s own catalog tables for a missing table (audit 7: "did you mean pg_constraint?")', () => {
    expect(['pg_constraint', 'information_schema.referential_constraints', 'pragma_database_list', 'duckdb_tables', '"main"."pg_class"']
      .map(isSystemName)).toEqual([true, true, true, true, true]);
    expect(['orders', 'raw_orders', 'pgx', 'main.orders'].map(isSystemName)).toEqual([false, false, false, false]);
    expect(withoutSystemSuggestion('Table with name orders_raw does not exist!\nDid you mean "pg_constraint"?'))
      .toBe('Table with name orders_raw does not exist!');
    expect(withoutSystemSuggestion('Table with name ordrs does not exist!\nDid you mean "orders"?')).toBe('Table with name ordrs does not exist!\nDid you mean "orders"?');
    const json = JSON.stringify({ exception_type: 'Catalog', exception_message: 'Table with name x does not exist!\nDid you mean "pg_am"?', candidates: 'pg_am, orders' });
    expect(parseDuckError(new Error(`Catalog Error: ${json}`))).toMatchObject({ message: 'Table with name x does not exist!', candidates: ['orders'] });
  });
});
