import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * Writes `target/compiled/<id>.sql` on a worker thread, so the file system's cost overlaps
 * with the compiler's own work. Creating 10,000 small files costs 1-5 s on this project's ext4 disks (kernel time
 * per file create, far more than the compile's CPU time) and ran on the main thread after everything else.
 *
 * Two phases keep "a failed compile writes nothing": `prepare` (as soon as the SQL is translated) writes the
 * scripts into a staging folder when there is no compiled folder yet, or, for a recompile, only compares them
 * with the files present (so unchanged files keep their mtime); `commit` (once the compile has no errors)
 * renames the staging folder into place or writes the changed files and removes those of deleted datasets;
 * `abort` removes the staging folder.
 */
export interface ArtifactWriter {
  commit(): Promise<void>;
  abort(): Promise<void>;
}

// The writer's code, as plain JavaScript: the worker runs it from source (a worker file path would differ
// between dist/*.js, tsx and vitest, and a transpiled function's text may call the transpiler's helpers), and
// small projects run the very same code inline. writerBody(job = { dir, scripts }, fs, path) -> { finish(message) }.
const WRITER_JS = `
function writerBody(job, fs, path) {
  const { dir, ids, offsets, data } = job;
  const script = (i) => data.subarray(offsets[i], offsets[i + 1]);
  const staging = dir + '.partial-' + process.pid + '-' + Date.now();
  const fresh = !fs.existsSync(dir);
  const changed = [];
  let stale = [];
  if (fresh) {
    fs.mkdirSync(staging, { recursive: true });
    for (let i = 0; i < ids.length; i++) fs.writeFileSync(path.join(staging, ids[i] + '.sql'), script(i));
  } else {
    const present = new Set(fs.readdirSync(dir));
    const wanted = new Set(ids.map((id) => id + '.sql'));
    stale = [...present].filter((name) => !wanted.has(name));
    for (let i = 0; i < ids.length; i++) {
      const name = ids[i] + '.sql';
      let old;
      if (present.has(name)) {
        try { old = fs.readFileSync(path.join(dir, name)); } catch { old = undefined; }
      }
      if (!old || Buffer.compare(old, script(i)) !== 0) changed.push(i);
    }
  }
  return {
    finish(m) {
      if (m.kind === 'abort') {
        if (fresh) fs.rmSync(staging, { recursive: true, force: true });
        return;
      }
      if (fresh) {
        // Another compile may have created the folder meanwhile: ours replaces it.
        if (fs.existsSync(dir)) fs.rmSync(dir, { recursive: true, force: true });
        fs.renameSync(staging, dir);
      } else {
        for (const name of stale) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
        for (const i of changed) fs.writeFileSync(path.join(dir, ids[i] + '.sql'), script(i));
      }
    },
  };
}`;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
${WRITER_JS}
let body;
try { body = writerBody(workerData, fs, path); } catch (e) { parentPort.postMessage({ error: String(e && e.stack || e) }); }
parentPort.on('message', (m) => {
  try { if (body) body.finish(m); parentPort.postMessage({ done: true }); }
  catch (e) { parentPort.postMessage({ error: String(e && e.stack || e) }); }
});
`;

/** The scripts as one UTF-8 buffer (`ids[i]`'s bytes at `offsets[i]..offsets[i + 1]`): moved to the worker, not copied. */
interface Job { dir: string; ids: string[]; offsets: number[]; data: Uint8Array }

function jobOf(dir: string, scripts: Record<string, string>): Job {
  const ids = Object.keys(scripts);
  const offsets = [0];
  for (const id of ids) offsets.push(offsets[offsets.length - 1] + Buffer.byteLength(scripts[id]));
  const data = new Uint8Array(offsets[offsets.length - 1]);
  const encoder = new TextEncoder();
  ids.forEach((id, i) => { encoder.encodeInto(scripts[id], data.subarray(offsets[i], offsets[i + 1])); });
  return { dir, ids, offsets, data };
}
type Message = { kind: 'commit' } | { kind: 'abort' };
type WriterBody = (job: Job, fs: typeof import('node:fs'), path: typeof import('node:path')) => { finish(m: Message): void };
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- the same source as the worker's, see WRITER_JS
const writerBody = new Function(`${WRITER_JS}\nreturn writerBody;`)() as WriterBody;


/**
 * Starts writing `scripts` into `dir` in the background. Small projects are written inline at commit (a worker
 * costs ~30 ms to start, more than writing a few hundred files).
 */
export function startArtifactWriter(dir: string, scripts: Record<string, string>, options: { background?: boolean } = {}): ArtifactWriter {
  const count = Object.keys(scripts).length;
  if (options.background === false || count < 500) {
    return {
      commit: async () => { writerBody(jobOf(dir, scripts), fs, path).finish({ kind: 'commit' }); },
      abort: async () => undefined,
    };
  }
  // 10,000 scripts are ~50 MB: handed over as one transferred buffer, where a cloned object of strings would be
  // held twice more (its serialised form and the worker's copy) through the rest of the compile.
  const job = jobOf(dir, scripts);
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: job, transferList: [job.data.buffer as ArrayBuffer] });
  let failure: string | undefined;
  let settle: (() => void) | undefined;
  worker.on('message', (m: { error?: string; done?: boolean }) => {
    if (m.error) failure ??= m.error;
    if (m.done || m.error) settle?.();
  });
  let exited = false;
  worker.on('error', (e) => { failure ??= String(e.stack ?? e); settle?.(); });
  worker.on('exit', () => { exited = true; settle?.(); });
  const finish = async (m: Message): Promise<void> => {
    if (!exited) await new Promise<void>((resolve) => { settle = resolve; worker.postMessage(m); });
    await worker.terminate();
    if (failure) throw new Error(`writing ${dir} failed: ${failure}`);
  };
  return { commit: () => finish({ kind: 'commit' }), abort: () => finish({ kind: 'abort' }) };
}
