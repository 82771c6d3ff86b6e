// Test-only reading of models-example/: splits its SQL files into statements and evaluates the dataset queries on
// DuckDB after a small rewrite of the few Spark constructs the example uses. This is NOT Weir's compiler (it knows
// only the example's own spellings); it lets the example's data generator be checked against the SQL that reads its
// output without depending on the compiler and runner. The end-to-end tests of `weir run` cover the real path.

import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fg from 'fast-glob';
import nunjucks from 'nunjucks';
import YAML from 'yaml';

export const exampleDir = join(import.meta.dirname, '..', '..', 'models-example');

export interface Expectation {
  readonly name: string;
  readonly condition: string;
  readonly action: 'warn' | 'drop' | 'fail';
}

export interface ExampleStatement {
  readonly file: string;
  readonly kind: 'materialized view' | 'streaming table' | 'temporary view' | 'flow' | 'apply changes';
  /** Dataset name, or the flow's target for flows. */
  readonly name: string;
  readonly flowName?: string;
  readonly declaredColumns: readonly string[];
  readonly expectations: readonly Expectation[];
  /** The query as written (after nunjucks), without the leading AS; undefined for CDC and declaration-only tables. */
  readonly query?: string;
  readonly text: string;
}

/** Renders nunjucks the way the example expects: project vars plus a stand-in for the built-in surrogate_key. */
function render(text: string, vars: Record<string, unknown>): string {
  if (!/{[{%#]/.test(text)) return text;
  const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true });
  env.addGlobal('var', (k: string, d?: unknown) => (k in vars ? vars[k] : d));
  env.addGlobal('surrogate_key', (cols: string[]) => `md5(concat_ws('||', ${cols.map((c) => `coalesce(CAST(${c} AS STRING), '_null_')`).join(', ')}))`);
  return env.renderString(text, {});
}

/** Splits on top-level `;` and on notebook cell markers; drops notebook header, MAGIC and comment-only lines. */
function splitStatements(text: string): string[] {
  const lines = text.split('\n').filter((l) => !/^\s*--\s*(Databricks notebook source|MAGIC\b)/.test(l));
  const out: string[] = [];
  let cur: string[] = [];
  const flush = (): void => {
    const s = cur.filter((l) => !/^\s*--/.test(l)).join('\n').trim();
    if (s) out.push(s);
    cur = [];
  };
  for (const l of lines) {
    if (/^-- COMMAND -+\s*$/.test(l)) { flush(); continue; }
    if (/;\s*$/.test(l)) { cur.push(l.replace(/;\s*$/, '')); flush(); continue; }
    cur.push(l);
  }
  flush();
  return out;
}

function parseStatement(file: string, s: string): ExampleStatement {
  const head = /^create\s+(?:or\s+refresh\s+)?(materialized view|streaming table|temporary view)\s+(\w+)/i.exec(s);
  const flow = /^create\s+flow\s+(\w+)[\s\S]*?\bas\s+(?:insert\s+into\s+(\w+)\s+by\s+name|auto\s+cdc\s+into\s+(\w+))/i.exec(s);
  const apply = /^apply\s+changes\s+into\s+(?:live\.)?(\w+)/i.exec(s);
  const expectations: Expectation[] = [];
  for (const m of s.matchAll(/CONSTRAINT (\w+) EXPECT \((.*)\)(?: ON VIOLATION (DROP ROW|FAIL UPDATE))?,?\s*$/gim)) {
    expectations.push({ name: m[1], condition: m[2], action: m[3] === 'DROP ROW' ? 'drop' : m[3] === 'FAIL UPDATE' ? 'fail' : 'warn' });
  }
  if (head) {
    const kind = head[1].toLowerCase() as ExampleStatement['kind'];
    const declaredColumns: string[] = [];
    const list = /^[^\n(]*\(\n([\s\S]*?)\n\)/.exec(s);
    if (list) {
      for (const l of list[1].split('\n')) {
        const m = /^\s+(\w+)\s+(?!EXPECT\b)[A-Z]+/.exec(l);
        if (m && !/^\s+CONSTRAINT\b/i.test(l)) declaredColumns.push(m[1]);
      }
    }
    const q = /^as\s+((?:select|with)\b[\s\S]*)$/im.exec(s);
    return { file, kind, name: head[2], declaredColumns, expectations, query: q?.[1], text: s };
  }
  if (flow) {
    const q = flow[2] ? /\bby\s+name\s+([\s\S]*)$/i.exec(s)?.[1] : undefined;
    return { file, kind: 'flow', name: flow[2] ?? flow[3], flowName: flow[1], declaredColumns: [], expectations, query: q, text: s };
  }
  if (apply) return { file, kind: 'apply changes', name: apply[1], declaredColumns: [], expectations, text: s };
  throw new Error(`${file}: statement not recognised by the test reader:\n${s.slice(0, 200)}`);
}

export interface ExampleProject {
  readonly config: { name: string; libraries: string[]; configuration: Record<string, string>; vars?: Record<string, unknown> };
  readonly statements: readonly ExampleStatement[];
}

export function readExample(vars: Record<string, unknown> = {}): ExampleProject {
  const config = YAML.parse(readFileSync(join(exampleDir, 'weir.yml'), 'utf8')) as ExampleProject['config'];
  const files = fg.sync(config.libraries.map((g) => (g.endsWith('**') ? `${g}/*.sql` : g)), { cwd: exampleDir }).sort();
  const statements: ExampleStatement[] = [];
  for (const f of files) {
    const text = render(readFileSync(join(exampleDir, f), 'utf8'), { ...(config.vars ?? {}), ...vars });
    for (const s of splitStatements(text)) statements.push(parseStatement(relative(exampleDir, join(exampleDir, f)), s));
  }
  return { config, statements };
}

/** Spark SQL of the example -> DuckDB SQL, for exactly the constructs the example uses. */
export function toDuckDb(sql: string, dataDir: string): string {
  return sql
    .replaceAll('${data}', dataDir)
    .replace(/\bstream\s+read_files\(\s*'([^']+)',\s*format\s*=>\s*'(\w+)'[^)]*\)/gi, (_m, path: string, format: string) =>
      format === 'parquet'
        ? `read_parquet('${path}', filename = true)`
        : `read_json('${path}', format = 'newline_delimited', filename = true)`)
    // Spark's * never includes the hidden _metadata column; DuckDB's filename column is a real one.
    .replace(/^(\s*)\*,\s*$/m, '$1* EXCLUDE (filename),')
    .replace(/_metadata\.file_path/gi, 'filename')
    // The runner adds the rescued-data column when read_files asks for it; the generator writes no malformed values.
    .replace(/^(\s*)_rescued_data,/m, '$1CAST(NULL AS VARCHAR) AS _rescued_data,')
    .replace(/\bSTREAM\s*\(\s*(\w+)\s*\)/gi, '$1')
    .replace(/\bnvl\(/gi, 'coalesce(')
    .replace(/"([^"]*)"/g, "'$1'")
    .replace(/\bdate_format\(([^,()]+), 'yyyy-MM'\)/gi, "strftime($1, '%Y-%m')")
    .replace(/\bto_date\(([^()]+)\)/gi, 'CAST($1 AS DATE)')
    .replace(/\bAS STRING\)/gi, 'AS VARCHAR)');
}
