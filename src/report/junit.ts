/**
 * JUnit XML, the one test-report format every CI system reads. Pure formatting: callers map their results
 * (expectations, table-level checks, unit tests, validation diagnostics) to suites and cases.
 */
export interface JUnitCase {
  readonly classname: string;
  readonly name: string;
  /** Seconds. */
  readonly time?: number;
  readonly failure?: { readonly message: string; readonly type: string; readonly text?: string };
  readonly error?: { readonly message: string; readonly type: string; readonly text?: string };
  readonly skipped?: string;
  readonly systemOut?: string;
}

export interface JUnitSuite {
  readonly name: string;
  readonly cases: readonly JUnitCase[];
  readonly time?: number;
  /** ISO timestamp. */
  readonly timestamp?: string;
}

export function escapeXml(s: string): string {
  // Characters XML 1.0 cannot carry at all are dropped; the five specials are escaped.
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const attr = (name: string, value: string | number): string => ` ${name}="${escapeXml(String(value))}"`;

export function toJUnitXml(suites: readonly JUnitSuite[], name = 'weir'): string {
  const count = (pred: (c: JUnitCase) => boolean): number => suites.reduce((n, s) => n + s.cases.filter(pred).length, 0);
  const tests = count(() => true);
  const failures = count((c) => c.failure !== undefined);
  const errors = count((c) => c.error !== undefined);
  const skipped = count((c) => c.skipped !== undefined);
  const time = suites.reduce((t, s) => t + (s.time ?? s.cases.reduce((u, c) => u + (c.time ?? 0), 0)), 0);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attr('name', name)}${attr('tests', tests)}${attr('failures', failures)}${attr('errors', errors)}${attr('skipped', skipped)}${attr('time', time.toFixed(3))}>`];
  for (const s of suites) {
    const sTime = s.time ?? s.cases.reduce((u, c) => u + (c.time ?? 0), 0);
    out.push(`  <testsuite${attr('name', s.name)}${attr('tests', s.cases.length)}` +
      `${attr('failures', s.cases.filter((c) => c.failure).length)}${attr('errors', s.cases.filter((c) => c.error).length)}` +
      `${attr('skipped', s.cases.filter((c) => c.skipped !== undefined).length)}${attr('time', sTime.toFixed(3))}` +
      `${s.timestamp ? attr('timestamp', s.timestamp) : ''}>`);
    for (const c of s.cases) {
      const open = `    <testcase${attr('classname', c.classname)}${attr('name', c.name)}${attr('time', (c.time ?? 0).toFixed(3))}`;
      const body: string[] = [];
      if (c.failure) body.push(`      <failure${attr('message', c.failure.message)}${attr('type', c.failure.type)}>${escapeXml(c.failure.text ?? c.failure.message)}</failure>`);
      if (c.error) body.push(`      <error${attr('message', c.error.message)}${attr('type', c.error.type)}>${escapeXml(c.error.text ?? c.error.message)}</error>`);
      if (c.skipped !== undefined) body.push(`      <skipped${attr('message', c.skipped)}/>`);
      if (c.systemOut) body.push(`      <system-out>${escapeXml(c.systemOut)}</system-out>`);
      out.push(body.length ? `${open}>\n${body.join('\n')}\n    </testcase>` : `${open}/>`);
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
