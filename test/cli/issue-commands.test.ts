import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const example = join(import.meta.dirname, '..', '..', 'models-example');

/** The commands issue 3 shows a user running on the bundled example, as written there. */
describe('issue 3\'s lineage commands on models-example', () => {
  it('weir lineage cleaned_orders.order_amount: upstream columns and downstream uses', async () => {
    const r = await runCli(['lineage', 'cleaned_orders.order_amount', '--project', example], example);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('raw_orders.amount');
    expect(r.stdout).toContain('daily_revenue.gross_revenue');
  });

  it('weir lineage customer_segments --upstream --json', async () => {
    const r = await runCli(['lineage', 'customer_segments', '--upstream', '--json', '--project', example], example);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.stringify(JSON.parse(r.stdout))).toContain('customers_enriched');
  });
});
