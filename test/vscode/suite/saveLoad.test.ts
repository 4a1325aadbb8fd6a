// save-load (dudl-regularization) in the editor: Run Experiment on the reference solution saves its
// checkpoints under the workspace's .dlx/runs/, and the host's checkpoint checks (the best reloaded,
// an interrupted run resumed) come back with the run and are shown in the panel's checks.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activated, describeSnapshot, extension, isAlive, refresh, runExperiment, trainerChildren, waitFor, workspaceDir } from './helpers';
import { askPage, focusExperimentPanel, hasPage } from './page';

const PACK = 'dudl-regularization';
const CHECKPOINT_CHECKS = [
  'a checkpoint every 50 epochs, the best by dev loss kept',
  'the best checkpoint, reloaded and tested, gives its recorded test metrics',
  'a run stopped at epoch 100 and resumed ends as the uninterrupted one',
];

describe('save-load: checkpoint checks in the editor', function () {
  let packDir: string | undefined;

  before(async function () {
    assert.equal(vscode.workspace.isTrusted, true, 'this suite needs a trusted workspace');
    await activated();
    const dir = path.join(workspaceDir(), `${PACK}-save-load`);
    fs.cpSync(path.join(extension().extensionPath, 'exercises', PACK), dir, { recursive: true });
    packDir = dir;
    await refresh();
  });

  after(async function () {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (!packDir) return;
    fs.rmSync(packDir, { recursive: true, force: true });
    await refresh();
  });

  it('save-load: Run Experiment on the solution saves checkpoints and passes the host\'s checkpoint checks, shown in the panel (browser)', async function () {
    this.timeout(240_000);
    const exerciseDir = path.join(packDir!, 'save-load');
    const snapshot = await runExperiment({ file: path.join(exerciseDir, 'solution.ts'), exerciseDir });
    const result = snapshot?.result;
    assert.equal(result?.passed, true, describeSnapshot(snapshot));
    assert.deepEqual(result!.checks.filter((c) => CHECKPOINT_CHECKS.includes(c.name)).map((c) => [c.name, c.passed]), CHECKPOINT_CHECKS.map((name) => [name, true]), describeSnapshot(snapshot));
    assert.deepEqual(result!.checkpoints, { best: result!.checkpoints!.best, last: { epoch: 200 } });
    const runs = path.join(workspaceDir(), '.dlx', 'runs');
    const folder = fs.readdirSync(runs).find((name) => name.endsWith(`${snapshot!.runId}.checkpoints`));
    assert.ok(folder && fs.existsSync(path.join(runs, folder, 'best', 'model.json')) && fs.readdirSync(path.join(runs, folder, 'last')).some((name) => name.startsWith('optimizer-epoch200')), `the checkpoints and Adam's state beside the record: ${folder}`);
    if (!hasPage()) this.skip();
    await focusExperimentPanel();
    const { texts } = (await askPage<{ texts: Record<string, string> }>('panelTexts', { runId: snapshot!.runId, testids: ['checks'] }, 90_000))!;
    for (const name of CHECKPOINT_CHECKS) assert.ok(texts.checks.includes(name), `the panel lists "${name}": ${texts.checks}`);
    assert.match(texts.checks, /Reloaded the best checkpoint \(epoch 50\) in a new trainer/);
  });

  it('save-load: Stop during the checkpoint checks ends their extra trainers too, and those checks do not pass', async function () {
    this.timeout(240_000);
    if (!trainerChildren()) this.skip();
    const api = await activated();
    const exerciseDir = path.join(packDir!, 'save-load');
    const run = runExperiment({ file: path.join(exerciseDir, 'solution.ts'), exerciseDir });
    const first = await waitFor('the run\'s trainer', () => api.trainerPid, 20_000);
    // The checks' runs (the best reloaded, the interrupted one) start once the run's own trainer is done.
    const extras = await waitFor('a trainer of the checkpoint checks', () => {
      const children = trainerChildren()!.filter((pid) => pid !== first);
      return children.length > 0 && children;
    }, 120_000, 20);
    const t0 = Date.now();
    await vscode.commands.executeCommand('dlExercises.stopExperiment');
    const snapshot = await run;
    const elapsed = Date.now() - t0;
    assert.ok(elapsed < 2000, `the run ended ${elapsed} ms after Stop`);
    for (const pid of extras) assert.equal(isAlive(pid), false, `the checks' trainer ${pid} is gone`);
    assert.deepEqual(trainerChildren() ?? [], [], 'no trainer left behind');
    const result = snapshot?.result;
    assert.equal(result?.passed, false, describeSnapshot(snapshot));
    const stopped = result!.checks.filter((c) => CHECKPOINT_CHECKS.slice(1).includes(c.name));
    assert.ok(stopped.length > 0 && stopped.some((c) => !c.passed), `a check of a stopped extra run does not pass: ${JSON.stringify(result!.checks)}`);
  });
});
