import type { DatasetRunStatus, ExpectationResult } from '../model/index.js';
import type { PlanStep } from '../plan/index.js';
import type { EventLog } from './event-log.js';
import type { FlowMetrics, StepOutcome } from './step-outcome.js';

/**
 * The final flow_progress event of each flow of one dataset update (after its QUEUED and RUNNING ones), shaped
 * like Databricks' event log (`details.flow_progress.{status, metrics.num_output_rows,
 * data_quality.{dropped_records, expectations[]}}`). A flow that did not run in an update that did is IDLE.
 */
export function logStepEvents(log: EventLog, step: PlanStep, outcome: StepOutcome): void {
  const flows = step.flows.length > 0 ? step.flows : [step.dataset];
  const checks = tableChecksOf(outcome, flows);
  for (const flow of flows) {
    const ran = outcome.flowsRun.includes(flow);
    const status: string = outcome.stopped ? 'STOPPED' : flowStatus(outcome.status, ran);
    const metrics: FlowMetrics | undefined = outcome.flowMetrics?.[flow] ?? (flows.length === 1 ? outcome : undefined);
    const details: Record<string, unknown> = { status };
    if (metrics && ran) {
      details.metrics = {
        num_output_rows: metrics.rowsWritten,
        ...(metrics.upserted !== undefined ? { num_upserted_rows: metrics.upserted, num_deleted_rows: metrics.deleted ?? 0 } : {}),
        ...(metrics.applied !== undefined ? { num_applied_changes: metrics.applied, num_ignored_changes: metrics.ignored ?? 0 } : {}),
        num_input_rows: metrics.rowsRead, num_files: metrics.filesRead,
        ...(flows.length === 1 && outcome.rowsRejected ? { num_rejected_rows: outcome.rowsRejected } : {}),
      };
      details.data_quality = dataQuality(metrics, checks.get(flow));
    }
    if (outcome.refresh && ran) {
      details.refresh_technique = outcome.refresh.technique;
      details.refresh_technique_reason = outcome.refresh.reason;
    }
    if (outcome.status === 'FAILED') {
      // A FAIL UPDATE (or a failed check) counted the expectations before rolling back: they are logged as
      // run_results.json reports them. Per flow only when the dataset has one flow (the counts are the update's).
      if (!details.data_quality && flows.length === 1 && outcome.expectations.length > 0) {
        const { expectations } = dataQuality(outcome);
        const dropped = droppedBeforeFailure(outcome);
        details.data_quality = dropped === undefined ? { expectations } : { dropped_records: dropped, expectations };
      }
      details.error = { message: outcome.message, ...(outcome.hint ? { hint: outcome.hint } : {}) };
    }
    const level = status === 'FAILED' ? 'ERROR' : status === 'STOPPED' ? 'WARN' : details.metrics ? 'METRICS' : 'INFO';
    const balance = metrics && ran ? ` (${rowBalance(metrics)})` : '';
    if (status === 'SKIPPED' && outcome.message) details.reason = outcome.message;
    log.add(level, 'flow_progress', `Flow '${flow}' ${FLOW_STATE_WORDS[status] ?? `is ${status}`}${balance}.`,
      { flow_progress: details }, { dataset: step.dataset, flow });
  }
  // A warning is not a flow state (SEMANTICS §6 lists those): a WARN event of the flow, with the update's status.
  const status = outcome.status === 'WARN' ? 'COMPLETED' : outcome.status;
  for (const w of outcome.warnings) {
    log.add('WARN', 'flow_progress', w, { flow_progress: { status, warning: w } }, { dataset: step.dataset, ...(flows.length === 1 ? { flow: flows[0] } : {}) });
  }
}

/**
 * Rows read = rows written + rows dropped; a CDC flow's change rows instead balance as applied + ignored (late,
 * superseded, re-delivered) + dropped (NULL key or sequence), followed by what changed in the target.
 */
function rowBalance(m: FlowMetrics): string {
  if (m.applied === undefined) return `read ${m.rowsRead} = written ${m.rowsWritten} + dropped ${m.rowsDropped}`;
  const updated = (m.upserted ?? 0) - m.rowsWritten;
  return `read ${m.rowsRead} = applied ${m.applied} + ignored ${m.ignored ?? 0} + dropped ${m.rowsDropped}; ` +
    `target rows: ${m.rowsWritten} inserted, ${updated} updated, ${m.deleted ?? 0} deleted`;
}

/** The event message's words for a flow's final state (Databricks: "Flow 'x' has COMPLETED."). */
const FLOW_STATE_WORDS: Readonly<Record<string, string>> = {
  COMPLETED: 'has completed', FAILED: 'has failed', IDLE: 'is idle: no new input', 'NO-OP': 'is NO-OP: inputs and definition unchanged',
  SKIPPED: 'was skipped', STOPPED: 'was stopped',
};

