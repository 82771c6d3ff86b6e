import { describe, expect, it } from 'vitest';
import { CDC_CODES, checkCdcSpec } from '../../src/cdc/index.js';
import type { CompiledCdc, CompiledSql } from '../../src/model/compiled-pipeline.js';
import { identityMap } from '../../src/model/source-map.js';

const FILE = 'flows/customers.sql';
/** Compiled text placed at `offset` in the user's file, so spans can be checked. */
function at(text: string, offset: number): CompiledSql {
  return { sql: text, file: FILE, map: { segments: [{ rendered: 0, length: text.length, source: offset, sourceLength: text.length, exact: true }] } };
}
const plain = (text: string): CompiledSql => ({ sql: text, file: FILE, map: identityMap(text.length) });

const COLS = [
  { name: 'customer_id', type: 'BIGINT' }, { name: 'operation', type: 'VARCHAR' }, { name: 'event_ts', type: 'TIMESTAMP' },
  { name: 'name', type: 'VARCHAR' }, { name: 'last_login', type: 'TIMESTAMP' },
];
const spec = (over: Partial<CompiledCdc> = {}): CompiledCdc => ({
  source: plain('SELECT * FROM changes'), keys: ['customer_id'], sequenceBy: at('event_ts', 120),
  deleteWhen: plain("operation = 'DELETE'"), ignoreNullUpdates: false,
  columns: { mode: 'except', columns: ['operation'] }, storedAs: 1, ...over,
});
const codes = (ds: { code: string }[]): string[] => ds.map((d) => d.code);

