import { describe, expect, it } from 'vitest';
import { EMPTY_STATE, definitionHash, planRun } from '../../src/plan/index.js';
import { makePipeline } from '../execute/helpers/make-pipeline.js';

const p = makePipeline({
  datasets: {
    raw: { kind: 'st', query: 'SELECT 1 AS v' },
    agg: { kind: 'mv', query: 'SELECT count(*) AS n FROM {raw}' },
    v: { kind: 'tv', query: 'SELECT * FROM {agg}' },
    pv: { kind: 'view', query: 'SELECT * FROM {v}' },
  },
});

describe('planRun', () => {
  it('is pure data in topological order with an action and a reason per dataset', () => {
    const r = planRun(p, EMPTY_STATE, {});
    expect(r.diagnostics).toEqual([]);
    expect(r.value.steps.map((s) => [s.dataset, s.action, s.relation])).toEqual([
      ['raw', 'incremental', '"main"."raw"'], ['agg', 'refresh', '"main"."agg"'],
      ['v', 'create-view', '"_weir_private"."v"'], ['pv', 'create-view', '"main"."pv"'],
    ]);
    expect(JSON.parse(JSON.stringify(r.value))).toEqual(r.value);
  });

  it('--refresh / --full-refresh restrict the run (Databricks refresh_selection), unknown names are errors', () => {
    const r = planRun(p, EMPTY_STATE, { fullRefresh: ['raw'], refresh: ['agg'] });
    expect(r.value.steps.map((s) => [s.dataset, s.action])).toEqual([
      ['raw', 'full-refresh'], ['agg', 'refresh'], ['v', 'excluded'], ['pv', 'excluded'],
    ]);
    expect(r.value.selected).toBe(2);
    const bad = planRun(p, EMPTY_STATE, { refresh: ['agg,raww'] });
    expect(bad.diagnostics).toEqual([expect.objectContaining({ code: 'WEIR5001', severity: 'error', hint: 'did you mean raw?' })]);
  });

  it('flags a changed streaming-table definition against stored state', () => {
    const state = {
      datasets: { raw: { version: 1, generation: 1, definitionHash: 'old', inputFingerprint: '' },
        agg: { version: 1, generation: 1, definitionHash: definitionHash(p, 'agg'), inputFingerprint: 'x' } },
      existingTables: ['main.raw', 'main.agg'],
    };
    const steps = planRun(p, state, {}).value.steps;
    expect(steps.find((s) => s.dataset === 'raw')).toMatchObject({ definitionChanged: true, reason: 'append new input only (IDLE when there is none)' });
    expect(steps.find((s) => s.dataset === 'agg')?.reason).toBe('recompute unless inputs are unchanged (NO-OP)');
    expect(planRun(p, state, { fullRefreshAll: true }).value.steps.find((s) => s.dataset === 'raw')).toMatchObject({ action: 'full-refresh', definitionChanged: false });
  });

  it('definition hashes ignore source positions but see SQL changes', () => {
    const q = makePipeline({ datasets: { raw: { kind: 'st', query: 'SELECT 1 AS v', file: 'moved/raw.sql' } } });
    const r = makePipeline({ datasets: { raw: { kind: 'st', query: 'SELECT 2 AS v' } } });
    expect(definitionHash(q, 'raw')).toBe(definitionHash(p, 'raw'));
    expect(definitionHash(r, 'raw')).not.toBe(definitionHash(p, 'raw'));
  });
});
