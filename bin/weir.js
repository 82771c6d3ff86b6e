#!/usr/bin/env -S node --max-semi-space-size=32
// The larger young generation (V8's default is 16 MB) halves the scavenges of a 10,000-dataset compile
// (125 -> 79, ~0.3 s of garbage collection): compiling allocates many short-lived tokens and trees.
// Thin launcher: the CLI is compiled to dist/ by `npm install` (the `prepare` script). Commands that never open
// DuckDB start without loading its binding (~170 ms); the others load it first (src/util/load-duckdb.ts).
const args = process.argv.slice(2);
const command = args.find((a) => !a.startsWith('-'));
const light = command === undefined || ['ls', 'list', 'init', 'help'].includes(command) ||
  args.some((a) => ['-V', '--version', '-h', '--help'].includes(a));
const { main } = await import(light ? '../dist/cli/index.js' : '../dist/cli/main-with-duckdb.js');

main(process.argv).then(
  (code) => { process.exitCode = code; },
  (err) => {
    process.stderr.write(`weir: internal error: ${err && err.stack ? err.stack : err}\n` +
      'This is a bug in Weir; please report it with the command you ran.\n');
    process.exitCode = 2;
  },
);