describe('checkCdcSpec', () => {
  it('accepts a valid SCD 1 and SCD 2 spec', () => {
    expect(checkCdcSpec(spec(), COLS)).toEqual([]);
    expect(checkCdcSpec(spec({ storedAs: 2, trackHistory: { mode: 'except', columns: ['last_login'] } }), COLS,
      [...COLS, { name: '__START_AT', type: 'TIMESTAMP' }, { name: '__END_AT', type: 'TIMESTAMP' }])).toEqual([]);
  });

  it('KEYS naming a missing column is an error with a did-you-mean hint at the given span', () => {
    const keys = { file: FILE, start: 40, end: 52 };
    const ds = checkCdcSpec(spec({ keys: ['customerid'] }), COLS, undefined, { spans: { keys } });
    expect(codes(ds)).toEqual([CDC_CODES.unknownKey]);
    expect(ds[0].severity).toBe('error');
    expect(ds[0].hint).toBe("did you mean 'customer_id'?");
    expect(ds[0].span).toEqual(keys);
  });

  it('without clause spans, diagnostics point at SEQUENCE BY in the original file', () => {
    const ds = checkCdcSpec(spec({ keys: ['zzzzzz'] }), COLS);
    expect(ds[0].span).toEqual({ file: FILE, start: 120, end: 128 });
    expect(ds[0].hint).toContain('customer_id');
  });

  it('no KEYS, and a key listed twice', () => {
    expect(codes(checkCdcSpec(spec({ keys: [] }), COLS))).toEqual([CDC_CODES.noKeys]);
    expect(codes(checkCdcSpec(spec({ keys: ['customer_id', 'CUSTOMER_ID'] }), COLS))).toEqual([CDC_CODES.duplicateKey]);
  });

  it('COLUMNS * EXCEPT excluding a key is an error; an include list without the key a warning', () => {
    const ex = checkCdcSpec(spec({ columns: { mode: 'except', columns: ['operation', 'customer_id'] } }), COLS);
    expect(codes(ex)).toEqual([CDC_CODES.columnsExcludeKey]);
    expect(ex[0].severity).toBe('error');
    const inc = checkCdcSpec(spec({ columns: { mode: 'include', columns: ['name'] } }), COLS);
    expect(inc.map((d) => [d.code, d.severity])).toEqual([[CDC_CODES.columnsExcludeKey, 'warning']]);
  });

  it('COLUMNS and TRACK HISTORY naming unknown columns', () => {
    const ds = checkCdcSpec(spec({
      storedAs: 2, columns: { mode: 'include', columns: ['customer_id', 'nmae'] },
      trackHistory: { mode: 'include', columns: ['zzz'] },
    }), COLS);
    expect(codes(ds)).toEqual([CDC_CODES.unknownColumn, CDC_CODES.unknownColumn]);
    expect(ds[0].hint).toBe("did you mean 'name'?");
  });

  it('TRUNCATE with SCD 2 and TRACK HISTORY with SCD 1 are errors', () => {
    const trunc = checkCdcSpec(spec({ storedAs: 2, truncateWhen: at("operation = 'TRUNCATE'", 300) }), COLS);
    expect(codes(trunc)).toEqual([CDC_CODES.truncateWithScd2]);
    expect(trunc[0].span).toEqual({ file: FILE, start: 300, end: 322 });
    expect(codes(checkCdcSpec(spec({ trackHistory: { mode: 'include', columns: ['name'] } }), COLS)))
      .toEqual([CDC_CODES.trackHistoryWithScd1]);
  });

  it('a sequence whose type changed between runs is an error that suggests a full refresh', () => {
    const ds = checkCdcSpec(spec(), COLS, undefined, { previousSequenceType: 'BIGINT' });
    expect(codes(ds)).toEqual([CDC_CODES.sequenceTypeChanged]);
    expect(ds[0].message).toContain('TIMESTAMP');
    expect(ds[0].hint).toContain('--full-refresh');
    expect(checkCdcSpec(spec(), COLS, undefined, { previousSequenceType: 'timestamp' })).toEqual([]);
    // An expression's type is known only when the caller passes it.
    expect(checkCdcSpec(spec({ sequenceBy: plain('event_ts + INTERVAL 1 DAY') }), COLS, undefined,
      { previousSequenceType: 'BIGINT' })).toEqual([]);
  });

  it('SCD 2 target whose __START_AT / __END_AT are missing or typed unlike the sequence', () => {
    const ds = checkCdcSpec(spec({ storedAs: 2 }), COLS, [...COLS, { name: '__START_AT', type: 'BIGINT' }]);
    expect(ds.map((d) => d.message)).toEqual([
      'the SCD type 2 target has no __END_AT column', '__START_AT is BIGINT but SEQUENCE BY is TIMESTAMP',
    ]);
    const none = checkCdcSpec(spec({ storedAs: 2 }), COLS, COLS, { targetName: 'customers', spans: { target: { file: FILE, start: 5, end: 14 } } });
    expect(none.map((d) => [d.code, d.message, d.hint, d.span?.start])).toEqual([[CDC_CODES.scd2ColumnType,
      'the SCD type 2 target has no __START_AT or __END_AT column',
      'the table was not built by an SCD type 2 flow: rebuild it with --full-refresh customers', 5]]);
  });

  it('an SCD 1 target built as SCD 2 (it has __START_AT and __END_AT) is an error', () => {
    const history = [{ name: '__START_AT', type: 'TIMESTAMP' }, { name: '__END_AT', type: 'TIMESTAMP' }];
    expect(codes(checkCdcSpec(spec(), COLS, [...COLS, ...history]))).toEqual([CDC_CODES.scd2ColumnType]);
    // Change rows that carry those columns themselves are stored as ordinary columns by SCD 1.
    expect(checkCdcSpec(spec(), [...COLS, ...history], [...COLS, ...history])).toEqual([]);
  });

  it('integer sequences of another width are the same type, as for the run-time guard', () => {
    expect(checkCdcSpec(spec(), COLS, undefined, { sequenceType: 'BIGINT', previousSequenceType: 'INTEGER' })).toEqual([]);
    expect(codes(checkCdcSpec(spec(), COLS, undefined, { sequenceType: 'DOUBLE', previousSequenceType: 'INTEGER', targetName: 't' })))
      .toEqual([CDC_CODES.sequenceTypeChanged]);
  });

  it('a diagnostic about one listed name points at that name', () => {
    const item = (start: number) => ({ file: FILE, start, end: start + 2 });
    const ds = checkCdcSpec(spec({ keys: ['customer_id', 'nme', 'customer_id'], columns: { mode: 'except', columns: ['operation', 'xx'] } }), COLS,
      undefined, { spans: { keys: { file: FILE, start: 10, end: 40 }, keyItems: [item(10), item(20), item(30)], columnItems: [item(50), item(60)] } });
    expect(ds.map((d) => [d.code, d.span?.start])).toEqual([
      [CDC_CODES.unknownKey, 20], [CDC_CODES.duplicateKey, 30], [CDC_CODES.unknownColumn, 60],
    ]);
  });

  it('change columns with reserved names are errors', () => {
    const ds = checkCdcSpec(spec({ storedAs: 2 }), [...COLS, { name: '__weir_seq', type: 'INT' }, { name: '__START_AT', type: 'INT' }]);
    expect(codes(ds)).toEqual([CDC_CODES.reservedColumn, CDC_CODES.reservedColumn]);
    // SCD 2's names are reserved only when stored; __weir_ always (the generated SQL adds such columns).
    const excluded = checkCdcSpec(spec({ storedAs: 2, columns: { mode: 'except', columns: ['operation', '__START_AT'] } }),
      [...COLS, { name: '__weir_seq', type: 'INT' }, { name: '__START_AT', type: 'INT' }]);
    expect(excluded.map((d) => d.message)).toEqual(["change column '__weir_seq' uses the prefix __weir_, reserved for CDC bookkeeping"]);
  });
});
