/**
 * One line of `--log-format json` (CONVENTIONS "Output"): dbt's `{info, data}` object, `info` carrying the event's
 * name, level, the text line's message without colours, a timestamp and (for a run) the invocation id, so every
 * command's JSON lines read alike.
 */
export type LogLevel = 'info' | 'warn' | 'error';

export function logLine(
  name: string, level: LogLevel, msg: string, data: Record<string, unknown> = {},
  options: { readonly now?: Date; readonly invocationId?: string } = {},
): string {
  // eslint-disable-next-line no-control-regex
  const plain = msg.replace(/\u001b\[\d+m/g, '');
  const ts = (options.now ?? new Date()).toISOString();
  return JSON.stringify({ info: { name, level, msg: plain, ts, ...(options.invocationId ? { invocation_id: options.invocationId } : {}) }, data });
}
