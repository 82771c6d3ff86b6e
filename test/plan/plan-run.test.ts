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

  it('a selection that the refresh lists narrow to nothing is a warning; a dataset outside the selection is "not selected"', () => {
    const r = planRun(p, EMPTY_STATE, { select: ['agg'], fullRefresh: ['raw'] });
    expect(r.value.selected).toBe(0);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'WEIR5002', severity: 'warning' })]);
    expect(r.value.steps.map((s) => [s.dataset, s.reason])).toEqual([
      ['raw', 'not selected'], ['agg', 'not named by --refresh / --full-refresh'], ['v', 'not selected'], ['pv', 'not selected'],
    ]);
  });

  it('rebuilds a dataset whose stored kind or table differs (it moved, or changed kind)', () => {
    const st = (kind: string, relation: string) => ({ version: 1, generation: 1, definitionHash: definitionHash(p, 'raw'), inputFingerprint: '', kind, relation });
    const steps = (raw: ReturnType<typeof st>) => planRun(p, { datasets: { raw }, existingTables: ['main.raw', 'dev.raw'] }, {}).value.steps;
    expect(steps(st('streaming-table', 'main.raw'))[0]).toMatchObject({ action: 'incremental' });
    expect(steps(st('streaming-table', 'dev.raw'))[0]).toMatchObject({ action: 'full-refresh', reason: expect.stringContaining('it was last updated as dev.raw') });
    expect(steps(st('materialized-view', 'main.raw'))[0]).toMatchObject({ action: 'full-refresh', reason: expect.stringContaining('it was a materialized view') });
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
