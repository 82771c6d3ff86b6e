import { describe, it } from 'vitest';
import { cdcApplySql } from '../../src/cdc/index.js';
import type { CompiledCdc } from '../../src/model/compiled-pipeline.js';
import { expectGolden } from '../helpers/golden.js';
import { sql } from './harness.js';

/** Golden files of the generated SQL: any change to the emitted text shows up as a reviewed diff. */
const COLUMNS = [
  { name: 'customer_id', type: 'BIGINT' }, { name: 'operation', type: 'VARCHAR' }, { name: 'event_ts', type: 'TIMESTAMP' },
  { name: 'name', type: 'VARCHAR' }, { name: 'city', type: 'VARCHAR' }, { name: 'last_login', type: 'TIMESTAMP' },
];
const base: CompiledCdc = {
  source: sql('SELECT * FROM "main"."customers_changes"'),
  keys: ['customer_id'],
  sequenceBy: sql('event_ts'),
  deleteWhen: sql("operation = 'DELETE'"),
  ignoreNullUpdates: false,
  columns: { mode: 'except', columns: ['operation', 'event_ts'] },
  storedAs: 1,
};
const relations = (name: string) => ({
  target: `"main"."${name}"`, state: `"_weir_private"."${name}__cdc"`, columns: COLUMNS, runId: 'run-1',
});

function render(spec: CompiledCdc, name: string): string {
  const plan = cdcApplySql(spec, relations(name), '"temp"."__weir_changes"');
  const section = (title: string, statements: readonly string[]): string =>
    `-- ${title}\n${statements.map((s) => `${s};\n`).join('\n')}`;
  return [
    section('ensure', plan.ensure), section('apply', plan.apply), section('metrics', [plan.metrics]),
    section('duplicates', [plan.duplicates]), section('cleanup', plan.cleanup),
  ].join('\n');
}

const golden = (name: string): string => new URL(`./golden/${name}.sql`, import.meta.url).pathname;

describe('generated CDC SQL (golden)', () => {
  it('SCD 1 with TRUNCATE', () => {
    expectGolden(golden('scd1-truncate'), render({ ...base, truncateWhen: sql("operation = 'TRUNCATE'") }, 'customers'));
  });
  it('SCD 1 with IGNORE NULL UPDATES and TRUNCATE', () => {
    expectGolden(golden('scd1-ignore-nulls'),
      render({ ...base, ignoreNullUpdates: true, truncateWhen: sql("operation = 'TRUNCATE'") }, 'customers'));
  });
  it('SCD 2 with TRACK HISTORY ON * EXCEPT', () => {
    expectGolden(golden('scd2-track-history'), render({
      ...base, storedAs: 2, columns: { mode: 'except', columns: ['operation'] },
      trackHistory: { mode: 'except', columns: ['last_login'] },
    }, 'customers_history'));
  });
  it('SCD 2, composite key, STRUCT sequence, IGNORE NULL UPDATES', () => {
    expectGolden(golden('scd2-composite-struct'), render({
      ...base, storedAs: 2, keys: ['customer_id', 'city'], ignoreNullUpdates: true,
      sequenceBy: sql('struct_pack(ts := event_ts, op := operation)'),
    }, 'customers_history'));
  });
});
