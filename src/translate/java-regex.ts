/**
 * Spark's regular expressions are Java's; DuckDB's are RE2's. Most patterns mean the same in both. A constant
 * pattern is checked here: Java's `(?<name>...)` group becomes RE2's `(?P<name>...)`, and what RE2 cannot run
 * (lookaround, atomic groups, possessive quantifiers, backreferences) is an error at the pattern at compile time;
 * DuckDB would fail the update at run time instead.
 */
export function javaRegexToRe2(pattern: string): { pattern: string } | { error: string } {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    const next = pattern[i + 1];
    if (c === '\\') {
      if (!inClass && next !== undefined && next >= '1' && next <= '9') return { error: `backreferences (\\${next})` };
      out += c + (next ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // A `]` right after `[` or `[^` is a literal, not the end of the class.
      if (next === '^') { out += next; i++; }
      if (pattern[i + 1] === ']') { out += ']'; i++; }
      continue;
    }
    if (c === '(' && next === '?') {
      const rest = pattern.slice(i + 2, i + 4);
      if (rest[0] === '=' || rest[0] === '!') return { error: 'lookahead ((?= / (?!)' };
      if (rest === '<=' || rest === '<!') return { error: 'lookbehind ((?<= / (?<!)' };
      if (rest[0] === '>') return { error: 'atomic groups ((?>)' };
      if (rest[0] === '<') { out += '(?P<'; i += 2; continue; }
    }
    if ((c === '*' || c === '+' || c === '?' || c === '}') && next === '+' && !(c === '?' && pattern[i - 1] === '(')) {
      return { error: `possessive quantifiers (${c}+)` };
    }
    out += c;
  }
  return { pattern: out };
}

/** The WEIR4005 message and hint for a pattern RE2 cannot run (`what`: the function or operator). */
export function re2Refusal(what: string, feature: string): { message: string; hint: string } {
  return {
    message: `${what}: the pattern uses Java's ${feature}, which DuckDB's regular expressions (RE2) do not have`,
    hint: 'rewrite the pattern without it (RE2 syntax: github.com/google/re2/wiki/Syntax)',
  };
}
