import { Command, Option } from 'commander';
import { parse as parseYaml } from 'yaml';
import type { CompileOptions } from '../compiler/compile-project.js';
import type { CliIO } from './io.js';

/** Options every project command accepts (dbt and Spark pipelines spellings both work). */
export interface CommonFlags {
  project?: string;
  projectDir?: string;
  conf?: string[];
  vars?: string;
  targetPath?: string;
  database?: string;
  color?: boolean;
  /** dbt's `--no-use-colors` (commander stores it as `useColors: false`). */
  useColors?: boolean;
  logFormat?: 'text' | 'json';
  warnError?: boolean;
}

export function addCommonOptions(cmd: Command): Command {
  return cmd
    .option('--project <dir>', 'project folder (default: the current folder, searching upward)')
    .option('--project-dir <dir>', 'alias of --project (dbt spelling)')
    .option('--conf <key=value>', 'pipeline configuration value for ${key} (repeatable)', collect, [])
    .option('--vars <yaml>', 'values for var() in templates, as YAML/JSON: \'{"start": "2024-01-01"}\'')
    .option('--target-path <dir>', 'artifact folder (default: <project>/target)')
    .option('--database <path>', 'DuckDB database file (default: from weir.yml, else target/<name>.duckdb)')
    .option('--no-color', 'no colours (also when NO_COLOR is set or output is not a terminal)')
    .option('--no-use-colors', 'alias of --no-color (dbt spelling)')
    .addOption(new Option('--log-format <format>', 'text, or json: one JSON object per line').choices(['text', 'json']).default('text'))
    .option('--warn-error', 'treat warnings as errors');
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export class UsageError extends Error {}

/** Turns command-line flags into compile options; bad values are usage errors (exit 2). */
export function compileOptionsFrom(flags: CommonFlags, io: CliIO): CompileOptions {
  const conf: Record<string, string> = {};
  for (const kv of flags.conf ?? []) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new UsageError(`--conf expects key=value, got '${kv}'`);
    conf[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  let vars: Record<string, unknown> | undefined;
  if (flags.vars !== undefined) {
    try {
      const v: unknown = parseYaml(flags.vars);
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not a mapping');
      vars = v as Record<string, unknown>;
    } catch (e) {
      throw new UsageError(`--vars expects a YAML or JSON mapping: ${(e as Error).message}`);
    }
  }
  return {
    cwd: io.cwd,
    ...(flags.project ?? flags.projectDir ? { projectDir: flags.project ?? flags.projectDir } : {}),
    ...(Object.keys(conf).length ? { conf } : {}),
    ...(vars ? { vars } : {}),
    ...(flags.database ? { databasePath: flags.database } : {}),
    ...(flags.targetPath ? { targetPath: flags.targetPath } : {}),
  };
}

export function useColor(flags: CommonFlags, io: CliIO): boolean {
  return io.color && flags.color !== false && flags.useColors !== false;
}
