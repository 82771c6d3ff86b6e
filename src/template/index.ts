export { createTemplateContext, BUILTIN_MACRO_DIR, type TemplateContext } from './template-context.js';
export { renderFile, hasTemplateSyntax } from './render-file.js';
export { TemplateCodes } from './codes.js';
export { withoutUnknownKeyFollowOns } from './unknown-key-follow-ons.js';
export type { MacroInfo } from './load-macros.js';
