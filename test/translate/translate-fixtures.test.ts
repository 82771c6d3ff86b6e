import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { formatDiagnostic } from '../../src/report/format-diagnostic.js';
import { translatePipeline } from '../../src/translate/index.js';
import { expectGolden } from '../helpers/golden.js';
import { buildPipeline } from './pipeline-builder.js';

/**
 * sqlglot-style fixtures: `fixtures/<rule>.sql` holds cases, each a `-- title` line and a Spark query;
 * `golden/<rule>.txt` holds, per case, the DuckDB SQL Weir emits and any diagnostics.
 * Upstream datasets `orders`, `customers` and `events` exist in every case.
 */
const dir = new URL('.', import.meta.url).pathname;
const fixtures = readdirSync(join(dir, 'fixtures')).filter((f) => f.endsWith('.sql')).sort();

export function translateCase(query: string): string {
  const { graph, files, sourceText } = buildPipeline([
    { name: 'orders' }, { name: 'customers' }, { name: 'events', kind: 'streaming-table' }, { name: 'target', query },
  ]);
  const res = translatePipeline(graph, files, { projectRoot: '/project', schema: 'main' });
  const flow = res.value.flows.find((f) => f.id === 'target')!;
  const lines = [flow.query!.sql];
  for (const d of res.diagnostics) lines.push(formatDiagnostic(d, sourceText));
  if (flow.inputs.length) lines.push(`inputs: ${JSON.stringify(flow.inputs)}`);
  return lines.join('\n');
}

describe('translation rules (fixtures → goldens)', () => {
  for (const f of fixtures) {
    it(f.replace(/\.sql$/, ''), () => {
      const text = readFileSync(join(dir, 'fixtures', f), 'utf8');
      const cases = text.split(/^-- title: /m).filter((c) => c.trim());
      const out: string[] = [];
      for (const c of cases) {
        const nl = c.indexOf('\n');
        const title = c.slice(0, nl).trim();
        const query = c.slice(nl + 1).trim();
        out.push(`== ${title}\n${query}\n--\n${translateCase(query)}\n`);
      }
      expectGolden(join(dir, 'golden', f.replace(/\.sql$/, '.txt')), out.join('\n'));
    });
  }
});
