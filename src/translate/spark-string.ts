/**
 * The value of a Spark string literal (`'...'`, `"..."`, `r'...'`), per Spark's unescapeSQLString: `\n`, `\t`,
 * `\r`, `\b`, `\0`, `\Z`, `\uXXXX`, `\'`, `\"`, `\\`; `\%` and `\_` keep their backslash (they are LIKE
 * escapes); any other escaped character stands for itself. Doubled quotes stand for one quote.
 */
export function sparkStringValue(text: string): string {
  if (/^[rR]/.test(text)) return text.slice(2, -1);
  const quote = text[0];
  const body = text.slice(1, text.endsWith(quote) && text.length > 1 ? -1 : undefined);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === quote && body[i + 1] === quote) { out += c; i++; continue; }
    if (c !== '\\' || i + 1 >= body.length) { out += c; continue; }
    const e = body[++i];
    switch (e) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'b': out += '\b'; break;
      case '0': out += '\0'; break;
      case 'Z': out += '\u001a'; break;
      case '%': out += '\\%'; break;
      case '_': out += '\\_'; break;
      case 'u':
        if (/^[0-9a-fA-F]{4}$/.test(body.slice(i + 1, i + 5))) { out += String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16)); i += 4; }
        else out += 'u';
        break;
      default: out += e;
    }
  }
  return out;
}
