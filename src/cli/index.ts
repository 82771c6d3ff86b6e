import { Command, CommanderError } from 'commander';
import { UsageError } from './common-options.js';
import { processIO, type CliIO } from './io.js';
import { WEIR_VERSION } from './version.js';
import { registerCommands } from './register-commands.js';

/**
 * Entry point: wires commands (each in commands/) and maps outcomes to exit codes (SEMANTICS §6):
 * 0 success, 1 project or data errors, 2 bad invocation or internal error.
 */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  let exitCode = 0;
  const setExit = (code: number): void => { exitCode = Math.max(exitCode, code); };
  const program = new Command('weir')
    .description('Compile and run Databricks DLT / Lakeflow declarative SQL pipelines on embedded DuckDB')
    .version(WEIR_VERSION, '-V, --version')
    .showHelpAfterError('(run weir --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) });
  registerCommands(program, io, setExit);
  try {
    await program.parseAsync([...argv]);
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit through here with code 0.
      return e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof UsageError) {
      io.err(`weir: ${e.message}`);
      return 2;
    }
    throw e;
  }
  return exitCode;
}
