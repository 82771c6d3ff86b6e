// Synthetic projects for the compile benchmark (not used by tests of the compiler itself).
//
// generateProject(dir, { datasets, seed }) writes a Weir project shaped like a large real pipeline:
//   - ~5 datasets per file (10,000 datasets -> ~2,000 files under 20 folders), a tenth of them bronze streaming
//     tables from read_files, then materialized views, streaming tables over STREAM(...) (stream-static joins),
//     temporary views, a few AUTO CDC flows and append flows;
//   - every derived dataset joins 2-3 upstream datasets (always earlier ones: the graph is a DAG) and carries
//     3 expectations (warn, drop, fail), except temporary views, which Databricks does not allow them on;
//   - a fifth of the files use nunjucks: the built-in `surrogate_key` and a project macro from macros/;
//   - typed column lists with comments on half of the datasets.
// generateDataformProject(dir, same options) writes the same graph as a Dataform SQLX project (one file per
// dataset, as Dataform requires), with ${ref()} references, assertions and a JS include for the macros.
// Output is a pure function of the options, so the benchmark can regenerate or reuse it.

import { mkdirSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../src/util/seeded-random.js';

export interface GenOptions {
  readonly datasets: number;
  readonly seed?: number;
  /** Datasets per SQL file (Weir only; Dataform needs one per file). Default 5. */
  readonly perFile?: number;
}

type Kind = 'source' | 'mv' | 'st' | 'tv' | 'cdc';

interface Dataset {
  readonly index: number;
  readonly name: string;
  readonly kind: Kind;
  /** Upstream dataset indices (empty for sources). */
  readonly inputs: readonly number[];
  readonly file: number;
  readonly typed: boolean;
  /** Second streaming source appended by a CREATE FLOW (some streaming tables). */
  readonly appendFrom?: number;
}

/** Every dataset has these columns, so any join of any upstreams binds. */
const COLUMNS: readonly (readonly [string, string, string])[] = [
  ['id', 'BIGINT', 'Business key'],
  ['customer_id', 'BIGINT', 'Customer the row belongs to'],
  ['amount', 'DECIMAL(18, 2)', 'Monetary amount in USD'],
  ['event_ts', 'TIMESTAMP', 'When the event happened (UTC)'],
  ['category', 'STRING', 'Product category'],
  ['status', 'STRING', 'Lifecycle status'],
  ['score', 'DOUBLE', 'Model score between 0 and 1'],
  ['note', 'STRING', 'Free text or a derived key'],
];


/** The dataset graph both generators render, so the two projects are equivalent. */
export function planDatasets(opts: GenOptions): Dataset[] {
  const n = opts.datasets;
  const perFile = opts.perFile ?? 5;
  const rand = seededRandom((opts.seed ?? 1) * 2654435761);
  const sources = Math.max(3, Math.round(n / 10));
  const out: Dataset[] = [];
  // Indices usable as STREAM(x) inputs: sources and append-only streaming tables. Not CDC targets: their rows are
  // updated and deleted, which a streaming read rejects (DELTA_SOURCE_TABLE_IGNORE_CHANGES on Databricks).
  const streaming: number[] = [];
  for (let i = 0; i < n; i++) {
    const file = Math.floor(i / perFile);
    if (i < sources) {
      out.push({ index: i, name: `src_${i}`, kind: 'source', inputs: [], file, typed: true });
      streaming.push(i);
      continue;
    }
    const r = rand();
    const kind: Kind = r < 0.6 ? 'mv' : r < 0.8 ? 'st' : r < 0.98 ? 'tv' : 'cdc';
    // Prefer recent upstreams (local structure, like real layers) but reach back sometimes (long edges).
    const pickUp = (): number => (rand() < 0.7 ? i - 1 - Math.floor(rand() * Math.min(i, 50)) : Math.floor(rand() * i));
    const k = rand() < 0.5 ? 2 : 3;
    const inputs = new Set<number>();
    if (kind === 'st' || kind === 'cdc') inputs.add(streaming[Math.floor(rand() * streaming.length)]);
    while (inputs.size < (kind === 'cdc' ? 1 : k)) inputs.add(pickUp());
    const appendFrom = kind === 'st' && rand() < 0.1 ? streaming[Math.floor(rand() * streaming.length)] : undefined;
    out.push({ index: i, name: `${kind}_${i}`, kind, inputs: [...inputs], file, typed: rand() < 0.5, appendFrom });
    if (kind === 'st') streaming.push(i);
  }
  return out;
}

const usesMacros = (file: number): boolean => file % 5 === 0;

// ---- Weir -----------------------------------------------------------------------------------------------------

function columnList(d: Dataset, withExpectations: boolean): string {
  const items: string[] = [];
  if (d.typed) for (const [c, t, comment] of COLUMNS) items.push(`  ${c} ${t}${c === 'id' ? ' NOT NULL' : ''} COMMENT '${comment}'`);
  if (withExpectations) {
    items.push(`  CONSTRAINT ${d.name}_valid_id EXPECT (id IS NOT NULL) ON VIOLATION FAIL UPDATE`);
    items.push(`  CONSTRAINT ${d.name}_valid_amount EXPECT (amount >= 0) ON VIOLATION DROP ROW`);
    items.push(`  CONSTRAINT ${d.name}_known_status EXPECT (status IN ('open', 'closed', 'pending'))`);
  }
  return items.length === 0 ? '' : ` (\n${items.join(',\n')}\n)`;
}

const ALIASES = ['a', 'b', 'c'];

/** The SELECT list and FROM clause of a derived dataset, in Spark SQL. `ref` renders an input reference. */
function selectBody(d: Dataset, all: readonly Dataset[], ref: (x: Dataset, streaming: boolean) => string, macros: 'nunjucks' | 'dataform' | 'none'): string {
  const [a, b] = ALIASES;
  const note = macros === 'nunjucks'
    ? `{{ surrogate_key(['a.id', 'a.customer_id']) }}`
    : macros === 'dataform'
      ? '${macros.surrogate_key(["a.id", "a.customer_id"])}'
      : `concat_ws('-', CAST(a.id AS STRING), ${b}.note)`;
  const amount = macros === 'nunjucks'
    ? `{{ to_usd('coalesce(a.amount, 0) + coalesce(b.amount, 0)') }}`
    : macros === 'dataform'
      ? '${macros.to_usd("coalesce(a.amount, 0) + coalesce(b.amount, 0)")}'
      : 'CAST(coalesce(a.amount, 0) + coalesce(b.amount, 0) AS DECIMAL(18, 2))';
  const lines = [
    'SELECT',
    `  a.id,`,
    `  a.customer_id,`,
    `  ${amount} AS amount,`,
    `  greatest(a.event_ts, ${b}.event_ts) AS event_ts,`,
    `  upper(nvl(a.category, "unknown")) AS category,`,
    `  CASE WHEN ${b}.status = 'closed' OR a.status = 'closed' THEN 'closed' ELSE a.status END AS status,`,
    `  (coalesce(a.score, 0) + coalesce(${b}.score, 0)) / 2 AS score,`,
    `  ${note} AS note`,
  ];
  d.inputs.forEach((inp, k) => {
    const x = all[inp];
    const streamingSide = k === 0 && (d.kind === 'st' || d.kind === 'cdc');
    const src = `${ref(x, streamingSide)} ${ALIASES[k]}`;
    if (k === 0) lines.push(`FROM ${src}`);
    else if (k === 1) lines.push(`JOIN ${src} ON ${ALIASES[k]}.id = a.id`);
    else lines.push(`LEFT JOIN ${src} ON ${ALIASES[k]}.customer_id = a.customer_id AND ${ALIASES[k]}.status <> 'closed'`);
  });
  if (d.inputs.length === 1) {
    // CDC sources read one stream; keep the column list identical by reading it as `b` too.
    return lines.join('\n').replaceAll(`${b}.`, 'a.');
  }
  lines.push(`WHERE a.event_ts >= TIMESTAMP '2020-01-01 00:00:00'`);
  return lines.join('\n');
}

function weirStatement(d: Dataset, all: readonly Dataset[], macros: boolean): string {
  const ref = (x: Dataset, streaming: boolean): string => (streaming ? `STREAM(${x.name})` : x.name);
  const style = macros ? 'nunjucks' : 'none';
  switch (d.kind) {
    case 'source':
      return `CREATE OR REFRESH STREAMING TABLE ${d.name}${columnList(d, true)}
COMMENT 'Raw feed ${d.index} as delivered'
TBLPROPERTIES ('quality' = 'bronze')
AS SELECT
  CAST(id AS BIGINT) AS id,
  CAST(customer_id AS BIGINT) AS customer_id,
  CAST(amount AS DECIMAL(18, 2)) AS amount,
  CAST(event_ts AS TIMESTAMP) AS event_ts,
  category,
  status,
  CAST(score AS DOUBLE) AS score,
  _metadata.file_path AS note
FROM STREAM read_files('\${landing}/feed_${d.index}/*.json', format => 'json');`;
    case 'mv':
      return `CREATE OR REFRESH MATERIALIZED VIEW ${d.name}${columnList(d, true)}
COMMENT 'Derived dataset ${d.index}'
TBLPROPERTIES ('quality' = 'silver')
AS ${selectBody(d, all, ref, style)};`;
    case 'tv':
      return `CREATE TEMPORARY VIEW ${d.name}
COMMENT 'Helper view ${d.index}'
AS ${selectBody(d, all, ref, style)};`;
    case 'st': {
      let s = `CREATE OR REFRESH STREAMING TABLE ${d.name}${columnList(d, true)}
COMMENT 'Incremental dataset ${d.index}'
TBLPROPERTIES ('quality' = 'silver')
AS ${selectBody(d, all, ref, style)};`;
      if (d.appendFrom !== undefined) {
        const x = all[d.appendFrom];
        s += `\n\nCREATE FLOW ${d.name}_backfill AS INSERT INTO ${d.name} BY NAME
SELECT id, customer_id, amount, event_ts, category, status, score, note FROM STREAM(${x.name});`;
      }
      return s;
    }
    case 'cdc': {
      const src = all[d.inputs[0]];
      return `CREATE OR REFRESH STREAMING TABLE ${d.name}${columnList(d, true)}
COMMENT 'Current state of feed ${src.index} (SCD type 1)';

CREATE FLOW ${d.name}_cdc AS AUTO CDC INTO ${d.name}
FROM STREAM(${src.name})
KEYS (id)
APPLY AS DELETE WHEN status = 'deleted'
SEQUENCE BY event_ts
STORED AS SCD TYPE 1;`;
    }
  }
}

export interface Generated {
  readonly files: number;
  readonly datasets: number;
  readonly dir: string;
}

/** Writes a Weir project into `dir` (replacing it). */
export function generateProject(dir: string, opts: GenOptions): Generated {
  const all = planDatasets(opts);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'macros'), { recursive: true });
  writeFileSync(join(dir, 'weir.yml'), `name: bench_${opts.datasets}
libraries:
  - transformations/**
configuration:
  landing: landing
`);
  // One tiny file per feed: a compiler that infers read_files schemas from the files finds them (Weir's
  // validation binds queries against upstream schemas), and the project can also be run.
  for (const d of all) {
    if (d.kind !== 'source') continue;
    const feed = join(dir, 'landing', `feed_${d.index}`);
    mkdirSync(feed, { recursive: true });
    writeFileSync(join(feed, 'part-0.json'), JSON.stringify({
      id: d.index, customer_id: d.index % 97, amount: 12.5, event_ts: '2024-01-01 00:00:00',
      category: 'shoes', status: 'open', score: 0.5,
    }) + '\n');
  }
  writeFileSync(join(dir, 'macros', 'money.sql'), `{#- Project macro: normalise an amount expression to USD with two decimals. -#}
{% macro to_usd(expr) -%}
CAST(round({{ expr }}, 2) AS DECIMAL(18, 2))
{%- endmacro %}
`);
  const byFile = new Map<number, Dataset[]>();
  for (const d of all) {
    const list = byFile.get(d.file) ?? [];
    list.push(d);
    byFile.set(d.file, list);
  }
  for (const [file, list] of byFile) {
    const folder = join(dir, 'transformations', `area_${String(file % 20).padStart(2, '0')}`);
    mkdirSync(folder, { recursive: true });
    const header = `-- Generated benchmark file ${file}: ${list.map((d) => d.name).join(', ')}\n\n`;
    const body = list.map((d) => weirStatement(d, all, usesMacros(file))).join('\n\n');
    writeFileSync(join(folder, `file_${String(file).padStart(5, '0')}.sql`), header + body + '\n');
  }
  return { files: byFile.size, datasets: all.length, dir };
}

