// Unit-test cases for `weir test` over the example pipeline (models-example/), generated for bench/checks.ts.
// Every case's expected rows are computed here from the same rules the SQL encodes, so all cases must pass;
// a failure is a bug in Weir's test runner (or a change of the example's SQL).
//
// Mix per 20 cases: 6 customer_segments, 4 cleaned_orders (every other one in two batches), 4 cleaned_customers,
// 3 customers_enriched, 2 daily_revenue, 1 raw_orders (a Parquet file source).

type Row = Record<string, unknown>;

interface Case {
  readonly name: string;
  readonly dataset: string;
  readonly batches: readonly { given: Record<string, Row[]>; rows?: Row[]; dropped?: Row[]; failed?: Record<string, number> }[];
}

const PATTERN = ['seg', 'orders', 'cust', 'seg', 'enriched', 'seg', 'orders', 'daily', 'cust', 'seg',
  'raw', 'seg', 'orders', 'cust', 'enriched', 'seg', 'orders', 'cust', 'daily', 'enriched'] as const;

const pad = (n: number): string => String(n).padStart(2, '0');
const day = (k: number): string => `2024-${pad(1 + (k % 12))}-${pad(1 + (k % 27))}`;
const cents = (x: number): number => Math.round(x * 100) / 100;

function segments(k: number): Case {
  // Values straddle both thresholds (2,000 and 1,000) and the Regular / New split.
  const ltvs = [2000 + k, 1999.99, 1000, 999.99 - k, 0, 50 + k];
  const given = ltvs.map((ltv, i) => ({
    customer_id: k * 10 + i, full_name: `C${k}-${i}`, lifetime_value: ltv, order_count: ltv === 0 ? 0 : 1 + i,
    last_order_date: ltv === 0 ? null : day(k + i),
  }));
  const seg = (r: { lifetime_value: number; order_count: number }): string =>
    r.lifetime_value >= 2000 ? 'VIP' : r.lifetime_value >= 1000 ? 'Premium' : r.order_count > 0 ? 'Regular' : 'New';
  return {
    name: `segments_${k}`, dataset: 'customer_segments',
    batches: [{ given: { customers_enriched: given }, rows: given.map((r) => ({ customer_id: r.customer_id, segment: seg(r), lifetime_value: r.lifetime_value })) }],
  };
}

const STATUSES = [' Placed', 'SHIPPED', 'delivered ', 'returned', 'cancelled', 'unknown', null];

function rawOrder(id: number, k: number): Row {
  return {
    order_id: id, customer_id: 1 + (id % 7), order_ts: `${day(id)} ${pad(id % 24)}:15:00`,
    amount: id % 5 === 0 ? -1 : id % 11 === 0 ? null : cents(10 + id * 1.25), currency: id % 3 === 0 ? null : ['eur', 'usd', 'Gbp'][id % 3],
    status: STATUSES[(id + k) % STATUSES.length], channel: ['web', 'app', 'store'][id % 3], items: 1 + (id % 4), source_file: `part-${k}.parquet`,
  };
}

