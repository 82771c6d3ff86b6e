import type { CompiledFlow } from '../model/index.js';
import type { Checkpoint } from './state-store.js';
import type { RunContext } from './step-outcome.js';
import { UpdateError } from './step-outcome.js';

/**
 * Where a flow's `STREAM(upstream)` read resumes (SEMANTICS §3: "a flow reading STREAM(x) processes only rows
 * appended to x since its last successful update"; §6: "the next run neither loses nor duplicates input").
 *
 * A checkpoint is an offset into one generation of the upstream. When the upstream got another generation since
 * (it was fully refreshed: its rows were replaced, not appended), the offset means nothing in the new rows:
 * resuming there would skip rows, restarting at 0 would append every row again. Like Databricks, whose streaming
 * query fails when its source had a non-append change until the reader is fully refreshed too, the flow's update
 * fails with a hint to fully refresh the reader. A reader fully refreshed in the same run has no checkpoint (its
 * flows' checkpoints are cleared first) and starts at 0; so does one whose checkpoint consumed nothing.
 */
export function streamStartOffset(ctx: RunContext, flow: CompiledFlow, upstream: string, cp: Checkpoint | undefined, generation: number): number {
  if (!cp) return 0;
  if (cp.generation === generation) return cp.offset;
  if (cp.offset === 0) return 0;
  const name = (id: string): string => ctx.plan.steps.find((s) => s.dataset === id)?.name ?? id;
  const reader = name(flow.target);
  const source = name(upstream);
  const node = ctx.compiled.graph.flows.find((f) => f.id === flow.id);
  const who = node && !node.implicit ? `flow ${node.name} of ${reader}` : reader;
  throw new UpdateError(
    `${who} cannot continue reading STREAM(${source}): ${source} was fully refreshed since ${reader} last read it ` +
    `(its rows were replaced, not appended), so resuming would lose or duplicate rows`,
    `run --full-refresh ${reader} to rebuild it from the current ${source} (or --full-refresh ${source},${reader} to rebuild both)`,
    undefined, undefined, node?.inputs.find((i) => i.node === upstream)?.span);
}

/**
 * A stream reads the rows appended after its offset, by row id; rows deleted from the upstream (a DELETE by hand,
 * an erasure request) change which rows lie below it, and DuckDB renumbers row ids when it compacts the table, so
 * resuming could skip new rows. The last row below the offset is hashed when the offset is recorded and again,
 * found by its row id, before it is used: another row there (or none) fails the update, as Databricks fails a stream whose source had a delete
 * (DELTA_SOURCE_TABLE_IGNORE_CHANGES), rather than lose rows.
 */
export function checkLastRowRead(ctx: RunContext, flow: CompiledFlow, upstream: string, cp: Checkpoint, belowHash: string): void {
  if (!cp.lastRowHash || cp.lastRowHash === belowHash) return;
  const name = (id: string): string => ctx.plan.steps.find((s) => s.dataset === id)?.name ?? id.replace(/^external:/, '');
  const reader = name(flow.target);
  const source = name(upstream);
  const node = ctx.compiled.graph.flows.find((f) => f.id === flow.id);
  throw new UpdateError(
    `${reader} cannot continue reading STREAM(${source}): rows of ${source} were deleted since ${reader} last read it ` +
    `(the rows before its offset are not the ones it read), and a stream reads appended rows only: resuming could lose rows`,
    `run --full-refresh ${reader} to rebuild it from the current ${source}`,
    undefined, undefined, node?.inputs.find((i) => i.node === upstream)?.span);
}
