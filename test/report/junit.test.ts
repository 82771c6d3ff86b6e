import { describe, expect, it } from 'vitest';
import { toJUnitXml } from '../../src/report/junit.js';
import { expectGolden } from '../helpers/golden.js';

describe('toJUnitXml', () => {
  const xml = toJUnitXml([
    {
      name: 'cleaned_orders',
      cases: [
        { classname: 'cleaned_orders', name: 'expectation valid_amount', time: 0.012 },
        { classname: 'cleaned_orders', name: 'expectation valid_id', failure: { message: '3 of 10 rows failed', type: 'FAIL UPDATE', text: 'order_id=NULL\n"<script>"' } },
      ],
    },
    { name: 'segments', cases: [{ classname: 'segments', name: 'unit test vip', skipped: 'upstream failed' }] },
  ]);

  it('counts tests, failures and skips at both levels', () => {
    expect(xml).toContain('<testsuites name="weir" tests="3" failures="1" errors="0" skipped="1"');
    expect(xml).toContain('<testsuite name="cleaned_orders" tests="2" failures="1" errors="0" skipped="0"');
  });

  it('escapes user text', () => {
    expect(xml).toContain('&quot;&lt;script&gt;&quot;');
    expect(xml).not.toContain('<script>');
  });

  it('matches the golden file', () => {
    expectGolden(new URL('./golden/junit.xml', import.meta.url).pathname, xml);
  });
});
