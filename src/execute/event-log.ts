import { randomUUID } from 'node:crypto';
import { STATE_SCHEMA, quoteString } from '../model/index.js';
import type { Database } from './database.js';
import { sqlTimestamp } from './state-store.js';

export type EventLevel = 'INFO' | 'WARN' | 'ERROR' | 'METRICS';
export type EventType = 'create_update' | 'flow_definition' | 'flow_progress' | 'update_progress' | 'dataset_definition';

export interface EventOrigin {
  readonly pipeline_name: string;
  readonly update_id: string;
  readonly dataset_name?: string;
  readonly flow_name?: string;
}

export interface LoggedEvent {
  readonly id: string;
  readonly timestamp: Date;
  readonly level: EventLevel;
  readonly event_type: EventType;
  readonly origin: EventOrigin;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * `_weir.event_log` (SEMANTICS §6, Databricks-shaped). Events are buffered and written in batches with the
 * run's existing statements (see src/execute/README.md "Event log"); `sequence` is given when an event is
 * written, in the order the events were added, so an event withdrawn before it was written leaves no gap.
 */
export class EventLog {
  private pending: LoggedEvent[] = [];
  private nextSequence = 1;

  constructor(private readonly pipeline: string, private readonly updateId: string, private readonly now: () => Date) {}

  async init(db: Database): Promise<void> {
    const r = await db.rows(`SELECT coalesce(max(sequence), 0) AS m FROM ${STATE_SCHEMA}.event_log`);
    this.nextSequence = Number(r[0]?.m ?? 0) + 1;
  }

  /** `where.update`: an event about another update than this run's (an earlier run that never ended). */
  add(level: EventLevel, type: EventType, message: string, details: Record<string, unknown>, where: { dataset?: string; flow?: string; update?: string } = {}): void {
    this.pending.push({
      id: randomUUID(), timestamp: this.now(), level, event_type: type,
      origin: { pipeline_name: this.pipeline, update_id: where.update ?? this.updateId, dataset_name: where.dataset, flow_name: where.flow },
      message, details,
    });
  }

  /**
   * Withdraws pending (not yet written) events that no longer hold, e.g. the COMPLETED events of updates an
   * `--atomic` run rolled back. Returns how many were withdrawn.
   */
  withdraw(pred: (e: LoggedEvent) => boolean): number {
    const before = this.pending.length;
    this.pending = this.pending.filter((e) => !pred(e));
    return before - this.pending.length;
  }

  /** Writes pending events in their own implicit transaction. Call only when no transaction is open. */
  async flush(db: Database): Promise<void> {
    for (const sql of this.take()) await db.run(sql);
  }

  /** The INSERTs of the pending events (at most 200 rows each), which are no longer pending. */
  take(): string[] {
    const events = this.pending;
    this.pending = [];
    const out: string[] = [];
    for (let i = 0; i < events.length; i += 200) {
      const values = events.slice(i, i + 200).map((e) => `(${quoteString(e.id)}::UUID, ${this.nextSequence++}, ${sqlTimestamp(e.timestamp)},
        ${quoteString(e.level)}, ${quoteString(e.event_type)},
        {'pipeline_name': ${quoteString(e.origin.pipeline_name)}, 'update_id': ${quoteString(e.origin.update_id)},
         'dataset_name': ${sqlOrNull(e.origin.dataset_name)}, 'flow_name': ${sqlOrNull(e.origin.flow_name)}},
        ${quoteString(e.message)}, ${quoteString(JSON.stringify(e.details))}::JSON)`);
      out.push(`INSERT INTO ${STATE_SCHEMA}.event_log VALUES ${values.join(',\n')}`);
    }
    return out;
  }
}

function sqlOrNull(v: string | undefined): string {
  return v === undefined ? 'NULL' : quoteString(v);
}
