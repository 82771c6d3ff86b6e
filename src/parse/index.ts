import type { ParsedFile, Statement } from '../model/ast.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { RenderedFile } from '../model/rendered-file.js';
import { toSourceRange } from '../model/source-map.js';
import type { StageResult } from '../model/diagnostic.js';
import type { LexError } from '../model/token.js';
import { ParseCodes } from './codes.js';
import { Cursor, SyntaxAbort } from './cursor.js';
import { parseStatement } from './parse-statement.js';
import { splitStatements } from './split-statements.js';

export { ParseCodes } from './codes.js';
export { splitStatements, type StatementRange } from './split-statements.js';

/**
 * The parse stage: a rendered file → the DDL envelope of every statement (src/model/ast.ts) with exact source
 * spans. Query bodies and expressions stay Spark SQL text (`SqlFragment`) for translate. Never throws for user
 * input: every problem becomes a diagnostic, and after a syntax error parsing resumes at the next statement.
 */
export function parseFile(file: RenderedFile): StageResult<ParsedFile> {
  const split = splitStatements(file.text);
  const diagnostics: Diagnostic[] = split.errors.map((e) => lexDiagnostic(file, e));
  const unterminated = split.errors.filter((e) => !e.message.startsWith('unexpected')).map((e) => e.start);
  const statements: Statement[] = [];
  for (const range of split.statements) {
    const own: Diagnostic[] = [];
    const c = new Cursor(file, range, own);
    let s: Statement | undefined;
    try {
      s = parseStatement(c);
    } catch (e) {
      if (!(e instanceof SyntaxAbort)) throw e;
    }
    c.flushLexErrors();
    // A statement that holds an unterminated string or comment runs to the end of the file: whatever it
    // yields is an artefact of the lexer error, which is reported already.
    if (unterminated.some((u) => u >= range.start && u < range.end)) continue;
    if (s) statements.push(s);
    for (const d of own) diagnostics.push(d);
  }
  diagnostics.sort((a, b) => (a.span?.start ?? 0) - (b.span?.start ?? 0));
  return { value: { path: file.path, statements }, diagnostics };
}

function lexDiagnostic(file: RenderedFile, e: LexError): Diagnostic {
  const code = e.message.startsWith('unterminated comment') ? ParseCodes.UnterminatedComment
    : e.message.startsWith('unterminated') ? ParseCodes.UnterminatedString : ParseCodes.UnexpectedCharacter;
  const r = toSourceRange(file.map, e.start, e.end);
  const hint = code === ParseCodes.UnexpectedCharacter ? 'remove it, or quote it in a string' : undefined;
  return { code, severity: 'error', message: e.message, span: { file: file.path, start: r.start, end: r.end }, ...(hint ? { hint } : {}) };
}
