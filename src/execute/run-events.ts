import type { DatasetRunStatus, ExpectationResult } from '../model/index.js';
import type { PlanStep } from '../plan/index.js';
import type { EventLog } from './event-log.js';
import type { FlowMetrics, StepOutcome } from './step-outcome.js';

/**
 * flow_progress events for one dataset update, one per flow, shaped like Databricks' event log
 * (`details.flow_progress.{status, metrics.num_output_rows, data_quality.{dropped_records, expectations[]}}`).
 * A flow that did not run in an update that did is IDLE.
 */
export function logStepEvents(log: EventLog, step: PlanStep, outcome: StepOutcome): void {
  const flows = step.flows.length > 0 ? step.flows : [step.dataset];
  for (const flow of flows) {
    const ran = outcome.flowsRun.includes(flow);
    const status: string = flowStatus(outcome.status, ran);
    const metrics: FlowMetrics | undefined = outcome.flowMetrics?.[flow] ?? (flows.length === 1 ? outcome : undefined);
    const details: Record<string, unknown> = { status };
    if (metrics && ran) {
      details.metrics = {
        num_output_rows: metrics.rowsWritten,
        ...(metrics.upserted !== undefined ? { num_upserted_rows: metrics.upserted, num_deleted_rows: metrics.deleted ?? 0 } : {}),
        num_input_rows: metrics.rowsRead, num_files: metrics.filesRead,
        ...(flows.length === 1 && outcome.rowsRejected ? { num_rejected_rows: outcome.rowsRejected } : {}),
      };
      details.data_quality = {
        dropped_records: metrics.rowsDropped,
        expectations: metrics.expectations.map((e: ExpectationResult) => ({ name: e.name, dataset: e.dataset, passed_records: e.passed_records, failed_records: e.failed_records })),
      };
    }
    if (outcome.refresh && ran) {
      details.refresh_technique = outcome.refresh.technique;
      details.refresh_technique_reason = outcome.refresh.reason;
    }
    if (outcome.status === 'FAILED') details.error = { message: outcome.message, ...(outcome.hint ? { hint: outcome.hint } : {}) };
    const level = status === 'FAILED' ? 'ERROR' : details.metrics ? 'METRICS' : 'INFO';
    const balance = metrics && ran ? ` (read ${metrics.rowsRead} = written ${metrics.rowsWritten} + dropped ${metrics.rowsDropped})` : '';
    log.add(level, 'flow_progress', `Flow '${flow}' has ${status === 'NO-OP' ? 'NO-OP' : status.toLowerCase()}${balance}.`,
      { flow_progress: details }, { dataset: step.dataset, flow });
  }
  for (const w of outcome.warnings) log.add('WARN', 'flow_progress', w, { flow_progress: { status: 'WARNING', warning: w } }, { dataset: step.dataset });
}

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
 * A flow state without metrics (SEMANTICS §6): flows of datasets left out of the selection are EXCLUDED.
 * Buffered like every event: written with the next commit.
 */
export function logFlowState(log: EventLog, step: PlanStep, state: 'EXCLUDED'): void {
  for (const flow of step.flows.length > 0 ? step.flows : [step.dataset]) {
    log.add('INFO', 'flow_progress', `Flow '${flow}' is ${state}.`, { flow_progress: { status: state } }, { dataset: step.dataset, flow });
  }
}
