// The course's second half in the panel (issue 13, items 12-14): a run with a dev set, early
// stopping, a learning-rate schedule and checkpoints shows the dev curve with the best epoch, the
// learning-rate chart and the per-layer gradient norms; a stopped run with a checkpoint offers
// Resume, which continues it after its last checkpoint. Runs in the trusted workspace after
// sweeps.test.ts; the `(browser)` parts ask the page (test/e2e/dlx-on-page.mjs).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PanelSnapshot } from '../../../src/shared/panelProtocol';
import { activated, describeSnapshot, exerciseDir, runExperiment, waitFor, workspaceDir } from './helpers';
import { askPage, focusExperimentPanel, hasPage, type CanvasFacts } from './page';

const learner = (epochs: number, extra: string) => `import * as tf from '@tensorflow/tfjs';
export const experiment = {
  data: { kind: 'clusters', centers: [[1, 1], [5, 1], [3, -2]], perCluster: 100, blur: 1 },
  loss: 'crossEntropy', optimizer: 'sgd', learningRate: 0.05, batchSize: 32, epochs: ${epochs},
  devFraction: 0.2, testFraction: 0.2, ${extra}
};
export function createModel() {
  return tf.sequential({ layers: [
    tf.layers.dense({ units: 16, inputShape: [2], activation: 'relu' }),
    tf.layers.dense({ units: 16, activation: 'relu' }),
    tf.layers.dense({ units: 3 }),
  ] });
}
`;

describe('the second half of the course in the panel: dev set, early stopping, schedule, norms, checkpoints, Resume', function () {
  this.timeout(240_000);
  const files = ['engine-half-qwerties.ts', 'resumable-qwerties.ts'];
  const write = (name: string, text: string) => {
    const file = path.join(workspaceDir(), name);
    fs.writeFileSync(file, text);
    return file;
  };
  before(async function () {
    await activated();
  });
  after(function () {
    for (const name of files) fs.rmSync(path.join(workspaceDir(), name), { force: true });
  });

  it('shows the best epoch, the learning-rate chart and the per-layer gradient norms (browser)', async function () {
    const file = write(files[0], learner(400, "lrSchedule: { kind: 'step', every: 50, gamma: 0.5 }, earlyStopping: { monitor: 'devLoss', patience: 30 }, checkpoint: { best: 'devLoss' },"));
    const snapshot = (await runExperiment({ file, exerciseDir: exerciseDir('many-qwerties') }))!;
    assert.ok(snapshot?.result, describeSnapshot(snapshot));
    const { result } = snapshot;
    assert.ok(result.earlyStopping?.bestEpoch, `a best epoch: ${JSON.stringify(result.earlyStopping)}`);
    assert.ok(result.checkpoints?.best && result.checkpoints.last, `best and last checkpoints: ${JSON.stringify(result.checkpoints)}`);
    assert.ok(snapshot.latest?.layers?.length === 3 && snapshot.latest.learningRate !== undefined, 'the epochs carry norms and the rate');
    const runs = path.join(workspaceDir(), '.dlx', 'runs');
    const folder = fs.readdirSync(runs).find((name) => name.endsWith(`-${snapshot.runId}.checkpoints`));
    assert.ok(folder && fs.existsSync(path.join(runs, folder, 'best', 'model.json')), 'the checkpoints beside the record');
    if (!hasPage()) return;
    await focusExperimentPanel();
    const facts = (await askPage<{ canvases: CanvasFacts[] }>('inspectPanel', { exercise: 'many-qwerties', runId: snapshot.runId, screenshot: 'panel-engine-half.png' }, 90_000))!;
    for (const testid of ['loss-chart', 'gradient-norm-chart', 'weight-norm-chart', 'learning-rate-chart']) {
      const canvas = facts.canvases.find((c) => c.testid === testid);
      assert.ok(canvas && canvas.colored > 50, `${testid} is drawn with curves: ${JSON.stringify(canvas)}`);
    }
  });

  it('offers Resume for a stopped run with a checkpoint, and Resume continues it after that epoch (browser)', async function () {
    const file = write(files[1], learner(100_000, 'checkpoint: { every: 5 },'));
    const runs = path.join(workspaceDir(), '.dlx', 'runs');
    const before = new Set(fs.existsSync(runs) ? fs.readdirSync(runs) : []);
    const running = runExperiment({ file, exerciseDir: exerciseDir('many-qwerties') });
    await waitFor('a last checkpoint of this run', () => fs.existsSync(runs) && fs.readdirSync(runs).some((name) => !before.has(name) && name.endsWith('.checkpoints') && fs.existsSync(path.join(runs, name, 'last', 'model.json'))), 60_000);
    await vscode.commands.executeCommand('dlExercises.stopExperiment');
    const stopped = (await running) as PanelSnapshot;
    assert.equal(stopped.status, 'stopped', describeSnapshot(stopped));
    const after = stopped.result!.checkpoints!.last!.epoch;
    if (!hasPage()) return;
    await focusExperimentPanel();
    await askPage('panelStatus', { runId: stopped.runId, status: 'stopped' });
    const stoppedRuns = new Set(fs.readdirSync(runs));
    await askPage('clickInPanel', { testid: 'resume' });
    // The resumed run is a new run whose first new epoch follows the checkpoint: stop it once it has
    // saved a checkpoint of its own (a fixed wait loses to a slow trainer start on a busy machine).
    await waitFor('a checkpoint of the resumed run', () => fs.readdirSync(runs).some((name) => !stoppedRuns.has(name) && name.endsWith('.checkpoints') && fs.existsSync(path.join(runs, name, 'last', 'model.json'))), 60_000);
    await vscode.commands.executeCommand('dlExercises.stopExperiment');
    const records = await waitFor('the resumed run\'s record', () => {
      const found = fs.readdirSync(runs).filter((name) => name.endsWith('.json')).map((name) => JSON.parse(fs.readFileSync(path.join(runs, name), 'utf8')));
      return found.find((r) => r.end?.result?.startedFrom?.resume && r.runId !== stopped.runId);
    }, 60_000);
    assert.deepEqual(records.end.result.startedFrom, { epoch: after, resume: true });
    assert.ok(records.end.result.epochs > after, `epochs counted on from ${after}: ${records.end.result.epochs}`);
    assert.equal(records.epochs.kept[0].epoch, 1, 'the earlier epochs are carried into the resumed run');
    await askPage('inspectPanel', { exercise: 'many-qwerties', runId: records.runId, screenshot: 'panel-resumed.png' }, 90_000);
  });
});
