// Child process of the kill test: runs the kill pipeline once; the parent kills it at a random moment.
import { join } from 'node:path';
import { runPipeline } from '../../../src/execute/index.js';
import { killPipeline } from './kill-pipeline.js';

const [dir] = process.argv.slice(2);
const databasePath = join(dir, 'db.duckdb');
const r = await runPipeline(killPipeline(join(dir, 'landing')), {
  name: 'kill', root: dir, specFile: join(dir, 'weir.yml'), specKind: 'weir', libraries: [], schema: 'main', configuration: {},
  databasePath, macroPaths: [], vars: {}, targetPath: join(dir, 'target'), publish: 'per-dataset',
}, { databasePath, targetPath: join(dir, 'target') }, { out: (line) => process.stdout.write(`${line}\n`) });
process.exit(r.exitCode);
