#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm install` (the `prepare` script).
import { main } from '../dist/cli/index.js';

main(process.argv).then(
  (code) => { process.exitCode = code; },
  (err) => {
    process.stderr.write(`weir: internal error: ${err && err.stack ? err.stack : err}\n` +
      'This is a bug in Weir; please report it with the command you ran.\n');
    process.exitCode = 2;
  },
);
