import type { DiagnosticCase } from '../diagnostic-case.js';

const ORDERS = `CREATE OR REFRESH STREAMING TABLE raw_orders AS
SELECT * FROM STREAM read_files('data/orders/*.csv', format => 'csv', header => true);

CREATE OR REFRESH MATERIALIZED VIEW daily_revenue AS
SELECT order_date, sum(amount) AS revenue FROM raw_orders GROUP BY order_date;
`;

const DATA = 'order_id,order_date,amount\n1,2024-01-01,20.00\n2,2024-01-01,5.50\n';

/** Runs: selection, refresh names, the database, dataset updates (WEIR5xxx). */
export const RUN_CASES: readonly DiagnosticCase[] = [
  { code: 'WEIR5001', title: '`--full-refresh` or `--refresh` names no dataset of the pipeline', command: 'run', args: ['--full-refresh', 'raw_order'],
    files: { 'transformations/orders.sql': ORDERS, 'data/orders/1.csv': DATA } },
  { code: 'WEIR5002', title: 'A `--select` or `--exclude` selector matches no dataset', command: 'run', args: ['--select', '+daily_revenu'],
    files: { 'transformations/orders.sql': ORDERS, 'data/orders/1.csv': DATA } },
  { code: 'WEIR5003', title: 'A `--select` or `--exclude` selector that cannot be parsed', command: 'run', args: ['--select', '++daily_revenue'],
    files: { 'transformations/orders.sql': ORDERS, 'data/orders/1.csv': DATA } },
  { code: 'WEIR5004', title: 'A `--selector` name that selectors.yml does not define', command: 'run', args: ['--selector', 'nigthly'],
    files: { 'transformations/orders.sql': ORDERS, 'data/orders/1.csv': DATA,
      'selectors.yml': 'selectors:\n  - name: nightly\n    definition:\n      method: fqn\n      value: daily_revenue\n      parents: true\n' } },
  { code: 'WEIR5005', title: 'Refresh flags that contradict each other', command: 'run', args: ['--full-refresh-all', '--refresh', 'daily_revenue'],
    files: { 'transformations/orders.sql': ORDERS, 'data/orders/1.csv': DATA } },
  { code: 'WEIR5020', title: 'A dataset update failed (a workflow annotation under GitHub Actions; the run output shows FAIL)', command: 'run',
    env: { GITHUB_ACTIONS: 'true' },
    files: { 'transformations/orders.sql': ORDERS.replace('sum(amount)', 'sum(amount::DATE)'), 'data/orders/1.csv': DATA } },
  { code: 'WEIR5021', title: 'A FAIL UPDATE expectation failed (a workflow annotation under GitHub Actions)', command: 'run',
    env: { GITHUB_ACTIONS: 'true' },
    files: { 'transformations/orders.sql': ORDERS.replace('CREATE OR REFRESH MATERIALIZED VIEW daily_revenue AS',
      'CREATE OR REFRESH MATERIALIZED VIEW daily_revenue (\n  CONSTRAINT big_days EXPECT (revenue > 100) ON VIOLATION FAIL UPDATE\n) AS'), 'data/orders/1.csv': DATA } },
  { code: 'WEIR5022', title: 'An expectation warned (a workflow annotation under GitHub Actions)', command: 'run',
    env: { GITHUB_ACTIONS: 'true' },
    files: { 'transformations/orders.sql': ORDERS.replace('CREATE OR REFRESH MATERIALIZED VIEW daily_revenue AS',
      'CREATE OR REFRESH MATERIALIZED VIEW daily_revenue (\n  CONSTRAINT big_days EXPECT (revenue > 100)\n) AS'), 'data/orders/1.csv': DATA } },
  { code: 'WEIR5030', title: 'A streaming table whose definition changed since its last update (old rows are not rewritten)', command: 'run',
    before: { 'transformations/orders.sql': ORDERS, 'data/orders/1.csv': DATA },
    files: { 'transformations/orders.sql': ORDERS.replace('SELECT * FROM STREAM', 'SELECT *, amount * 100 AS cents FROM STREAM'), 'data/orders/1.csv': DATA,
      'data/orders/2.csv': 'order_id,order_date,amount\n3,2024-01-02,7.00\n' } },
  { code: 'WEIR5032', title: 'A query reads the table a dataset no longer in the pipeline left behind (its rows are frozen)', command: 'run',
    before: { 'transformations/orders.sql': ORDERS, 'data/orders/1.csv': DATA },
    files: { 'transformations/orders.sql': ORDERS.replace('VIEW daily_revenue', 'VIEW revenue_by_day') +
      '\nCREATE OR REFRESH MATERIALIZED VIEW best_day AS SELECT max(revenue) AS best FROM daily_revenue;\n', 'data/orders/1.csv': DATA } },
];

export const RUN_NOT_SHOWN: Readonly<Record<string, string>> = {
  WEIR5010: 'needs a second process holding the database file (`database <path> is in use by process N`)',
  WEIR5031: 'needs two runs: new input whose column type conflicts with the streaming table fails the update (`WEIR5031: type conflict in t: column id is BIGINT in the table but VARCHAR in the new input`) and suggests `--full-refresh t`',
};
