import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import { formatLocation, type SourceLookup } from '../report/format-diagnostic.js';
import { toJUnitXml, type JUnitSuite } from '../report/junit.js';
import { junitFromProblems } from '../report/junit-from-results.js';
import type { CliIO } from './io.js';
import { UsageError } from './common-options.js';

/** Writes a JUnit report at `file` (relative to the current folder), creating its folder. */
export function writeJUnitFile(io: CliIO, file: string, suites: readonly JUnitSuite[], name: string): void {
  const path = resolve(io.cwd, file);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, toJUnitXml(suites, name));
  } catch (e) {
    // A folder, an unwritable place: a bad invocation (exit 2) with the reason, not a stack trace.
    throw new UsageError(`cannot write the JUnit report ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** `path:line:col` of a diagnostic, or 'project' when it has no position. */
export function locationOf(sources: SourceLookup): (d: Diagnostic) => string {
  return (d) => (d.span ? formatLocation(d.span.file, sources(d.span.file), d.span.start) : 'project');
}

/** A diagnostic in the `--json` documents' shape (the one `weir validate --json` has always printed). */
export function jsonDiagnostic(d: Diagnostic, sources: SourceLookup): Record<string, unknown> {
  return { code: d.code, severity: d.severity, message: d.message, location: d.span ? locationOf(sources)(d) : undefined, hint: d.hint };
}

/**
 * When a command stops before producing its results (the project does not compile), what CI reads must still
 * say so: a JUnit file with an error case per problem (a missing report reads as "no tests" or green to
 * some CI systems) and, with --json, one JSON document on stdout.
 */
export function reportCompileFailure(
  io: CliIO, diagnostics: readonly Diagnostic[], sources: SourceLookup,
  options: { junit?: string; json?: boolean; warnError?: boolean; command: string },
): void {
  if (options.junit) {
    writeJUnitFile(io, options.junit, [junitFromProblems(`weir ${options.command}: compile`, diagnostics, locationOf(sources), options.warnError)], `weir ${options.command}`);
  }
  if (options.json) io.out(JSON.stringify({ ok: false, diagnostics: diagnostics.map((d) => jsonDiagnostic(d, sources)) }, null, 2));
}

/**
 * With --json, stdout carries exactly one JSON document: every other line a command prints (progress, summaries,
 * GitHub annotations, which the Actions runner reads from stderr as well) goes to stderr instead. Commands print
 * their document with the original `io.out`.
 */
export function textToStderr(io: CliIO, json: boolean | undefined): CliIO {
  return json ? { ...io, out: io.err } : io;
}
