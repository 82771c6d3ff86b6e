import { existsSync, readFileSync } from 'node:fs';
import type { Span } from '../../model/span.js';
import type { TestRow } from './test-case.js';

/**
 * Rows of a CSV fixture (header line, comma-separated, double-quote quoting). Values stay strings except
 * empty fields (NULL); DuckDB casts them to the columns' types when the test runs.
 */
export function readCsvRows(absPath: string, file: string, texts: Map<string, string>): { rows: TestRow[] } | { error: string } {
  if (!existsSync(absPath)) return { error: `CSV fixture not found: ${file}` };
  const text = readFileSync(absPath, 'utf8');
  texts.set(file, text);
  const records = parseCsv(text);
  if (records.length === 0) return { error: `CSV fixture is empty (it needs a header line): ${file}` };
  const [header, ...body] = records;
  const rows: TestRow[] = [];
  for (const rec of body) {
    if (rec.cells.length === 1 && rec.cells[0].value === '') continue;
    if (rec.cells.length !== header.cells.length) {
      return { error: `${file}: line has ${rec.cells.length} fields, the header has ${header.cells.length}` };
    }
    const values: Record<string, unknown> = {};
    const keySpans: Record<string, Span> = {};
    header.cells.forEach((h, i) => {
      values[h.value] = rec.cells[i].value === '' ? null : rec.cells[i].value;
      keySpans[h.value] = { file, start: h.start, end: h.end };
    });
    rows.push({ values, keySpans, span: { file, start: rec.start, end: rec.end } });
  }
  return { rows };
}

interface CsvRecord { cells: { value: string; start: number; end: number }[]; start: number; end: number }

function parseCsv(text: string): CsvRecord[] {
  const out: CsvRecord[] = [];
  let i = 0;
  while (i < text.length) {
    const rec: CsvRecord = { cells: [], start: i, end: i };
    for (;;) {
      const start = i;
      let value = '';
      if (text[i] === '"') {
        i++;
        while (i < text.length) {
          if (text[i] === '"' && text[i + 1] === '"') { value += '"'; i += 2; } else if (text[i] === '"') { i++; break; } else value += text[i++];
        }
        while (i < text.length && text[i] !== ',' && text[i] !== '\n') i++;
      } else {
        while (i < text.length && text[i] !== ',' && text[i] !== '\n') value += text[i++];
        value = value.replace(/\r$/, '');
      }
      rec.cells.push({ value, start, end: i });
      if (text[i] === ',') { i++; continue; }
      break;
    }
    rec.end = i;
    if (text[i] === '\n') i++;
    out.push(rec);
  }
  return out;
}
