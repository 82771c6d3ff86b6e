import { createHash } from 'node:crypto';
import type { RunContext } from './step-outcome.js';
import type { CompiledFlow } from '../model/compiled-pipeline.js';

/**
 * The version of everything an MV reads (SEMANTICS §3): a dataset's committed version and generation, a view's
 * definition and (recursively) its inputs, a file source's matched files with sizes and mtimes; an external
 * table is different on every run (Weir cannot prove it unchanged). Equal fingerprint + equal definition = NO-OP.
 */
export function inputFingerprint(ctx: RunContext, datasetId: string): string {
  const parts: string[] = [ctx.plan.steps.find((s) => s.dataset === datasetId)?.definitionHash ?? ''];
  const seen = new Set<string>();
  const visit = (id: string): void => {
    for (const flow of ctx.compiled.flows.filter((f) => f.target === id)) {
      for (const input of flow.inputs) {
        const key = `${flow.id}<-${input.node}`;
        if (seen.has(key)) continue;
        seen.add(key);
        parts.push(`${key}=${nodeVersion(ctx, input.node, visit)}`);
      }
    }
  };
  visit(datasetId);
  return createHash('sha256').update(parts.sort().join('\n')).digest('hex').slice(0, 24);
}

export function nodeVersion(ctx: RunContext, node: string, visit: (id: string) => void): string {
  if (node.startsWith('external:')) return `run:${ctx.runId}`;
  if (node.startsWith('files:') || ctx.listings.has(node)) {
    const files = ctx.listings.get(node) ?? [];
    return createHash('sha256').update(files.map((f) => `${f.path}|${f.size}|${f.mtimeMs}`).join('\n')).digest('hex').slice(0, 16);
  }
  const step = ctx.plan.steps.find((s) => s.dataset === node);
  if (step && (step.kind === 'temporary-view' || step.kind === 'view')) {
    visit(node);
    return `view:${step.definitionHash}`;
  }
  const s = ctx.states.get(node);
  return s ? `${s.version}.${s.generation}` : 'none';
}

/** Whether a dataset's flows read files, directly or through views (files may change between two reads). */
export function readsFiles(ctx: RunContext, datasetId: string, seen = new Set<string>()): boolean {
  if (seen.has(datasetId)) return false;
  seen.add(datasetId);
  return ctx.compiled.flows.some((f) => f.target === datasetId && flowReadsFiles(ctx, f, seen));
}

/** Whether one flow reads files, directly or through views: such a query is not evaluated twice in a write. */
export function flowReadsFiles(ctx: RunContext, flow: CompiledFlow, seen = new Set<string>()): boolean {
  for (const input of flow.inputs) {
    if (input.filesVariable || input.node.startsWith('files:')) return true;
    const step = ctx.plan.steps.find((s) => s.dataset === input.node);
    if (step && (step.kind === 'temporary-view' || step.kind === 'view') && readsFiles(ctx, input.node, seen)) return true;
  }
  return false;
}
