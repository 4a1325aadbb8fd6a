import * as assert from 'node:assert/strict';
import { summarizeSweep } from '../../src/engine/sweep';
import { emptyPanelModel } from '../../src/shared/panelModel';
import { sweepSnapshot } from '../../src/shared/sweepState';
import { defaultUiPrefs, persistedState, readPersistedState } from '../../webview/src/persistedState';
import { SWEEP_EXERCISE, epochs, foldRun, startRun, sweepRecord, sweepRunResult } from './fixtures';

/** JSON, as vscode.setState keeps it. */
const saved = (value: unknown) => JSON.parse(JSON.stringify(value));

describe('persisted webview state', () => {
  it('loads a state saved by the release before the panel model (version 1)', () => {
    const snapshot = foldRun([startRun(), { type: 'progress', runId: 'r1', epochs: epochs(1, 3) }]);
    const sweep = sweepSnapshot(sweepRecord({ runs: [sweepRunResult(0, 0.5)] }), SWEEP_EXERCISE);
    const compare = sweepRecord({ id: 's0', status: 'completed', runs: [sweepRunResult(0, 0.5), sweepRunResult(1, 0.9)] });
    const v1 = saved({
      version: 1,
      snapshot,
      history: [{ runId: 'r1', status: 'running', checksPassed: 0, checksTotal: 0, epochs: 3 }],
      trust: { trusted: false, reason: 'Restricted Mode' },
      ui: { logScale: true, normalized: true },
      sweep,
      sweepHistory: [],
      compare,
      view: 'sweep',
      sweepUi: { curve: 'trainLoss', logScale: true },
    });
    const { model, ui } = readPersistedState(v1);
    assert.deepEqual(model.run, saved(snapshot));
    assert.equal(model.runHistory[0].runId, 'r1');
    assert.deepEqual(model.trust, { trusted: false, reason: 'Restricted Mode' });
    assert.deepEqual(model.sweep, saved(sweep));
    assert.deepEqual(model.compare?.summary, summarizeSweep(compare), 'the compared sweep gets its summary');
    assert.equal(model.focus, 'sweep');
    assert.deepEqual(ui, { run: { logScale: true, normalized: true }, sweep: { curve: 'trainLoss', logScale: true } });
  });

  it('loads a version 1 state from before sweeps as "no sweep", focused on the run', () => {
    const { model, ui } = readPersistedState(saved({ version: 1, history: [], trust: { trusted: true }, ui: { logScale: false, normalized: true } }));
    assert.equal(model.run, undefined);
    assert.equal(model.sweep, undefined);
    assert.deepEqual(model.sweepHistory, []);
    assert.equal(model.focus, 'run');
    assert.deepEqual(ui.sweep, defaultUiPrefs().sweep);
    assert.equal(ui.run.normalized, true);
  });

  it('keeps the model as it is (version 2)', () => {
    const model = { ...emptyPanelModel(), run: foldRun([startRun()]), focus: 'run' as const };
    const ui = { run: { logScale: true, normalized: false }, sweep: { logScale: true } };
    assert.deepEqual(saved(readPersistedState(saved(persistedState(model, ui)))), saved({ model, ui }));
  });

  it('starts empty without a state or with one it does not know', () => {
    for (const state of [undefined, null, 'x', { version: 3 }]) {
      assert.deepEqual(readPersistedState(state), { model: emptyPanelModel(), ui: defaultUiPrefs() });
    }
  });
});