function flowStatus(status: DatasetRunStatus, ran: boolean): string {
  switch (status) {
    case 'COMPLETED':
    case 'WARN':
      return ran ? 'COMPLETED' : 'IDLE';
    default:
      return status;
  }
}

/**
 * A flow state without metrics (SEMANTICS §6): QUEUED for every flow the plan runs (with the run's start events),
 * RUNNING when its dataset's update starts, EXCLUDED for flows of datasets left out of the selection. Buffered
 * like every event: written with the next commit (no extra round trip).
 */
export function logFlowState(log: EventLog, step: PlanStep, state: 'QUEUED' | 'RUNNING' | 'EXCLUDED'): void {
  for (const flow of step.flows.length > 0 ? step.flows : [step.dataset]) {
    log.add('INFO', 'flow_progress', `Flow '${flow}' is ${state}.`, { flow_progress: { status: state } }, { dataset: step.dataset, flow });
  }
}

/**
 * An `--atomic` run rolled back: the updates it had completed are undone. Their COMPLETED events (not written
 * yet: an atomic run writes its events at its end) are withdrawn and each flow that ran gets a FAILED event
 * after the failure that caused it, as run_results.json reports them (FAILED "rolled back: ..."). No metrics:
 * nothing was written; the expectation counts of what was processed are kept.
 */
export function logRolledBack(log: EventLog, step: PlanStep, outcome: StepOutcome, reason: string): void {
  log.withdraw((e) => e.event_type === 'flow_progress' && e.origin.dataset_name === step.dataset &&
    (e.details as { flow_progress?: { status?: string } }).flow_progress?.status === 'COMPLETED');
  const flows = step.flows.length > 0 ? step.flows : [step.dataset];
  const checks = tableChecksOf(outcome, flows);
  for (const flow of flows) {
    if (!outcome.flowsRun.includes(flow)) continue;
    const metrics: FlowMetrics | undefined = outcome.flowMetrics?.[flow] ?? (flows.length === 1 ? outcome : undefined);
    const details: Record<string, unknown> = { status: 'FAILED', rolled_back: true };
    if (metrics && (metrics.expectations.length > 0 || checks.has(flow))) details.data_quality = dataQuality(metrics, checks.get(flow));
    details.error = { message: reason };
    log.add('ERROR', 'flow_progress', `Flow '${flow}' was ${reason}.`, { flow_progress: details }, { dataset: step.dataset, flow });
  }
}

/**
 * The rows DROP ROW rules removed from a batch whose update then failed: as counted when the batch was, else
 * derived from the counts (none without a DROP rule; one rule's failures), else unknown (several rules overlap).
 */
/** Rows a failed update's DROP rule removed before it failed (undefined when several DROP rules make it unknown). */
export function droppedBeforeFailure(o: StepOutcome): number | undefined {
  if (o.rowsDropped > 0) return o.rowsDropped;
  const drops = o.expectations.filter((e) => e.action === 'drop');
  if (drops.length === 0) return 0;
  return drops.length === 1 ? drops[0].failed_records : undefined;
}

/**
 * The dataset's table-level checks (PRIMARY KEY / UNIQUE / FOREIGN KEY / row count) to log with a flow whose
 * metrics are its own (a streaming table's flows): they are counted once per update, over the table, so they go
 * with the first flow that ran, where the event log's expectation history finds them as for a materialized view.
 */
function tableChecksOf(outcome: StepOutcome, flows: readonly string[]): Map<string, readonly ExpectationResult[]> {
  const out = new Map<string, readonly ExpectationResult[]>();
  const checks = outcome.expectations.filter((e) => e.kind !== undefined && e.kind !== 'expectation');
  const first = flows.find((f) => outcome.flowsRun.includes(f));
  if (checks.length > 0 && first !== undefined && outcome.flowMetrics?.[first]) out.set(first, checks);
  return out;
}

/** `details.flow_progress.data_quality` (Databricks' shape), with the dataset's table-level checks when given. */
function dataQuality(m: FlowMetrics, checks: readonly ExpectationResult[] = []): { dropped_records: number; expectations: unknown[] } {
  const own = new Set(m.expectations.map((e) => e.name));
  return {
    dropped_records: m.rowsDropped,
    expectations: [...m.expectations, ...checks.filter((c) => !own.has(c.name))].map((e: ExpectationResult) => ({ name: e.name, dataset: e.dataset, passed_records: e.passed_records, failed_records: e.failed_records })),
  };
}
