import type { Command } from 'commander';
import type { CliIO } from './io.js';
import { registerCompile } from './commands/compile.js';
import { registerInit } from './commands/init.js';
import { registerLs } from './commands/ls.js';

/** The command table. Each command file registers itself; this list is the only place that knows them all. */
export function registerCommands(program: Command, io: CliIO, setExit: (code: number) => void): void {
  registerInit(program, io, setExit);
  registerCompile(program, io, setExit);
  registerLs(program, io, setExit);
}
