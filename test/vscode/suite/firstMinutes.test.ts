// A learner's first minutes (runs first in the trusted workspace, on a fresh profile): the
// walkthrough opens by itself, Open Exercise works from the Command Palette while the walkthrough
// has the focus, the keyboard runs and stops an experiment, and the extension's keys are free in
// VS Code. The `(browser)` tests ask the page (test/e2e/dlx-on-page.mjs) and skip when there is none.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../../src/extension/extension';
import { WALKTHROUGH_ID } from '../../../src/extension/walkthrough';
import { activated, exerciseDir, extension, learnerFile, read, sleep, waitFor } from './helpers';
import { askPage, hasPage } from './page';

type Step = { id: string; done: boolean; title: string; description: string; bold: string[] };
const WALKTHROUGH_TITLE = 'Get started with DL Exercises';

describe('a learner\'s first minutes', function () {
  let api: TestApi;

  before(async function () {
    assert.equal(vscode.workspace.isTrusted, true, 'this suite needs a trusted workspace');
    api = await activated();
    fs.rmSync(learnerFile('many-qwerties'), { force: true });
  });

  it('the walkthrough opens on first activation; "Open a folder" is done; no stray markup (browser)', async function () {
    if (!hasPage()) this.skip();
    const { steps } = (await askPage<{ steps: Step[] }>('walkthrough', { title: WALKTHROUGH_TITLE, doneStep: 'openFolder' }))!;
    assert.deepEqual(steps.map((s) => s.id), ['openFolder', 'openExercise', 'runExperiment', 'runSweep', 'checks'], `the walkthrough is shown: ${JSON.stringify(steps)}`);
    assert.equal(steps.find((s) => s.id === 'openFolder')?.done, true, 'a folder is open: its step is done');
    for (const step of steps) assert.doesNotMatch(step.description, /\*/, `no literal asterisks in "${step.title}": ${step.description}`);
    assert.deepEqual(steps.find((s) => s.id === 'openExercise')?.bold, ['Many qwerties!']);
  });

  it('Open Exercise from the Command Palette works while the walkthrough has the focus (browser)', async function () {
    if (!hasPage()) this.skip();
    const file = learnerFile('many-qwerties');
    assert.equal(fs.existsSync(file), false);
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false);
    await askPage('walkthrough', { title: WALKTHROUGH_TITLE, screenshot: 'walkthrough-focused.png' });
    // Enter's keyup, after the palette closed, lands on the walkthrough's selected step, which takes
    // the focus 250 ms later: a quick pick that closes on focus loss is gone before the learner picks.
    const picked = (await askPage<{ appeared: boolean; survived: boolean; groups: string[] }>('palette', {
      command: 'DL Exercises: Open Exercise', pickTitle: 'Open which exercise?', pick: 'Many qwerties!', screenshot: 'palette-open-exercise.png',
    }))!;
    assert.equal(picked.appeared, true, 'the quick pick appeared');
    assert.equal(picked.survived, true, 'the quick pick was still open after the walkthrough took the focus');
    // Five packs' exercises in one list (the workspace's, then the four bundled): each group under its pack's title.
    assert.equal(picked.groups[0], 'A deep understanding of deep learning: ANNs', `the exercises grouped by pack: ${JSON.stringify(picked.groups)}`);
    const instructions = () => vscode.window.tabGroups.all.some((group) => group.viewColumn !== vscode.ViewColumn.One && group.tabs.some((tab) => /README/.test(tab.label)));
    await waitFor('the learner file in the active editor, the instructions beside it', () => instructions() && vscode.window.activeTextEditor?.document.uri.fsPath === file, 30_000);
    assert.equal(read(file), read(path.join(exerciseDir('many-qwerties'), 'starter.ts')));
  });

  it('the extension\'s keys are not taken by VS Code: no default keybinding has them', async function () {
    const ours = (extension().packageJSON.contributes.keybindings as { key: string; command: string }[]);
    assert.ok(ours.length >= 3, 'Run Experiment, Stop Experiment and Run Sweep have keys');
    await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
    const doc = await waitFor('the default keybindings', () => {
      const open = vscode.window.activeTextEditor?.document;
      return open && open.uri.scheme !== 'file' && /"command":/.test(open.getText()) ? open : undefined;
    }, 10_000);
    const defaults = JSON.parse(doc.getText().replace(/^\s*\/\/.*$/gm, '')) as { key: string; command: string }[];
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    assert.ok(defaults.length > 500, `read ${defaults.length} default keybindings`);
    for (const { key, command } of ours) {
      const taken = defaults.filter((binding) => binding.key === key && !binding.command.startsWith('dlExercises.'));
      assert.deepEqual(taken, [], `${key} (${command}) is free in VS Code`);
    }
  });

  it('Shift+Alt+E in the learner file runs the experiment, Shift+Alt+X stops it (browser)', async function () {
    if (!hasPage()) this.skip();
    const file = learnerFile('many-qwerties');
    const solution = read(path.join(exerciseDir('many-qwerties'), 'solution.ts'));
    assert.match(solution, /epochs: \d+/);
    // No webview loading meanwhile: in the web client one takes the keyboard focus when it has loaded.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.writeFileSync(file, solution.replace(/epochs: \d+/, 'epochs: 1000000'));
    const doc = await vscode.workspace.openTextDocument(file);
    await waitFor('the editor to show the file as on disk', () => doc.getText() === read(file), 10_000);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preview: false });
    const run = (await askPage<{ focused: string }>('pressKeys', { keys: ['Shift+Alt+E'], screenshot: 'keys-run.png' }))!;
    const pid = await waitFor(`a trainer started by the key (the focus was on ${run.focused})`, () => api.trainerPid, 20_000);
    await sleep(1500); // the Experiment panel opens beside; the focus goes back to the file
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preview: false });
    const { focused } = (await askPage<{ focused: string }>('pressKeys', { keys: ['Shift+Alt+X'], screenshot: 'keys-stop.png' }))!;
    await waitFor(`the run to stop (the focus was on ${focused})`, () => api.trainerPid === undefined, 10_000);
    assert.ok(pid > 0);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
