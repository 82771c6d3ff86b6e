import type { RunContext, StepOutcome } from './step-outcome.js';

/**
 * SEMANTICS §6: each dataset update is one DuckDB transaction; a failed statement aborts it, so every failure
 * path ROLLBACKs. In an `--atomic` run the whole run is one transaction owned by the orchestrator.
 * `commit: false` (an IDLE update that wrote nothing) rolls back instead. `ctx.onCommit` adds statements (the
 * update's events) to the commit's round trip.
 */
export async function inTransaction<T extends StepOutcome>(ctx: RunContext, fn: () => Promise<{ value: T; commit: boolean }>): Promise<T> {
  if (ctx.atomic) return (await fn()).value;
  await ctx.db.run('BEGIN TRANSACTION');
  let result: { value: T; commit: boolean };
  try {
    result = await fn();
  } catch (e) {
    await ctx.db.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
  if (!result.commit) {
    await ctx.db.run('ROLLBACK');
    return result.value;
  }
  try {
    await ctx.db.run([...(ctx.onCommit?.(result.value) ?? []), 'COMMIT'].join(';\n'));
  } catch (e) {
    await ctx.db.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
  return result.value;
}
