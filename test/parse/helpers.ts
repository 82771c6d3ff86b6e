import { identityMap, type SourceMap } from '../../src/model/source-map.js';
import type { RenderedFile } from '../../src/model/rendered-file.js';

/** A rendered file whose text is the source text (no templating), or with an explicit map. */
export function renderedFile(path: string, text: string, source = text, map: SourceMap = identityMap(text.length)): RenderedFile {
  return { path, text, map, source: { path, absPath: `/project/${path}`, text: source, hash: '0' }, templated: map.segments.length > 1 };
}
