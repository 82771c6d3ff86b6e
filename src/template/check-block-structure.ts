import { error, type Diagnostic } from '../model/diagnostic.js';
import { TemplateCodes } from './codes.js';
import type { ScannedTemplate, TagPiece } from './scan-template.js';

/** Block tags that need an end tag, by the end tag that closes them. */
const END_OF: Record<string, string> = {
  if: 'endif', for: 'endfor', asyncEach: 'endeach', asyncAll: 'endall', macro: 'endmacro', call: 'endcall',
  filter: 'endfilter', block: 'endblock', set: 'endset', raw: 'endraw', verbatim: 'endverbatim', switch: 'endswitch',
};
const OPENER_OF: Record<string, string> = Object.fromEntries(Object.entries(END_OF).map(([k, v]) => [v, k]));
const MIDDLE_OF: Record<string, readonly string[]> = {
  else: ['if', 'for', 'asyncEach', 'asyncAll'], elif: ['if'], elseif: ['if'], case: ['switch'], default: ['switch'],
};

/**
 * Checks tag nesting the way nunjucks' parser needs it, to report what nunjucks reports badly: it says
 * "expected endif, got end of file" with no line; users need the tag that was left open.
 */
export function checkBlockStructure(file: string, src: string, scanned: ScannedTemplate): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (scanned.unterminated) {
    const { start, open } = scanned.unterminated;
    const close = open === '{{' ? '}}' : open === '{%' ? '%}' : '#}';
    out.push(error(TemplateCodes.UNTERMINATED_TAG, `\`${open}\` is never closed`, { file, start, end: start + 2 }, {
      hint: `close it with \`${close}\``,
    }));
  }
  const stack: TagPiece[] = [];
  const tagText = (t: TagPiece): string => src.slice(t.start, t.end).replace(/\s+/g, ' ');
  for (const p of scanned.pieces) {
    if (p.kind !== 'tag' || p.type !== 'block' || p.name === undefined) continue;
    const name = p.name;
    if (END_OF[name] !== undefined) {
      if (name === 'set' && /^\s*set\s+[^=]*=(?!=)/.test(src.slice(p.innerStart, p.innerEnd))) continue;
      stack.push(p);
      continue;
    }
    const allowed = MIDDLE_OF[name];
    if (allowed) {
      const top = stack[stack.length - 1];
      if (!top || !allowed.includes(top.name ?? '')) {
        out.push(error(TemplateCodes.UNEXPECTED_END_TAG, `\`{% ${name} %}\` outside of ${allowed.map((a) => `{% ${a} %}`).join(' / ')}`,
          { file, start: p.start, end: p.end }, { hint: `remove it, or open a \`{% ${allowed[0]} %}\` block before it` }));
      }
      continue;
    }
    const opener = OPENER_OF[name];
    if (opener === undefined) continue;
    const idx = findLastIndex(stack, (t) => t.name === opener);
    if (idx < 0) {
      out.push(error(TemplateCodes.UNEXPECTED_END_TAG, `\`{% ${name} %}\` has no matching \`{% ${opener} %}\``, { file, start: p.start, end: p.end }, {
        hint: `remove it, or add the \`{% ${opener} ... %}\` it should close`,
      }));
      continue;
    }
    // Blocks opened after the matching opener were left open inside it.
    for (const t of stack.splice(idx).slice(1)) {
      out.push(error(TemplateCodes.UNCLOSED_BLOCK, `\`${tagText(t)}\` is not closed before \`{% ${name} %}\``, { file, start: t.start, end: t.end }, {
        hint: `add \`{% ${END_OF[t.name ?? ''] ?? 'end'} %}\``,
        related: [{ span: { file, start: p.start, end: p.end }, message: `the enclosing block ends here` }],
      }));
    }
  }
  for (const t of stack) {
    out.push(error(TemplateCodes.UNCLOSED_BLOCK, `\`${tagText(t)}\` is never closed`, { file, start: t.start, end: t.end }, {
      hint: `add \`{% ${END_OF[t.name ?? ''] ?? 'end'} %}\` where the block should end`,
    }));
  }
  if (scanned.unclosedRaw && !stack.includes(scanned.unclosedRaw)) {
    const t = scanned.unclosedRaw;
    out.push(error(TemplateCodes.UNCLOSED_BLOCK, `\`${tagText(t)}\` is never closed`, { file, start: t.start, end: t.end }, {
      hint: `add \`{% end${t.name ?? 'raw'} %}\``,
    }));
  }
  return out;
}

function findLastIndex<T>(arr: readonly T[], pred: (t: T) => boolean): number {
  for (let i = arr.length - 1; i >= 0; i--) if (pred(arr[i])) return i;
  return -1;
}
