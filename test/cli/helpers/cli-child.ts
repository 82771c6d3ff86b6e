// The CLI as a child process with the real process streams (tests that need a real pipe): `node --import tsx
// test/cli/helpers/cli-child.ts run --project <dir>`.
import { main } from '../../../src/cli/main-with-duckdb.js';

process.exitCode = await main(process.argv);
