/**
 * One example of a diagnostic, as users meet it: a small project, the command run on it, and the code the
 * example shows. The catalogue test runs every case through the real CLI and writes what it printed into
 * docs/DIAGNOSTICS.md (a golden file), so the reference page cannot drift from what Weir prints.
 */
export interface DiagnosticCase {
  /** The code this example demonstrates (the output must contain it). */
  readonly code: string;
  /** What triggers it, in one line. */
  readonly title: string;
  /** Project files by path; `weir.yml` defaults to `name: demo` unless the files hold a spec file or `noSpec`. */
  readonly files: Readonly<Record<string, string>>;
  /** No spec file at all (the project folder holds only `files`). */
  readonly noSpec?: boolean;
  /** Run the command in the project folder without `--project` (what happens where the user stands). */
  readonly noProjectFlag?: boolean;
  /** The command run (default `compile`); `validate`, `run` and `test` open DuckDB. */
  readonly command?: 'compile' | 'validate' | 'run' | 'test';
  /** More arguments after the command (`--conf k=v`, `--select x`). */
  readonly args?: readonly string[];
  /** Environment of the command (`GITHUB_ACTIONS: 'true'` shows the workflow annotations). */
  readonly env?: Readonly<Record<string, string>>;
  /** An earlier `weir run` of these files (then replaced by `files`): for what only stored state shows. */
  readonly before?: Readonly<Record<string, string>>;
}
