import { logLine } from './log-line.js';
import type { DatasetKind, DatasetRunStatus, ExpectationResult } from '../model/index.js';

/**
 * `weir run` console lines (CONVENTIONS "Output", issue 4): dbt's `N of M START ... [RUN]` / result lines padded
 * with dots to 80 columns, expectation lines under a dataset when something failed, a final `Done.` tally.
 * Pure formatting: the runner decides what happened, this decides how it reads. `json` mode writes one
 * `{info, data}` object per line like dbt's `--log-format json`.
 */
export interface RunConsoleOptions {
  readonly format: 'text' | 'json';
  readonly color: boolean;
  readonly runId: string;
  readonly now: () => Date;
}

export interface DatasetLine {
  readonly index: number;
  readonly total: number;
  readonly name: string;
  readonly kind: DatasetKind;
  readonly status: DatasetRunStatus;
  readonly seconds: number;
  readonly rowsWritten: number;
  readonly rowsRead: number;
  readonly rowsDropped: number;
  readonly filesRead: number;
  readonly message: string;
  readonly expectations: readonly ExpectationResult[];
  readonly warnings: readonly string[];
  readonly hint?: string;
  readonly failedExpectation?: { readonly name: string; readonly rows: readonly Record<string, unknown>[] };
  /** CDC targets: change rows that took effect and valid ones that changed nothing (`rowsWritten` is rows inserted). */
  readonly applied?: number;
  readonly ignored?: number;
}

/** The parts of src/plan's `Plan` the dry run prints (report may not import plan: ARCHITECTURE §1). */
export interface PlanView {
  readonly pipeline: string;
  readonly selected: number;
  readonly atomic: boolean;
  readonly steps: readonly { readonly action: string; readonly kind: DatasetKind; readonly name: string; readonly reason: string; readonly definitionChanged: boolean }[];
}

const WIDTH = 80;
const COLORS = { green: 32, yellow: 33, red: 31, gray: 90, cyan: 36 } as const;

export class RunConsole {
  constructor(private readonly out: (line: string) => void, private readonly options: RunConsoleOptions) {}

  header(pipeline: string, database: string, datasets: number, selected: number): void {
    const sel = selected === datasets ? '' : `, ${selected} selected`;
    this.emit('MainReportVersion', `Running pipeline ${pipeline} on ${database} (${datasets} dataset${datasets === 1 ? '' : 's'}${sel})`,
      { pipeline, database, datasets, selected });
    if (this.options.format === 'text') this.out('');
  }

  start(index: number, total: number, kind: DatasetKind, name: string): void {
    const left = `${index} of ${total} START ${kindWord(kind)} ${name}`;
    this.emit('NodeStart', pad(left, '[RUN]'), { index, total, name, kind });
  }

  result(r: DatasetLine): void {
    const [word, color] = statusWord(r.status);
    const left = `${r.index} of ${r.total} ${this.paint(word, color)} ${r.name}`;
    const visible = `${r.index} of ${r.total} ${word} ${r.name}`;
    const right = this.paint(bracket(r), color);
    const dots = '.'.repeat(Math.max(3, WIDTH - visible.length - bracket(r).length - 2));
    const data = { index: r.index, total: r.total, name: r.name, status: r.status, execution_time: r.seconds,
      rows_read: r.rowsRead, rows_written: r.rowsWritten, rows_dropped: r.rowsDropped, files_read: r.filesRead, message: r.message };
    this.emit('NodeFinished', `${left} ${dots} ${right}`, data, r.status === 'FAILED' ? 'error' : r.status === 'WARN' ? 'warn' : 'info');
    for (const w of r.warnings) this.emit('NodeWarning', `    ${this.paint('warning', 'yellow')}: ${w}`, { name: r.name, warning: w }, 'warn');
    if (r.status === 'FAILED') {
      this.emit('NodeError', `    ${this.paint('error', 'red')}: ${r.message.replace(/\n/g, '\n      ')}`, { name: r.name, message: r.message }, 'error');
      if (r.hint) this.emit('NodeHint', `    hint: ${r.hint}`, { name: r.name, hint: r.hint }, 'error');
    }
    if (r.expectations.some((e) => e.failed_records > 0)) {
      for (const e of r.expectations) {
        const failed = `${fmt(e.failed_records)} failed`;
        const painted = e.failed_records === 0 ? failed : this.paint(failed, e.action === 'fail' ? 'red' : 'yellow');
        const what = e.kind && e.kind !== 'expectation' ? `check ${e.kind}` : 'expectation';
        this.emit('ExpectationResult', `    ${what} ${e.name} (${e.action}): ${painted}, ${fmt(e.passed_records)} passed`,
          { ...e }, e.failed_records > 0 ? 'warn' : 'info');
      }
      if (r.status !== 'FAILED' && r.applied !== undefined) {
        // A CDC target's change rows balance as applied + ignored + dropped, as its event log message says.
        this.emit('RowBalance', `    rows: read ${fmt(r.rowsRead)} = applied ${fmt(r.applied)} + ignored ${fmt(r.ignored ?? 0)} + dropped ${fmt(r.rowsDropped)}`,
          { read: r.rowsRead, applied: r.applied, ignored: r.ignored ?? 0, dropped: r.rowsDropped });
      } else if (r.status !== 'FAILED') {
        this.emit('RowBalance', `    rows: read ${fmt(r.rowsRead)} = written ${fmt(r.rowsWritten)} + dropped ${fmt(r.rowsDropped)}`,
          { read: r.rowsRead, written: r.rowsWritten, dropped: r.rowsDropped });
      }
    }
    if (r.failedExpectation) {
      this.emit('FailingRows', `    rows violating ${r.failedExpectation.name} (up to 5):`, { expectation: r.failedExpectation.name }, 'error');
      for (const row of r.failedExpectation.rows) this.emit('FailingRow', `      ${JSON.stringify(row)}`, { row }, 'error');
    }
  }

