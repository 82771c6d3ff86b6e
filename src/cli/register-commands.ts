import type { Command } from 'commander';
import type { CliIO } from './io.js';
import { registerBuild } from './commands/build.js';
import { registerCompile } from './commands/compile.js';
import { registerDocs } from './commands/docs.js';
import { registerInit } from './commands/init.js';
import { registerLineage } from './commands/lineage.js';
import { registerLs } from './commands/ls.js';
import { registerRetry } from './commands/retry.js';
import { registerRun } from './commands/run.js';
import { registerTest } from './commands/test.js';
import { registerValidate } from './commands/validate.js';

/** The command table. Each command file registers itself; this list is the only place that knows them all. */
export function registerCommands(program: Command, io: CliIO, setExit: (code: number) => void): void {
  registerInit(program, io, setExit);
  registerCompile(program, io, setExit);
  registerLs(program, io, setExit);
  registerValidate(program, io, setExit);
  registerLineage(program, io, setExit);
  registerRun(program, io, setExit);
  registerTest(program, io, setExit);
  registerBuild(program, io, setExit);
  registerRetry(program, io, setExit);
  registerDocs(program, io, setExit);
}
