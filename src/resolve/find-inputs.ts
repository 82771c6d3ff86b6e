import type { Diagnostic } from '../model/diagnostic.js';
import { error, warning } from '../model/diagnostic.js';
import type { DatasetNode, InputRef, SourceNode } from '../model/pipeline-graph.js';
import type { RenderedFile } from '../model/rendered-file.js';
import { fileSourceId } from '../model/relations.js';
import { scanTableRefs } from '../sql/table-refs.js';
import { didYouMean } from '../util/did-you-mean.js';
import type { FlowDraft } from './collect-definitions.js';
import { ResolveCodes } from './codes.js';
import { fragmentTokens } from './fragment-tokens.js';
import { resolveName } from './name-resolver.js';

/**
 * The inputs of one flow: every relation its query (or CDC source) reads, resolved to a dataset, a file
 * source or an external table. File sources are registered in `sources` (deduplicated by the files they select:
 * path and file-name filter, see fileSourceId).
 */
export function findInputs(
  flow: FlowDraft,
  datasets: ReadonlyMap<string, DatasetNode>,
  files: ReadonlyMap<string, RenderedFile>,
  sources: Map<string, SourceNode>,
  diagnostics: Diagnostic[],
): InputRef[] {
  const fragment = flow.cdc ? flow.cdc.source : flow.query;
  if (!fragment) return [];
  const { tokens, spanOf } = fragmentTokens(fragment, files);
  const scan = scanTableRefs(tokens, { startsAtTable: flow.cdc !== undefined });
  for (const p of scan.problems) diagnostics.push(error(ResolveCodes.BadSourceReference, p.message, spanOf(p.start, p.end)));

  const inputs: InputRef[] = [];
  // Streaming flows ingest files incrementally whether or not STREAM is written (cloud_files is Auto Loader).
  const appendFlow = flow.kind === 'append' || flow.kind === 'cdc';
  for (const ref of scan.refs) {
    if (ref.kind === 'files') {
      // Readers of one folder with different file filters are different sources (different files, listings).
      const id = fileSourceId(ref.path, ref.options);
      const span = spanOf(ref.start, ref.end);
      if (!sources.has(id)) {
        sources.set(id, {
          id, kind: 'files', reader: ref.reader, path: ref.path, ...(ref.format ? { format: ref.format } : {}),
          options: ref.options, span,
        });
      }
      inputs.push({ node: id, streaming: ref.streaming || (appendFlow && !flow.once), span, at: ref.start });
      continue;
    }
    const span = spanOf(ref.nameStart, ref.nameEnd);
    const resolved = resolveName(ref.parts, datasets, flow.ctx);
    if (resolved.kind === 'unknown-live') {
      const guess = didYouMean(resolved.name, datasetNames(datasets));
      diagnostics.push(error(ResolveCodes.UnknownReference, `LIVE.${resolved.name} is not a dataset of this pipeline`, span, {
        hint: guess ? `did you mean LIVE.${guess}?` : 'define it with CREATE MATERIALIZED VIEW / STREAMING TABLE, or drop LIVE. to read an external table',
      }));
      continue;
    }
    if (resolved.kind === 'external') {
      if (resolved.parts.length === 1) {
        // Never the flow's own dataset: reading itself is a cycle, not what was meant.
        const self = flow.targetName.parts[flow.targetName.parts.length - 1].toLowerCase();
        const guess = didYouMean(resolved.parts[0], datasetNames(datasets).filter((n) => n.toLowerCase() !== self));
        if (guess) {
          diagnostics.push(warning(ResolveCodes.PossibleTypo,
            `'${ref.parts.join('.')}' is not a dataset of this pipeline; it will be read as an external table of the database`, span,
            { hint: `did you mean ${guess}?` }));
        }
      }
      if (!sources.has(resolved.id)) sources.set(resolved.id, { id: resolved.id, kind: 'external', parts: resolved.parts, span });
      inputs.push({ node: resolved.id, streaming: ref.streaming, span, at: ref.nameStart });
      continue;
    }
    const upstream = datasets.get(resolved.id)!;
    if (ref.streaming && (upstream.kind === 'materialized-view' || upstream.kind === 'view')) {
      diagnostics.push(error(ResolveCodes.StreamOfNonStreamable,
        `STREAM(${upstream.name}) reads a ${upstream.kind === 'view' ? 'view' : 'materialized view'}, which cannot be read incrementally`, span,
        { hint: `read it without STREAM (a batch read), or make ${upstream.name} a streaming table` }));
    }
    inputs.push({ node: resolved.id, streaming: ref.streaming, span, at: ref.nameStart });
  }
  return inputs;
}

function datasetNames(datasets: ReadonlyMap<string, DatasetNode>): string[] {
  return [...datasets.values()].map((d) => d.name);
}
