import * as assert from 'node:assert/strict';
import { summarizeSweep } from '../../src/engine/sweep';
import { emptyPanelModel, reducePanel, replayMessages, restoredPanelModel, shownView, withFocus, type PanelModel } from '../../src/shared/panelModel';
import type { HostToPanel, RunSummary, SweepListing } from '../../src/shared/panelProtocol';
import { sweepSnapshot } from '../../src/shared/sweepState';
import { SWEEP_EXERCISE, deepFreeze, epochs, foldRun, startRun, sweepRecord, sweepRunResult } from './fixtures';

function fold(messages: HostToPanel[], from: PanelModel = emptyPanelModel()): PanelModel {
  let model = from;
  for (const message of messages) model = reducePanel(deepFreeze(model), deepFreeze(message));
  return model;
}

const runAt = (startedAt: number) => ({ ...foldRun([startRun()]), startedAt });
const sweepAt = (startedAt: number) => sweepSnapshot(sweepRecord({ startedAt }), SWEEP_EXERCISE);
const listing: SweepListing = { sweepId: 's0', exercise: 'learning-rates', learnerFile: '/w/l.ts', startedAt: 1, status: 'completed', runs: 4, axes: ['learningRate x2'], repeats: 2, outcome: 'trainAccuracy', mean: 0.7, fractionAbove: 0.5, quick: false };
const row: RunSummary = { runId: 'r0', status: 'completed', checksPassed: 1, checksTotal: 1, epochs: 10 };

describe('panel model: focus', () => {
  it('goes to a run that starts or is replayed, and to a sweep that is replayed', () => {
    let model = fold([startRun('r1')]);
    assert.equal(model.focus, 'run');
    model = fold([{ type: 'sweepReplay', state: sweepAt(2) }], model);
    assert.equal(model.focus, 'sweep');
    assert.equal(shownView(model), 'sweep');
    model = fold([{ type: 'replay', state: runAt(1) }], model);
    assert.equal(model.focus, 'run');
    assert.equal(shownView(model), 'run');
  });

  it('stays where it is for an empty replay and for anything else', () => {
    const model = fold([{ type: 'sweepReplay', state: sweepAt(2) }, { type: 'replay', state: null }, { type: 'history', runs: [] }, { type: 'progress', runId: 'r1', epochs: epochs(1, 2) }]);
    assert.equal(model.focus, 'sweep');
  });

  it('before anything asked for a view, shows the newer of the two', () => {
    const older = restoredPanelModel({ run: runAt(5), runHistory: [], sweep: sweepAt(9), sweepHistory: [], compare: undefined, trust: { trusted: true } });
    assert.equal(older.focus, undefined);
    assert.equal(shownView(older), 'sweep');
    assert.equal(shownView({ ...older, sweep: sweepAt(3) }), 'run');
    assert.equal(shownView(emptyPanelModel()), 'run');
  });

  it('shows the other view when the one asked for has nothing', () => {
    assert.equal(shownView({ ...emptyPanelModel(), focus: 'sweep', run: runAt(1) }), 'run');
    assert.equal(shownView({ ...emptyPanelModel(), focus: 'run', sweep: sweepAt(1) }), 'sweep');
  });

  it('follows the tab the learner picks', () => {
    const model = fold([startRun(), { type: 'sweepReplay', state: sweepAt(2) }]);
    const picked = withFocus(model, 'run');
    assert.equal(shownView(picked), 'run');
    assert.equal(withFocus(picked, 'run'), picked, 'the same tab again changes nothing');
  });
});

