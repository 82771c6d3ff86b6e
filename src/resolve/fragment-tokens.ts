import type { SqlFragment } from '../model/ast.js';
import type { RenderedFile } from '../model/rendered-file.js';
import type { Span } from '../model/span.js';
import type { Token } from '../model/token.js';
import { toSourceRange } from '../model/source-map.js';
import { lex } from '../sql/lexer.js';

/** Tokens of a fragment (rendered offsets) and a way to turn rendered ranges into source spans. */
export interface FragmentTokens {
  readonly tokens: readonly Token[];
  readonly spanOf: (start: number, end: number) => Span;
}

export function fragmentTokens(fragment: SqlFragment, files: ReadonlyMap<string, RenderedFile>): FragmentTokens {
  const { tokens } = lex(fragment.text, fragment.renderedStart);
  const file = files.get(fragment.file);
  const spanOf = (start: number, end: number): Span => {
    if (!file) return fragment.span;
    const r = toSourceRange(file.map, start, end);
    return { file: fragment.file, start: r.start, end: r.end };
  };
  return { tokens, spanOf };
}