  skipped(index: number, total: number, name: string, reason: string): void {
    const [word, color] = statusWord('SKIPPED');
    const left = `${index} of ${total} ${this.paint(word, color)} ${name}`;
    const visible = `${index} of ${total} ${word} ${name}`;
    const dots = '.'.repeat(Math.max(3, WIDTH - visible.length - '[SKIPPED]'.length - 2));
    this.emit('NodeSkipped', `${left} ${dots} ${this.paint('[SKIPPED]', color)}`, { index, total, name, reason });
    this.emit('NodeSkipReason', `    ${reason}`, { name, reason });
  }

  done(counts: Readonly<Record<'PASS' | 'WARN' | 'ERROR' | 'SKIP' | 'NO-OP' | 'TOTAL', number>>, seconds: number): void {
    if (this.options.format === 'text') this.out('');
    this.emit('FinishedRunningStats', `Finished ${counts.TOTAL} dataset update${counts.TOTAL === 1 ? '' : 's'} in ${seconds.toFixed(2)}s.`, { seconds });
    const tally = `Done. PASS=${counts.PASS} WARN=${counts.WARN} ERROR=${counts.ERROR} SKIP=${counts.SKIP} NO-OP=${counts['NO-OP']} TOTAL=${counts.TOTAL}`;
    this.emit('EndOfRunSummary', counts.ERROR > 0 ? this.paint(tally, 'red') : tally, { ...counts }, counts.ERROR > 0 ? 'error' : 'info');
  }

  /** `--dry-run`: the plan that `weir run` would execute, one line per dataset. */
  plan(plan: PlanView): void {
    this.emit('PlanHeader', `Plan for pipeline ${plan.pipeline}: ${plan.selected} of ${plan.steps.length} datasets${plan.atomic ? ' (atomic)' : ''}`, { ...plan });
    for (const s of plan.steps) {
      this.emit('PlanStep', `  ${s.action.padEnd(12)} ${kindWord(s.kind).padEnd(18)} ${s.name}: ${s.reason}${s.definitionChanged ? ' (definition changed)' : ''}`, { ...s });
    }
  }

  message(level: 'info' | 'warn' | 'error', text: string): void {
    this.emit('Message', level === 'info' ? text : `${this.paint(level, level === 'error' ? 'red' : 'yellow')}: ${text}`, { text }, level);
  }

  private paint(text: string, color: keyof typeof COLORS): string {
    return this.options.color ? `\u001b[${COLORS[color]}m${text}\u001b[0m` : text;
  }

  private emit(name: string, text: string, data: Record<string, unknown>, level: 'info' | 'warn' | 'error' = 'info'): void {
    if (this.options.format === 'text') {
      this.out(text);
      return;
    }
    this.out(logLine(name, level, text, data, { now: this.options.now(), invocationId: this.options.runId }));
  }
}

export function kindWord(kind: DatasetKind): string {
  return kind.replace('-', ' ');
}

function statusWord(status: DatasetRunStatus): [string, keyof typeof COLORS] {
  switch (status) {
    case 'COMPLETED': return ['OK', 'green'];
    case 'WARN': return ['WARN', 'yellow'];
    case 'FAILED': return ['FAIL', 'red'];
    case 'SKIPPED': return ['SKIP', 'yellow'];
    case 'EXCLUDED': return ['EXCLUDED', 'gray'];
    case 'IDLE': return ['IDLE', 'gray'];
    case 'NO-OP': return ['NO-OP', 'gray'];
  }
}

function bracket(r: DatasetLine): string {
  const t = `in ${r.seconds.toFixed(2)}s`;
  const files = r.filesRead > 0 ? `, ${fmt(r.filesRead)} file${r.filesRead === 1 ? '' : 's'}` : '';
  const rows = `+${fmt(r.rowsWritten)} row${r.rowsWritten === 1 ? '' : 's'}${files}`;
  const isView = r.kind === 'temporary-view' || r.kind === 'view';
  switch (r.status) {
    case 'COMPLETED': return isView ? `[view ${t}]` : `[${rows} ${t}]`;
    case 'WARN': {
      const n = r.expectations.filter((e) => (e.status ? e.status !== 'pass' : e.failed_records > 0)).length;
      // A WARN without a warned expectation comes from coded warnings (CDC's WEIR6xxx), printed below the line.
      const what = n > 0 ? `${n} expectation${n === 1 ? '' : 's'}` : `${r.warnings.length} warning${r.warnings.length === 1 ? '' : 's'}`;
      return `[WARN ${what}, ${isView ? 'view' : rows} ${t}]`;
    }
    case 'FAILED': return `[FAIL ${t}]`;
    case 'SKIPPED': return '[SKIPPED]';
    case 'EXCLUDED': return '[EXCLUDED]';
    case 'IDLE': return `[IDLE ${t}]`;
    case 'NO-OP': return `[NO-OP ${t}]`;
  }
}

function pad(left: string, right: string): string {
  return `${left} ${'.'.repeat(Math.max(3, WIDTH - left.length - right.length - 2))} ${right}`;
}

/** 1204 → "1,204" (fixed locale: golden files must not depend on the machine). */
export function fmt(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