describe('panel model: histories, trust, compare', () => {
  it('replaces the recent lists and keeps everything else identical', () => {
    const start = fold([startRun(), { type: 'sweepReplay', state: sweepAt(2) }]);
    const next = fold([{ type: 'history', runs: [row] }, { type: 'sweepHistory', sweeps: [listing] }], start);
    assert.deepEqual(next.runHistory, [row]);
    assert.deepEqual(next.sweepHistory, [listing]);
    assert.equal(next.run, start.run);
    assert.equal(next.sweep, start.sweep);
    assert.equal(next.trust, start.trust);
  });

  it('takes trust with its reason, and returns the model itself when nothing changed', () => {
    const untrusted = fold([{ type: 'trust', trusted: false, reason: 'Restricted Mode' }]);
    assert.deepEqual(untrusted.trust, { trusted: false, reason: 'Restricted Mode' });
    assert.equal(fold([{ type: 'trust', trusted: false, reason: 'Restricted Mode' }], untrusted), untrusted);
    assert.deepEqual(fold([{ type: 'trust', trusted: true }], untrusted).trust, { trusted: true });
  });

  it('keeps the compared sweep with its summary, once', () => {
    const earlier = sweepRecord({ id: 's0', status: 'completed', runs: [sweepRunResult(0, 0.5), sweepRunResult(1, 0.9)] });
    const model = fold([{ type: 'sweepCompare', sweep: earlier }]);
    assert.deepEqual(model.compare?.summary, summarizeSweep(earlier));
    assert.equal(fold([{ type: 'sweepCompare', sweep: null }], model).compare, undefined);
  });

  it('ignores what is not about its run or sweep, returning the model itself', () => {
    const model = fold([startRun(), { type: 'sweepReplay', state: sweepAt(2) }]);
    assert.equal(fold([{ type: 'sweepRun', sweepId: 'other', run: sweepRunResult(0, 0.5) }], model), model);
    assert.equal(fold([{ type: 'progress', runId: 'r1', epochs: [] }], model), model);
  });

  it('folds a batch of runs as it folds them one by one', () => {
    const start = fold([{ type: 'sweepReplay', state: sweepAt(2) }]);
    const runs = [sweepRunResult(0, 0.5), sweepRunResult(1, 0.9), sweepRunResult(2, 0.8)];
    const batched = fold([{ type: 'sweepRuns', sweepId: 's1', runs }], start);
    const single = fold(runs.map((run) => ({ type: 'sweepRun', sweepId: 's1', run })), start);
    assert.deepEqual(batched.sweep, single.sweep);
    assert.deepEqual(batched.sweep?.summary, summarizeSweep(batched.sweep!.sweep));
    assert.equal(fold([{ type: 'sweepRuns', sweepId: 's1', runs: runs.slice(0, 2) }], batched), batched, 'runs it has are not added twice');
  });
});

describe('panel model: replay', () => {
  const full = (): PanelModel =>
    fold([
      startRun(),
      { type: 'progress', runId: 'r1', epochs: epochs(1, 3) },
      { type: 'history', runs: [row] },
      { type: 'sweepReplay', state: sweepAt(2) },
      { type: 'sweepRun', sweepId: 's1', run: sweepRunResult(0, 0.5) },
      { type: 'sweepHistory', sweeps: [listing] },
      { type: 'sweepCompare', sweep: sweepRecord({ id: 's0' }) },
      { type: 'guidance', guidance: { exerciseId: 'many-qwerties', checks: [{ index: 1, step: 1, hasHints: false }, { index: 0, step: 2, hasHints: true }], hintsLeft: true, revealed: [{ about: 'the exercise', index: 0, of: 3, text: 'Start with the data.' }] } },
      { type: 'trust', trusted: false, reason: 'Restricted Mode' },
    ]);

  it('keeps the guidance (steps, revealed hints) and a null one clears it', () => {
    assert.equal(full().guidance?.revealed[0].text, 'Start with the data.');
    assert.equal(reducePanel(full(), { type: 'guidance', guidance: null }).guidance, undefined);
    const model = full();
    assert.equal(reducePanel(model, { type: 'guidance', guidance: model.guidance! }).guidance, model.guidance, 'the same guidance object changes nothing');
  });

  it('rebuilds the model in an empty panel, the view on screen last', () => {
    for (const focus of ['run', 'sweep'] as const) {
      const model = withFocus(full(), focus);
      const messages = replayMessages(model);
      assert.equal(messages[messages.length - 1].type, 'trust');
      assert.equal(messages[messages.length - 2].type, focus === 'run' ? 'history' : 'sweepCompare');
      assert.deepEqual(fold(messages), model);
    }
  });

  it('replaces what a panel showed before', () => {
    const model = full();
    const stale = fold([startRun('r0'), { type: 'sweepReplay', state: sweepSnapshot(sweepRecord({ id: 's9' }), SWEEP_EXERCISE) }]);
    assert.deepEqual(fold(replayMessages(model), stale), model);
  });

  it('says there is nothing when there is nothing', () => {
    const restored = fold(replayMessages(emptyPanelModel()), full());
    assert.equal(restored.run, undefined);
    assert.equal(restored.sweep, undefined);
    assert.equal(restored.compare, undefined);
    assert.deepEqual(restored.runHistory, []);
  });
});
