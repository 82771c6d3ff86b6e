import type { ProjectConfig } from '../../src/model/project-config.js';
import type { SourceFile } from '../../src/model/source-file.js';

export function testConfig(overrides: Partial<ProjectConfig> = {}): ProjectConfig {
  return {
    name: 'test', root: '/nonexistent/test-project', specFile: '/nonexistent/test-project/weir.yml', specKind: 'weir',
    libraries: ['**/*.sql'], schema: 'main', configuration: {}, databasePath: '/nonexistent/test.duckdb', macroPaths: [],
    vars: {}, targetPath: '/nonexistent/target', publish: 'per-dataset', ...overrides,
  };
}

export function sourceFile(path: string, text: string): SourceFile {
  return { path, absPath: `/nonexistent/test-project/${path}`, text, hash: '' };
}
