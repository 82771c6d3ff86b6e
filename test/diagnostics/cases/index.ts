import type { DiagnosticCase } from '../diagnostic-case.js';
import { PROJECT_CASES, PROJECT_NOT_SHOWN } from './project.js';
import { PARSE_CASES, PARSE_NOT_SHOWN } from './parse.js';
import { RESOLVE_CASES, RESOLVE_NOT_SHOWN } from './resolve.js';
import { TRANSLATE_CASES, TRANSLATE_NOT_SHOWN } from './translate.js';
import { RUN_CASES, RUN_NOT_SHOWN } from './run.js';
import { CDC_CASES, CDC_NOT_SHOWN } from './cdc.js';
import { QUALITY_CASES, QUALITY_NOT_SHOWN } from './quality.js';

/** Every example of the diagnostics reference, by family. */
export const ALL_CASES: readonly DiagnosticCase[] = [
  ...PROJECT_CASES, ...PARSE_CASES, ...RESOLVE_CASES, ...TRANSLATE_CASES, ...RUN_CASES, ...CDC_CASES, ...QUALITY_CASES,
];

/** Codes without an example, each with the reason (shown in the reference's index). */
export const NOT_IN_CATALOGUE: Readonly<Record<string, string>> = {
  ...PROJECT_NOT_SHOWN, ...PARSE_NOT_SHOWN, ...RESOLVE_NOT_SHOWN, ...TRANSLATE_NOT_SHOWN, ...RUN_NOT_SHOWN,
  ...CDC_NOT_SHOWN, ...QUALITY_NOT_SHOWN,
};
