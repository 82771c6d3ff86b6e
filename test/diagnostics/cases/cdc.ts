import type { DiagnosticCase } from '../diagnostic-case.js';

/*
 * CDC (WEIR6xxx): `weir run` checks a flow's clauses against its change rows before applying them
 * (src/execute/cdc-bridge.ts calls checkCdcSpec): errors fail the target's update at the clause, warnings make
 * it WARN. WEIR6101 / WEIR6102 are run-time warnings about the change rows themselves.
 */

const CHANGES = `CREATE OR REFRESH STREAMING TABLE customer_changes AS
SELECT * FROM STREAM read_files('data/changes/*.csv', format => 'csv', header => true);
`;

const DATA = 'customer_id,name,city,op,event_ts\n1,Ada,Paris,U,1\n2,Bob,Oslo,U,1\n1,Ada,Rome,U,2\n';

/** A project whose `customers` target is fed by one AUTO CDC flow with `clauses` (and `data` as the change rows). */
function cdc(clauses: string, data = DATA): Record<string, string> {
  return {
    'transformations/customers.sql': `${CHANGES}
CREATE OR REFRESH STREAMING TABLE customers;

CREATE FLOW customers_cdc AS AUTO CDC INTO customers
FROM STREAM(customer_changes)
${clauses};
`,
    'data/changes/1.csv': data,
  };
}

export const CDC_CASES: readonly DiagnosticCase[] = [
  { code: 'WEIR6001', title: '`KEYS` names a column the change rows do not have', command: 'run',
    files: cdc('KEYS (customer)\nAPPLY AS DELETE WHEN op = \'D\'\nSEQUENCE BY event_ts\nCOLUMNS * EXCEPT (op)\nSTORED AS SCD TYPE 1') },
  { code: 'WEIR6002', title: '`COLUMNS * EXCEPT` excludes a key column (keys are always stored)', command: 'run',
    files: cdc('KEYS (customer_id)\nSEQUENCE BY event_ts\nCOLUMNS * EXCEPT (op, customer_id)\nSTORED AS SCD TYPE 1') },
  { code: 'WEIR6002', title: '`COLUMNS` does not list a key column (a warning: it is stored anyway)', command: 'run',
    files: cdc('KEYS (customer_id)\nSEQUENCE BY event_ts\nCOLUMNS (name, city)\nSTORED AS SCD TYPE 1') },
  { code: 'WEIR6003', title: '`COLUMNS` or `TRACK HISTORY` names a column the change rows do not have', command: 'run',
    files: cdc('KEYS (customer_id)\nSEQUENCE BY event_ts\nCOLUMNS * EXCEPT (op)\nSTORED AS SCD TYPE 2\nTRACK HISTORY ON (cty)') },
  { code: 'WEIR6008', title: 'A key column is listed twice in `KEYS`', command: 'run',
    files: cdc('KEYS (customer_id, customer_id)\nSEQUENCE BY event_ts\nSTORED AS SCD TYPE 1') },
  { code: 'WEIR6010', title: 'A change column uses a name reserved for CDC bookkeeping (`__weir_*`, or a stored `__START_AT` / `__END_AT` under SCD type 2)', command: 'run',
    files: cdc('KEYS (customer_id)\nSEQUENCE BY event_ts\nCOLUMNS * EXCEPT (op)\nSTORED AS SCD TYPE 2',
      'customer_id,name,op,event_ts,__START_AT\n1,Ada,U,1,2024-01-01\n') },
  { code: 'WEIR6101', title: 'Change rows with a NULL key or a NULL sequence were not applied (kept in `_weir_private`)', command: 'run',
    files: cdc('KEYS (customer_id)\nSEQUENCE BY event_ts\nCOLUMNS * EXCEPT (op)\nSTORED AS SCD TYPE 1',
      'customer_id,name,city,op,event_ts\n1,Ada,Paris,U,1\n,Bob,Oslo,U,1\n3,Cy,Lima,U,\n') },
  { code: 'WEIR6102', title: 'Two different events of one key have the same sequence (resolved by the documented tie-break)', command: 'run',
    files: cdc('KEYS (customer_id)\nSEQUENCE BY event_ts\nCOLUMNS * EXCEPT (op)\nSTORED AS SCD TYPE 1',
      'customer_id,name,city,op,event_ts\n1,Ada,Paris,U,1\n1,Ada,Rome,U,1\n') },
];

const TWO_RUNS = 'needs two runs (the first builds the target and its state)';

export const CDC_NOT_SHOWN: Readonly<Record<string, string>> = {
  WEIR6004: `${TWO_RUNS}: \`weir run\` reports it when SEQUENCE BY's type changed since (\`SEQUENCE BY is now DOUBLE but this target was built with BIGINT\`)`,
  WEIR6005: 'the parser reports APPLY AS TRUNCATE WHEN with SCD type 2 first, as WEIR2022 (checkCdcSpec keeps the check for programmatic callers)',
  WEIR6006: 'the parser reports TRACK HISTORY ON with SCD type 1 first, as WEIR2023 (checkCdcSpec keeps the check for programmatic callers)',
  WEIR6007: 'the parser reports a missing or empty KEYS first (WEIR2021, WEIR2001) (checkCdcSpec keeps the check for programmatic callers)',
  WEIR6009: `${TWO_RUNS}: \`weir run\` reports it when a flow switched between SCD types without --full-refresh (\`the SCD type 2 target has no __START_AT or __END_AT column\`)`,
};
