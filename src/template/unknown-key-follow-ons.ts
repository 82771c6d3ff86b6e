import type { Diagnostic } from '../model/diagnostic.js';
import { TemplateCodes } from './codes.js';

/**
 * An unknown `${key}` is reported once (WEIR1501) and the file is still parsed, with the key left as written
 * in strings and a placeholder elsewhere (`substituteConf`). Problems a later stage finds in that very text
 * (`format => '${fromat}'` is no file format; `LIMIT ${n}` does not parse) are the same mistake, not a second
 * one. Returns `candidates` without them: a diagnostic overlapping an unknown key's span that lies inside it
 * or names the `${key}` — or, with `anyOverlap` (parse errors, which point at one token), any overlapping one.
 */
export function withoutUnknownKeyFollowOns(candidates: readonly Diagnostic[], all: readonly Diagnostic[] = candidates,
  anyOverlap = false): Diagnostic[] {
  const keys = all.filter((d) => d.code === TemplateCodes.UNKNOWN_CONF_KEY && d.span);
  if (keys.length === 0) return [...candidates];
  return candidates.filter((d) => {
    if (d.code === TemplateCodes.UNKNOWN_CONF_KEY || !d.span) return true;
    const s = d.span;
    return !keys.some((k) => {
      const ks = k.span!;
      if (ks.file !== s.file || !(s.start < Math.max(ks.end, ks.start + 1) && ks.start < Math.max(s.end, s.start + 1))) return false;
      // `LIVE.${t}` is replaced as a whole: a span from the `LIVE.` on is still inside.
      const inside = s.start >= ks.start - 'LIVE.'.length && s.end <= ks.end;
      const key = /`(\$\{[^}]*\})`/.exec(k.message)?.[1];
      return anyOverlap || inside || (key !== undefined && d.message.includes(key));
    });
  });
}