function orders(k: number): Case {
  const batch = (ids: number[]): Row[] => ids.map((id) => rawOrder(id, k));
  const expectFor = (raw: Row[]): { rows: Row[]; dropped: Row[]; failed: Record<string, number> } => {
    const good = raw.filter((r) => typeof r.amount === 'number' && r.amount > 0);
    const status = (s: unknown): string | null => (s === null ? null : String(s).trim().toLowerCase());
    return {
      rows: good.map((r) => ({
        order_id: r.order_id, amount: r.amount, currency: r.currency === null ? 'USD' : String(r.currency).toUpperCase(),
        status: status(r.status), order_month: String(r.order_ts).slice(0, 7), order_date: String(r.order_ts).slice(0, 10), item_count: r.items,
      })),
      dropped: raw.filter((r) => !good.includes(r)).map((r) => ({ order_id: r.order_id })),
      failed: {
        valid_order_id: 0, valid_amount: raw.length - good.length,
        valid_status: raw.filter((r) => !['placed', 'shipped', 'delivered', 'returned', 'cancelled'].includes(status(r.status) ?? '')).length,
      },
    };
  };
  const first = batch(Array.from({ length: 6 }, (_, i) => k * 100 + i + 1));
  if (k % 2 === 0) return { name: `cleaned_orders_${k}`, dataset: 'cleaned_orders', batches: [{ given: { raw_orders: first }, ...expectFor(first) }] };
  // Two batches: the second reads only the new rows of STREAM(raw_orders); the table holds both batches' rows.
  const second = batch(Array.from({ length: 4 }, (_, i) => k * 100 + 50 + i));
  const e1 = expectFor(first);
  const e2 = expectFor(second);
  return {
    name: `cleaned_orders_two_batches_${k}`, dataset: 'cleaned_orders',
    batches: [{ given: { raw_orders: first }, ...e1 }, { given: { raw_orders: second }, rows: [...e1.rows, ...e2.rows], dropped: e2.dropped, failed: e2.failed }],
  };
}

function customers(k: number): Case {
  const raw = Array.from({ length: 6 }, (_, i) => {
    const id = k * 10 + i;
    return {
      customer_id: id, first_name: ` Ann${i} `, last_name: i === 2 ? null : i === 4 ? '   ' : `Lee${k}`,
      email: i === 3 ? `C${id}.example.com` : ` Customer${id}@Example.COM`, country_code: i === 1 ? null : ['de', 'US', 'fr'][i % 3],
      city: 'Lyon', signup_ts: `${day(k + i)} 08:30:00`, is_test_account: i === 5, source_file: 'customers.json',
    };
  });
  const kept = raw.filter((r) => !r.is_test_account);
  const named = kept.filter((r) => r.last_name !== null && r.last_name.trim().length > 0);
  return {
    name: `cleaned_customers_${k}`, dataset: 'cleaned_customers',
    batches: [{
      given: { raw_customers: raw },
      rows: named.map((r) => ({
        customer_id: r.customer_id, full_name: `${r.first_name.trim()} ${r.last_name!.trim()}`, email: r.email.trim().toLowerCase(),
        country_code: r.country_code === null ? 'XX' : r.country_code.toUpperCase(), signup_date: r.signup_ts.slice(0, 10), signup_month: r.signup_ts.slice(0, 7),
      })),
      dropped: kept.filter((r) => !named.includes(r)).map((r) => ({ customer_id: r.customer_id })),
      failed: { valid_id: 0, valid_email: kept.filter((r) => !r.email.includes('@')).length, valid_name: kept.length - named.length },
    }],
  };
}

function revenueOrders(k: number, customerIds: number[]): Row[] {
  // Whole-unit amounts; customer j gets j orders with amounts 10, 20, 30 (+k): every average is exact to the cent.
  const out: Row[] = [];
  let id = k * 1000;
  for (const [j, c] of customerIds.entries()) {
    for (let n = 0; n < j; n++) {
      const d = day(k + n);
      out.push({ order_id: ++id, customer_id: c, order_ts: `${d} 12:00:00`, order_date: d, amount: 10 * (n + 1) + k, item_count: 1 + n });
    }
  }
  return out;
}

function enriched(k: number): Case {
  const ids = [k * 10 + 1, k * 10 + 2, k * 10 + 3, k * 10 + 4];
  const cc = ids.map((c) => ({ customer_id: c, customer_key: `key${c}`, full_name: `N ${c}`, email: `c${c}@example.com`, country_code: 'DE', signup_date: day(c) }));
  const ro = revenueOrders(k, ids);
  return {
    name: `customers_enriched_${k}`, dataset: 'customers_enriched',
    batches: [{
      given: { cleaned_customers: cc, revenue_orders: ro },
      rows: ids.map((c) => {
        const mine = ro.filter((o) => o.customer_id === c);
        const sum = mine.reduce((s, o) => s + Number(o.amount), 0);
        const dates = mine.map((o) => String(o.order_date)).sort();
        return {
          customer_id: c, order_count: mine.length, lifetime_value: sum, avg_order_value: mine.length ? cents(sum / mine.length) : null,
          first_order_date: dates[0] ?? null, last_order_date: dates[dates.length - 1] ?? null,
        };
      }),
    }],
  };
}

