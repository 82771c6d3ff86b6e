/** Where a command writes. Injected so tests capture output; colours only on a TTY and without NO_COLOR. */
export interface CliIO {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly color: boolean;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** True when stdout is a terminal (live progress lines); false in tests and CI logs. */
  readonly tty?: boolean;
  /** Rewrites one transient status line in place on stderr (`''` clears it). */
  readonly status?: (line: string) => void;
}

export function processIO(): CliIO {
  const env = process.env;
  const color = Boolean(process.stdout.isTTY) && env.NO_COLOR === undefined && env.TERM !== 'dumb';
  const out = writerTo(process.stdout);
  const err = writerTo(process.stderr);
  return {
    out: (t) => out(t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => err(t.endsWith('\n') ? t : `${t}\n`),
    color,
    cwd: process.cwd(),
    env,
    tty: Boolean(process.stdout.isTTY),
    status: (line) => { if (process.stderr.isTTY) process.stderr.write(`\r\u001b[K${line}`); },
  };
}

/**
 * Writes to a stream until its reader goes away (`weir run | head`): then the output is dropped and the command
 * carries on, so a run whose log nobody reads still updates every dataset (an unhandled EPIPE used to kill the
 * process in the middle of the run, with a stack trace).
 */
function writerTo(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') { closed = true; return; }
    throw e;
  });
  return (text) => { if (!closed) stream.write(text); };
}
