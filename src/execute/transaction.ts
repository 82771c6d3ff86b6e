import type { RunContext } from './step-outcome.js';

/**
 * SEMANTICS §6: each dataset update is one DuckDB transaction; a failed statement aborts it, so every failure
 * path ROLLBACKs. In an `--atomic` run the whole run is one transaction owned by the orchestrator.
 * `commit: false` (an IDLE update that wrote nothing) rolls back instead.
 */
export async function inTransaction<T>(ctx: RunContext, fn: () => Promise<{ value: T; commit: boolean }>): Promise<T> {
  if (ctx.atomic) return (await fn()).value;
  await ctx.db.run('BEGIN TRANSACTION');
  let result: { value: T; commit: boolean };
  try {
    result = await fn();
  } catch (e) {
    await ctx.db.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
  await ctx.db.run(result.commit ? 'COMMIT' : 'ROLLBACK');
  return result.value;
}