function daily(k: number): Case {
  const ro = revenueOrders(k, [k * 10 + 1, k * 10 + 2, k * 10 + 3]);
  const days = [...new Set(ro.map((o) => String(o.order_date)))].sort();
  const events: Row[] = days.flatMap((d, i) => Array.from({ length: i + 2 }, (_, j) => ({
    event_id: `e${k}-${i}-${j}`, customer_id: 1, event_type: j === 0 ? 'checkout' : 'page_view', page: '/', event_ts: `${d} 09:0${j % 10}:00`,
    device: 'desktop', source_system: 'web', source_file: 'e.ndjson',
  })));
  return {
    name: `daily_revenue_${k}`, dataset: 'daily_revenue',
    batches: [{
      given: { revenue_orders: ro, raw_events: events },
      rows: days.map((d) => {
        const mine = ro.filter((o) => o.order_date === d);
        const sum = mine.reduce((s, o) => s + Number(o.amount), 0);
        return {
          order_date: d, order_count: mine.length, customer_count: new Set(mine.map((o) => o.customer_id)).size, gross_revenue: sum,
          avg_order_value: cents(sum / mine.length), items_sold: mine.reduce((s, o) => s + Number(o.item_count), 0),
          page_views: events.filter((e) => String(e.event_ts).startsWith(d) && e.event_type === 'page_view').length,
        };
      }),
    }],
  };
}

function rawOrdersFile(k: number): Case {
  const rows = Array.from({ length: 5 }, (_, i) => {
    const { source_file: _ignored, ...r } = rawOrder(k * 100 + i + 1, k);
    return r;
  });
  return { name: `raw_orders_file_${k}`, dataset: 'raw_orders', batches: [{ given: { files: rows }, rows: rows.map((r) => ({ order_id: r.order_id, items: r.items, status: r.status })) }] };
}

export function unitTestCases(n: number): Case[] {
  const make = { seg: segments, orders, cust: customers, enriched, daily, raw: rawOrdersFile };
  return Array.from({ length: n }, (_, i) => make[PATTERN[i % PATTERN.length]](i + 1));
}

/** The cases as test files (JSON rows inside YAML), about 25 cases per file. */
export function unitTestFiles(n: number): Map<string, string> {
  const cases = unitTestCases(n);
  const files = new Map<string, string>();
  const row = (r: Row): string => JSON.stringify(r);
  for (let f = 0; f * 25 < cases.length; f++) {
    const lines = [`# Generated by bench/checks.ts: cases ${f * 25 + 1}..${Math.min(cases.length, (f + 1) * 25)} of ${cases.length}.`, 'tests:'];
    for (const c of cases.slice(f * 25, (f + 1) * 25)) {
      lines.push(`  - name: ${c.name}`, `    dataset: ${c.dataset}`, '    batches:');
      for (const b of c.batches) {
        lines.push('      - given:');
        for (const [input, rows] of Object.entries(b.given)) {
          lines.push(`          ${input}:`, ...rows.map((r) => `            - ${row(r)}`));
        }
        lines.push('        expect:');
        if (b.rows) lines.push(b.rows.length ? '          rows:' : '          rows: []', ...b.rows.map((r) => `            - ${row(r)}`));
        if (b.dropped) lines.push(b.dropped.length ? '          dropped:' : '          dropped: []', ...b.dropped.map((r) => `            - ${row(r)}`));
        if (b.failed) lines.push(`          failed: ${row(b.failed)}`);
      }
    }
    files.set(`tests/bench_${String(f + 1).padStart(2, '0')}.yml`, lines.join('\n') + '\n');
  }
  return files;
}
