// Restricted Mode: the workspace (a copy of the dudl-ann pack) is not trusted. The learner may
// browse exercises, but nothing from the workspace runs, and the learner is told why.
// Runners: code-server without --disable-workspace-trust (test/e2e/dlx-e2e.mjs), or desktop VS Code
// without that flag (test/vscode/runElectron.mjs).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../../src/extension/extension';
import { RESTRICTED_MODE_MESSAGE } from '../../../src/extension/runner';
import { EXERCISES, PACK_NAME, activated, exerciseDir, learnerFile, packDir, read, refresh, sleep, stubWarnings, trainerChildren, waitFor, workspaceDir } from './helpers';
import { askPage, ensurePanelLoaded, hasPage } from './page';

describe('DL Exercises in Restricted Mode (untrusted workspace)', function () {
  let api: TestApi;

  before(async function () {
    assert.equal(vscode.workspace.isTrusted, false, 'this suite needs an untrusted workspace (the runner leaves workspace trust on)');
    api = await activated();
  });

  it('activates on the pack in Restricted Mode and lists the exercises', async function () {
    assert.ok(fs.existsSync(path.join(packDir(), 'pack.json')));
    const entries = await refresh();
    const workspace = entries.find((entry) => !entry.bundled);
    assert.equal(workspace?.dir, packDir());
    assert.equal(workspace.pack?.name, PACK_NAME);
    const ids = workspace.pack.exercises.map((e) => e.id);
    assert.deepEqual(ids.filter((id) => (EXERCISES as readonly string[]).includes(id)), [...EXERCISES]);
  });

  // Before Open Exercise: its Markdown preview, closed right before a new webview opens, can keep
  // that webview blank for 30 s in VS Code's web client (see ensurePanelLoaded).
  it('the Experiment panel says why experiments do not run (browser)', async function () {
    if (!hasPage()) this.skip();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('dlExercises.showPanel');
    await ensurePanelLoaded();
    const banner = (await askPage<{ text: string; hidden: boolean }>('trustBanner', { screenshot: 'panel-restricted.png' }))!;
    assert.equal(banner.hidden, false);
    assert.ok(banner.text.includes(RESTRICTED_MODE_MESSAGE), `banner: ${banner.text}`);
  });

  it('Open Exercise still works: it copies the starter, which is reading, not running', async function () {
    const file = learnerFile('many-qwerties');
    fs.rmSync(file, { force: true });
    const uri = await vscode.commands.executeCommand<vscode.Uri>('dlExercises.openExercise', exerciseDir('many-qwerties'));
    assert.equal(uri?.fsPath, file);
    assert.equal(read(file), read(path.join(exerciseDir('many-qwerties'), 'starter.ts')));
  });

  const targets: [string, () => Record<string, unknown>][] = [
    ['the reference solution', () => ({ file: path.join(exerciseDir('many-qwerties'), 'solution.ts'), exerciseDir: exerciseDir('many-qwerties'), epochs: 10 })],
    ["the learner's file", () => ({ exerciseDir: exerciseDir('many-qwerties'), epochs: 10 })],
  ];
  for (const [what, target] of targets) {
    it(`Run Experiment on ${what} runs nothing and says why`, async function () {
      const stub = stubWarnings(() => undefined);
      let snapshot: unknown;
      try {
        snapshot = await vscode.commands.executeCommand('dlExercises.runExperiment', target());
        await sleep(500); // a trainer would have been forked by now
        assert.equal(api.trainerPid, undefined, 'no trainer process');
        assert.deepEqual(trainerChildren() ?? [], [], 'no trainer child process of the extension host');
      } finally {
        stub.restore();
      }
      assert.equal(snapshot, undefined, 'runExperiment returns undefined');
      assert.equal(stub.calls.length, 1, `one warning: ${JSON.stringify(stub.calls)}`);
      assert.equal(stub.calls[0].message, RESTRICTED_MODE_MESSAGE);
      assert.deepEqual(stub.calls[0].args, ['Manage Workspace Trust'], 'with a way to trust the workspace');
      assert.equal(fs.existsSync(path.join(workspaceDir(), '.dlx', 'runs')), false, 'no run was recorded');
    });
  }

  it('the Command Palette keeps Run Experiment and Run Sweep; Run explains itself and opens Manage Workspace Trust (browser)', async function () {
    if (!hasPage()) this.skip();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const { entries } = (await askPage<{ entries: string[] }>('paletteEntries', { query: 'DL Exercises: Run', screenshot: 'palette-run.png' }))!;
    for (const title of ['DL Exercises: Run Experiment', 'DL Exercises: Run Sweep']) assert.ok(entries.some((entry) => entry.startsWith(title)), `${title} in ${JSON.stringify(entries)}`);
    await askPage('palette', { command: 'DL Exercises: Run Experiment' });
    const toast = (await askPage<{ message: string; buttons: string[] }>('notification', { includes: 'Restricted Mode', click: 'Manage Workspace Trust', screenshot: 'run-restricted.png' }))!;
    assert.equal(toast.message, RESTRICTED_MODE_MESSAGE);
    assert.ok(toast.buttons.includes('Manage Workspace Trust'), JSON.stringify(toast.buttons));
    await waitFor('the Workspace Trust editor', () => vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => /Workspace Trust/.test(tab.label))), 10_000);
    assert.equal(api.trainerPid, undefined, 'nothing ran');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Run Sweep runs nothing either, and asks for no prediction', async function () {
    const stub = stubWarnings(() => undefined);
    let sweep: unknown;
    try {
      const dir = path.join(path.dirname(exerciseDir('many-qwerties')), 'learning-rates');
      sweep = await vscode.commands.executeCommand('dlExercises.runSweep', { file: path.join(dir, 'solution.ts'), exerciseDir: dir });
      await sleep(500);
      assert.deepEqual(api.sweepWorkerPids, [], 'no sweep worker');
      assert.deepEqual(trainerChildren() ?? [], [], 'no trainer child process of the extension host');
    } finally {
      stub.restore();
    }
    assert.equal(sweep, undefined);
    assert.equal(stub.calls.length, 1, `one warning: ${JSON.stringify(stub.calls)}`);
    assert.equal(stub.calls[0].message, RESTRICTED_MODE_MESSAGE);
    assert.equal(fs.existsSync(path.join(workspaceDir(), '.dlx', 'sweeps')), false, 'no sweep was recorded');
  });
});
