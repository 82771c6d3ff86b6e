import { describe, expect, it } from 'vitest';
import { javaRegexToRe2 } from '../../src/translate/java-regex.js';
import { translateQuery } from './translate-query.js';

describe('Java regular expressions → RE2 (audit 7)', () => {
  it('rewrites named groups, keeps what both engines read, refuses what RE2 cannot run', () => {
    expect(javaRegexToRe2('(?<year>\\d{4})-(\\d+)')).toEqual({ pattern: '(?P<year>\\d{4})-(\\d+)' });
    expect(javaRegexToRe2('[*+]+a?b{2}(?:x)')).toEqual({ pattern: '[*+]+a?b{2}(?:x)' });
    expect(javaRegexToRe2('[]a]\\+\\1x')).toEqual({ error: 'backreferences (\\1)' });
    expect(javaRegexToRe2('a*+b')).toEqual({ error: 'possessive quantifiers (*+)' });
    expect(javaRegexToRe2('x(?=y)')).toEqual({ error: 'lookahead ((?= / (?!)' });
    expect(javaRegexToRe2('(?<!y)x')).toEqual({ error: 'lookbehind ((?<= / (?<!)' });
    expect(javaRegexToRe2('(?>ab)')).toEqual({ error: 'atomic groups ((?>)' });
  });

  it('an unsupported construct in a constant pattern is WEIR4005 at compile time (it failed the update at run time)', () => {
    expect(translateQuery("SELECT regexp_replace(s, '\\\\d*+', '') AS v FROM t").errors[0]).toMatch(/^WEIR4005 regexp_replace: the pattern uses Java's possessive quantifiers/);
    expect(translateQuery("SELECT s RLIKE 'a(?=b)' AS v FROM t").errors[0]).toMatch(/^WEIR4005 RLIKE: the pattern uses Java's lookahead/);
  });
});