// ---- Dataform -------------------------------------------------------------------------------------------------

/** Writes the equivalent Dataform project (SQLX, one dataset per file) into `dir` (replacing it). */
export function generateDataformProject(dir: string, opts: GenOptions): Generated {
  const all = planDatasets(opts);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'definitions'), { recursive: true });
  mkdirSync(join(dir, 'includes'), { recursive: true });
  writeFileSync(join(dir, 'workflow_settings.yaml'), `defaultProject: bench
defaultLocation: US
defaultDataset: bench_${opts.datasets}
defaultAssertionDataset: bench_${opts.datasets}_assertions
`);
  // @dataform/core comes from package.json (installed once by the bench): with `dataformCoreVersion` in
  // workflow_settings.yaml the CLI would copy the project and run `npm i` inside every timed compile.
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, dependencies: { '@dataform/core': DATAFORM_CORE_VERSION } }, null, 2) + '\n');
  // The same two macros as the Weir project, as a Dataform JS include (available as `macros` in SQLX).
  writeFileSync(join(dir, 'includes', 'macros.js'), `function surrogate_key(cols) {
  return \`md5(concat_ws('||', \${cols.map((c) => \`coalesce(cast(\${c} as string), '_null_')\`).join(', ')}))\`;
}
function to_usd(expr) {
  return \`cast(round(\${expr}, 2) as numeric)\`;
}
module.exports = { surrogate_key, to_usd };
`);
  let files = 0;
  const ref = (x: Dataset): string => '${ref("' + x.name + '")}';
  for (const d of all) {
    const folder = join(dir, 'definitions', `area_${String(d.file % 20).padStart(2, '0')}`);
    mkdirSync(folder, { recursive: true });
    let text: string;
    if (d.kind === 'source') {
      // File feeds are external tables in Dataform: a declaration (the load itself is outside Dataform).
      text = `config {\n  type: "declaration",\n  database: "bench",\n  schema: "landing",\n  name: "${d.name}",\n  description: "Raw feed ${d.index} as delivered"\n}\n`;
    } else {
      const type = d.kind === 'mv' ? 'table' : d.kind === 'tv' ? 'view' : 'incremental';
      const assertions = d.kind === 'tv' ? '' : `,
  assertions: {
    nonNull: ["id"],
    rowConditions: ["amount >= 0", "status in ('open', 'closed', 'pending')"]
  }`;
      const columns = d.typed
        ? `,\n  columns: {\n${COLUMNS.map(([c, , comment]) => `    ${c}: "${comment}"`).join(',\n')}\n  }`
        : '';
      const uniqueKey = d.kind === 'cdc' ? ',\n  uniqueKey: ["id"]' : '';
      const body = selectBody(d, all, (x) => ref(x), usesMacros(d.file) ? 'dataform' : 'none')
        // Dataform targets BigQuery: Spark's nvl / double-quoted strings / STRING casts are spelled differently.
        .replaceAll('nvl(', 'ifnull(')
        .replaceAll('"unknown"', "'unknown'")
        .replaceAll('DECIMAL(18, 2)', 'NUMERIC');
      text = `config {\n  type: "${type}",\n  description: "Derived dataset ${d.index}"${columns}${uniqueKey}${assertions}\n}\n\n${body}\n`;
    }
    writeFileSync(join(folder, `${d.name}.sqlx`), text);
    files++;
  }
  return { files, datasets: all.length, dir };
}

/** @dataform/core version the generated Dataform project depends on (same major as the CLI the bench installs). */
export const DATAFORM_CORE_VERSION = '3.0.62';

/** Generates only when `dir` does not already hold a project made from the same options (large trees are slow). */
export function ensureGenerated(dir: string, opts: GenOptions, gen: (dir: string, o: GenOptions) => Generated): Generated & { reused: boolean } {
  const stamp = join(dir, '.gen-stamp.json');
  const want = JSON.stringify({ ...opts, generator: gen.name, v: 3 });
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) {
    const meta = JSON.parse(readFileSync(join(dir, '.gen-meta.json'), 'utf8')) as Generated;
    return { ...meta, reused: true };
  }
  const g = gen(dir, opts);
  writeFileSync(join(dir, '.gen-meta.json'), JSON.stringify(g));
  writeFileSync(stamp, want);
  return { ...g, reused: false };
}
