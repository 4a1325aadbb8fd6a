import * as assert from 'node:assert/strict';
import { isHostToPanel, isPanelToHost, type HostToPanel, type SweepSnapshot } from '../../src/shared/panelProtocol';
import { reduceRun } from '../../src/shared/runState';
import {
  MIN_CURVE_POINTS, PANEL_CURVE_BUDGET, curvePointsPerRun, panelRun, plannedRuns, reduceSweep, sweepSnapshot, thinSweepCurve,
} from '../../src/shared/sweepState';
import { SWEEP_EXERCISE, deepFreeze, sweepRecord as record, sweepRunResult as run } from './fixtures';

const EXERCISE = SWEEP_EXERCISE;

function fold(messages: HostToPanel[], from?: SweepSnapshot): SweepSnapshot | undefined {
  let state = from;
  for (const message of messages) state = reduceSweep(state ? deepFreeze(state) : state, deepFreeze(message));
  return state;
}

describe('sweep state', () => {
  it('plans axes x repeats runs', () => {
    assert.equal(plannedRuns(record()), 4);
    assert.equal(plannedRuns({ repeats: 3, axes: [{ name: 'a', target: 'modelParams', values: [1, 2] }, { name: 'b', target: 'modelParams', values: [1, 2, 3] }] }), 18);
  });

  it('starts a running snapshot with an empty summary, then folds runs in live', () => {
    const start = sweepSnapshot(record(), EXERCISE);
    assert.equal(start.status, 'running');
    assert.equal(start.total, 4);
    assert.equal(start.summary.overall.runs, 0);
    const s = fold([
      { type: 'sweepRun', sweepId: 's1', run: run(0, 0.5) },
      { type: 'sweepRun', sweepId: 's1', run: run(1, 0.9) },
      { type: 'sweepRun', sweepId: 's1', run: run(2, 0.8) },
    ], start)!;
    assert.equal(s.sweep.runs.length, 3);
    // Hand-computed: outcomes 0.5, 0.9, 0.8; two of three above 0.7; mean 0.7333.
    assert.equal(s.summary.overall.n, 3);
    assert.ok(Math.abs(s.summary.overall.mean! - 2.2 / 3) < 1e-12);
    assert.ok(Math.abs(s.summary.overall.fractionAbove! - 2 / 3) < 1e-12);
    const lr001 = s.summary.marginals.learningRate[0];
    assert.equal(lr001.n, 2);
    assert.ok(Math.abs(lr001.mean! - 0.65) < 1e-12);
    assert.ok(Math.abs(lr001.std! - Math.sqrt(0.045)) < 1e-12);
  });

  it('ignores a repeated run, another sweep\'s runs, and runs after the end', () => {
    const start = sweepSnapshot(record(), EXERCISE);
    const once = fold([{ type: 'sweepRun', sweepId: 's1', run: run(0, 0.5) }], start)!;
    assert.equal(fold([{ type: 'sweepRun', sweepId: 's1', run: run(0, 0.9) }], once), once);
    assert.equal(fold([{ type: 'sweepRun', sweepId: 'other', run: run(1, 0.9) }], once), once);
    const failed = fold([{ type: 'sweepFailed', sweepId: 's1', error: { kind: 'syntax', message: 'Unexpected token' } }], once)!;
    assert.equal(failed.status, 'failed');
    assert.equal(failed.error?.message, 'Unexpected token');
    assert.equal(fold([{ type: 'sweepRun', sweepId: 's1', run: run(1, 0.9) }], failed), failed);
  });

  it('folds a batch (sweepRuns) in one step, as run by run, a run repeated in or after the batch kept once', () => {
    const start = sweepSnapshot(record(), EXERCISE);
    const one = fold([{ type: 'sweepRun', sweepId: 's1', run: run(0, 0.5) }, { type: 'sweepRun', sweepId: 's1', run: run(1, 0.9) }, { type: 'sweepRun', sweepId: 's1', run: run(2, 0.8) }], start)!;
    const batch = fold([{ type: 'sweepRuns', sweepId: 's1', runs: [run(0, 0.5), run(1, 0.9), run(0, 0.5), run(2, 0.8)] }], start)!;
    assert.deepStrictEqual(batch.sweep.runs.map((r) => r.index), [0, 1, 2]);
    assert.deepStrictEqual(batch.summary, one.summary);
    // Hand-computed as above: mean of 0.5, 0.9, 0.8.
    assert.ok(Math.abs(batch.summary.overall.mean! - 2.2 / 3) < 1e-12);
    assert.equal(fold([{ type: 'sweepRuns', sweepId: 's1', runs: [run(1, 0.9), run(2, 0.8)] }], batch), batch, 'runs already there change nothing');
  });

  it('takes the final record (status, checks) on sweepFinished', () => {
    const start = sweepSnapshot(record(), EXERCISE);
    const final = record({ status: 'completed', runs: [run(0, 0.5), run(1, 0.9)], passed: true, checks: [{ name: 'c', passed: true, message: 'ok' }] });
    const s = fold([{ type: 'sweepFinished', sweepId: 's1', sweep: final }], start)!;
    assert.equal(s.status, 'completed');
    assert.equal(s.sweep.passed, true);
    assert.equal(s.sweep.runs.length, 2);
    assert.equal(s.summary.overall.n, 2);
  });

  it('replays, and leaves run messages alone (and runs leave sweeps alone)', () => {
    const start = sweepSnapshot(record(), EXERCISE);
    assert.equal(fold([{ type: 'sweepReplay', state: start }]), start);
    assert.equal(fold([{ type: 'sweepReplay', state: null }], start), undefined);
    assert.equal(fold([{ type: 'history', runs: [] }, { type: 'trust', trusted: true }], start), start);
    assert.equal(reduceRun(undefined, { type: 'sweepReplay', state: start }), undefined);
  });

  it('shows a saved record that still says running as cancelled (the window closed mid-sweep)', () => {
    assert.equal(sweepSnapshot(record({ runs: [run(0, 0.5)] }), EXERCISE, false).status, 'cancelled');
    const failed = sweepSnapshot(record({ status: 'cancelled', error: { kind: 'syntax', message: 'x' } }), EXERCISE);
    assert.equal(failed.status, 'failed');
    assert.equal(failed.error?.kind, 'syntax');
  });

  it('thins curves to the panel budget: first and last epoch kept, columns aligned', () => {
    assert.equal(curvePointsPerRun(500), PANEL_CURVE_BUDGET / 500);
    assert.equal(curvePointsPerRun(100_000), MIN_CURVE_POINTS);
    const long = run(0, 0.5, 1000);
    const thin = thinSweepCurve(long.curve!, 80);
    assert.equal(thin.epoch.length, 80);
    assert.equal(thin.epoch[0], 1);
    assert.equal(thin.epoch[79], 1000);
    thin.epoch.forEach((e, i) => assert.equal(thin.trainLoss[i], 1 / e));
    assert.equal(thinSweepCurve(long.curve!, 2000), long.curve, 'short enough: the same object');
    assert.equal(panelRun(long, 500).curve!.epoch.length, 80);
  });

  it('guards the new messages in both directions', () => {
    assert.ok(isHostToPanel({ type: 'sweepRun', sweepId: 's', run: {} }));
    assert.ok(isHostToPanel({ type: 'sweepRuns', sweepId: 's', runs: [] }));
    assert.ok(!isHostToPanel({ type: 'toString' }), 'only the tags themselves, not what every object has');
    assert.ok(isPanelToHost({ type: 'showSweep', sweepId: 's1' }));
    assert.ok(!isPanelToHost({ type: 'showSweep' }));
    assert.ok(isPanelToHost({ type: 'compareSweep', sweepId: null }));
    assert.ok(!isPanelToHost({ type: 'compareSweep', sweepId: 3 }));
    assert.ok(isPanelToHost({ type: 'stopSweep' }));
  });
});
