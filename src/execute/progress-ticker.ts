import type { Database } from './database.js';

/**
 * Issue 4's live progress line on a TTY: once an update has run `delayMs`, every `everyMs` a status line with
 * DuckDB's progress for the running query; cleared (`''`) when the update ends. Only when the caller gives
 * `io.status` (the CLI on a TTY): never in logs, JSON output or golden files.
 */
export function progressTicker(
  db: Pick<Database, 'progress'>, name: string, status: (line: string) => void, delayMs = 1000, everyMs = 500,
): { stop: () => void } {
  const t0 = Date.now();
  let shown = false;
  const timer = setInterval(() => {
    const elapsed = Date.now() - t0;
    if (elapsed < delayMs) return;
    const p = db.progress();
    const pct = p.percentage >= 0 ? ` ${Math.floor(p.percentage)}%` : '';
    status(`  ${name}${pct} (${p.rows.toLocaleString('en-US')} rows scanned, ${(elapsed / 1000).toFixed(0)}s)`);
    shown = true;
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      if (shown) status('');
    },
  };
}
