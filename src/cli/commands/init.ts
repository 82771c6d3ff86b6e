import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import { UsageError } from '../common-options.js';

const EXAMPLE_SQL = `-- A first pipeline: a streaming table that ingests JSON files exactly once, and a materialized view.
CREATE OR REFRESH STREAMING TABLE raw_events
COMMENT "Events as they land"
TBLPROPERTIES ('quality' = 'bronze')
AS SELECT *, _metadata.file_path AS source_file
FROM STREAM read_files('\${landing}/events/*.json', format => 'json');

CREATE OR REFRESH MATERIALIZED VIEW events_per_day (
  CONSTRAINT has_day EXPECT (day IS NOT NULL) ON VIOLATION DROP ROW
)
TBLPROPERTIES ('quality' = 'gold')
AS SELECT to_date(ts) AS day, count(*) AS events
FROM raw_events
GROUP BY to_date(ts);
`;

/** `weir init [dir]`: scaffolds weir.yml, a transformations/ folder with an example, macros/ and tests/. */
export function registerInit(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program.command('init [dir]')
    .description('scaffold a new Weir project (weir.yml, transformations/, macros/, tests/)')
    .option('--name <name>', 'pipeline name (default: the folder name)')
    .action((dir: string | undefined, flags: { name?: string }) => {
      const root = resolve(io.cwd, dir ?? '.');
      if (existsSync(join(root, 'weir.yml'))) {
        io.err(`weir: ${join(root, 'weir.yml')} already exists; nothing was changed`);
        setExit(1);
        return;
      }
      const name = (flags.name ?? basename(root)).replace(/[^A-Za-z0-9_]+/g, '_').toLowerCase() || 'pipeline';
      try {
        for (const d of ['transformations', 'macros', 'tests', 'data/events']) mkdirSync(join(root, d), { recursive: true });
        writeFileSync(join(root, 'weir.yml'), `name: ${name}\nlibraries:\n  - glob:\n      include: transformations/**\nconfiguration:\n  landing: data\n`);
        writeFileSync(join(root, 'transformations', 'example.sql'), EXAMPLE_SQL);
        writeFileSync(join(root, 'data', 'events', 'batch-0001.json'), '{"id": 1, "ts": "2024-01-01T10:00:00"}\n{"id": 2, "ts": "2024-01-02T11:30:00"}\n');
        if (!existsSync(join(root, '.gitignore'))) writeFileSync(join(root, '.gitignore'), 'target/\n');
      } catch (e) {
        throw new UsageError(`cannot create a project in ${root}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      io.out(`Created a Weir project in ${root}\nNext: weir compile --project ${dir ?? '.'} && weir run --project ${dir ?? '.'}`);
      setExit(0);
    });
}
