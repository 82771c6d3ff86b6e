import type { SourceMap } from './source-map.js';
import type { SourceFile } from './source-file.js';

/** A source file after nunjucks and `${key}` substitution: the text the parser reads. */
export interface RenderedFile {
  readonly path: string;
  readonly text: string;
  readonly map: SourceMap;
  readonly source: SourceFile;
  /** False when the file had no template syntax and was passed through untouched (identity map). */
  readonly templated: boolean;
}
