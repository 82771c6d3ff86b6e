import { existsSync, readdirSync, type Dirent } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { error, info, type Diagnostic, type StageResult } from '../model/diagnostic.js';
import type { ProjectConfig } from '../model/project-config.js';
import type { SourceFile } from '../model/source-file.js';
import { DiscoverCodes } from './codes.js';
import { findSpecFile, WEIR_SPEC_NAMES } from './find-spec-file.js';
import { listSourceFiles } from './list-source-files.js';
import { readProjectConfig } from './read-project-config.js';
import { readSourceFile } from './read-source-file.js';

export { DiscoverCodes } from './codes.js';
export { cleanNotebookText } from './clean-notebook-text.js';

export interface DiscoverOptions {
  /** Folder the command runs in; relative CLI paths resolve against it. */
  cwd: string;
  /** `--project`: a folder (searched upward) or a spec file; default `cwd`. */
  projectDir?: string;
  /** `--conf key=value`: merged over `configuration`. */
  conf?: Record<string, string>;
  /** `--vars`: merged over `vars`. */
  vars?: Record<string, unknown>;
  databasePath?: string;
  targetPath?: string;
}

export interface DiscoveredProject {
  config: ProjectConfig;
  /** Pipeline sources, sorted by path. */
  files: SourceFile[];
  /** The spec file itself, `path` = its name relative to the root: config diagnostics point into it. */
  specSource: SourceFile;
}

/**
 * project dir → ProjectConfig + SourceFile[] (SEMANTICS §1). Synchronous: a few thousand small reads are
 * faster without the promise machinery. The value is undefined only when no spec file could be found or
 * read; otherwise it is returned even with errors (so every problem is reported in one pass) and callers
 * must check `hasErrors(diagnostics)`.
 */
export function discoverProject(options: DiscoverOptions): StageResult<DiscoveredProject | undefined> {
  const found = discoverConfig(options);
  if (!found.value) return { value: undefined, diagnostics: found.diagnostics };
  const { read, specSource } = found.value;
  const diagnostics: Diagnostic[] = [...found.diagnostics];

  const listed = listSourceFiles(read.config, read.libraries, read.defaultLibraries);
  diagnostics.push(...listed.diagnostics);

  const files: SourceFile[] = [];
  for (const path of listed.paths) {
    try {
      files.push(readSourceFile(read.config.root, path));
    } catch (e) {
      diagnostics.push(error(DiscoverCodes.UNREADABLE_FILE, `cannot read ${path}: ${(e as Error).message}`));
    }
  }
  // Spec problems in file order, then those without a place (stable sort keeps check order for ties).
  const at = (d: Diagnostic): number => d.span?.start ?? Number.MAX_SAFE_INTEGER;
  diagnostics.sort((a, b) => at(a) - at(b));
  return { value: { config: read.config, files, specSource }, diagnostics };
}

/**
 * The project's spec file and config only, without listing or reading its sources (`weir retry` needs the target
 * path before it compiles). Diagnostics: the spec's, and the note when the project was found below `cwd`.
 */
export function discoverConfig(options: DiscoverOptions): StageResult<{ read: ReturnType<typeof readProjectConfig>; specSource: SourceFile } | undefined> {
  const start = resolve(options.cwd, options.projectDir ?? '.');
  let found = findSpecFile(start);
  const notes: Diagnostic[] = [];
  if (!found.spec && options.projectDir === undefined) {
    // `npx weir lineage x` in a repository whose one project is a subfolder (issue 3's commands at the root of this
    // one): that project, said so; with none or several below, the error stands.
    const below = projectsBelow(start);
    if (below.length === 1) {
      found = findSpecFile(below[0]);
      notes.push(info(DiscoverCodes.PROJECT_BELOW, `no project in ${start}: using ${relative(start, below[0])}, the only project below it`, undefined,
        { hint: `pass --project ${relative(start, below[0])} to say so` }));
    }
  }
  if (!found.spec) return { value: undefined, diagnostics: found.diagnostics };
  const spec = found.spec;

  let specSource: SourceFile;
  try {
    specSource = readSourceFile(resolve(spec.path, '..'), basename(spec.path));
  } catch (e) {
    return {
      value: undefined,
      diagnostics: [error(DiscoverCodes.YAML_SYNTAX, `cannot read ${spec.path}: ${(e as Error).message}`)],
    };
  }

  const read = readProjectConfig(spec, specSource.text, {
    cwd: options.cwd,
    ...(options.conf ? { conf: options.conf } : {}),
    ...(options.vars ? { vars: options.vars } : {}),
    ...(options.databasePath !== undefined ? { databasePath: options.databasePath } : {}),
    ...(options.targetPath !== undefined ? { targetPath: options.targetPath } : {}),
  });
  return { value: { read, specSource }, diagnostics: [...notes, ...read.diagnostics] };
}

/** Subfolders of `dir` (one level down) holding a project spec file. */
function projectsBelow(dir: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
    .map((e) => join(dir, e.name))
    .filter((sub) => [...WEIR_SPEC_NAMES, 'spark-pipeline.yml', 'spark-pipeline.yaml'].some((n) => existsSync(join(sub, n))));
}
