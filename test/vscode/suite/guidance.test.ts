// Guided means guided (issue 17), in the editor: a starter is "not attempted" in the Exercises
// view, the Test Explorer and progress.json; Show Hint reveals the hints in order and they stay
// revealed when progress is read again; Compare with Solution opens a read-only diff, asks once,
// and is refused for a pack that hides its solutions; the pack's sections and prerequisites show
// in the view; a failing metric check's Test Explorer message carries expected and actual.
// Its own launch: `node test/e2e/dlx-e2e.mjs --suite guidance`. The `(browser)` parts ask the page.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PackEntry } from '../../../src/extension/catalog';
import { runVerdict } from '../../../src/extension/exerciseStatus';
import type { HintShown } from '../../../src/extension/guidance';
import { failedCheckMessage } from '../../../src/extension/testing';
import type { Exercise } from '../../../src/engine/pack';
import type { ExerciseProgress } from '../../../src/host/runStore';
import { activated, describeSnapshot, exerciseDir, read, refresh, runExperiment, stubMessages, stubWarnings, waitFor, workspaceDir } from './helpers';
import { askPage, hasPage } from './page';

type Row = { label: string; description: string; state: string; level: number };
const TITLE = 'Convert nn.Sequential to class';
const HIDDEN_PACK = 'hidden-pack';

function progressOf(id: string): ExerciseProgress | undefined {
  const file = path.join(workspaceDir(), '.dlx', 'progress.json');
  return fs.existsSync(file) ? (JSON.parse(read(file)) as Record<string, ExerciseProgress>)[id] : undefined;
}

async function exerciseNamed(id: string, packDir: string): Promise<Exercise> {
  const entries = await refresh();
  const exercise = entries.flatMap((entry: PackEntry) => entry.pack?.exercises ?? []).find((e) => e.id === id && e.dir.startsWith(packDir));
  assert.ok(exercise, `${id} in ${packDir}: ${JSON.stringify(entries.map((e) => e.dir))}`);
  return exercise;
}

/** A pack in the workspace that hides its solutions, in two sections, the second exercise after the first. */
function writeHiddenPack(): string {
  const dir = path.join(workspaceDir(), HIDDEN_PACK);
  const from = exerciseDir('many-qwerties');
  for (const id of ['first', 'second']) {
    fs.mkdirSync(path.join(dir, id), { recursive: true });
    for (const file of ['README.md', 'starter.ts', 'solution.ts']) fs.copyFileSync(path.join(from, file), path.join(dir, id, file));
    const exercise = JSON.parse(read(path.join(from, 'exercise.json')));
    fs.writeFileSync(path.join(dir, id, 'exercise.json'), JSON.stringify({ ...exercise, id: `hidden-${id}`, title: `Hidden ${id}`, learnerFile: `hidden-${id}.ts`, ...(id === 'second' ? { prerequisites: ['hidden-first'] } : {}) }));
  }
  fs.writeFileSync(path.join(dir, 'pack.json'), JSON.stringify({
    name: 'hidden', title: 'Hidden solutions', version: '1.0.0', exercises: ['first', 'second'], solutions: 'hidden',
    sections: [{ title: 'Warm-up', exercises: ['hidden-first'] }, { title: 'Then', exercises: ['hidden-second'] }],
  }));
  return dir;
}

describe('guided means guided', function () {
  let exercise: Exercise;
  let learner: string;

  before(async function () {
    await activated();
    exercise = await exerciseNamed('seq-to-class', exerciseDir('seq-to-class'));
    learner = path.join(workspaceDir(), exercise.learnerFileName);
    fs.rmSync(learner, { force: true });
    await vscode.commands.executeCommand('dlExercises.openExercise', exercise.dir);
    await waitFor('the learner file from the starter', () => fs.existsSync(learner));
  });
  after(function () {
    fs.rmSync(path.join(workspaceDir(), HIDDEN_PACK), { recursive: true, force: true });
  });

  it('a starter is not attempted: progress.json, the Exercises view and the Test Explorer (skipped, not failed)', async function () {
    const snapshot = await runExperiment({ file: learner, exerciseDir: exercise.dir, epochs: 5 });
    assert.ok(snapshot?.result, describeSnapshot(snapshot));
    assert.equal(snapshot.result.passed, false, 'the starter fails its checks');
    await waitFor('the status in progress.json', () => progressOf('seq-to-class')?.status === 'notAttempted');
    if (!hasPage()) return;
    const before = progressOf('seq-to-class')?.passed ? ' — passed before' : '';
    await vscode.commands.executeCommand('workbench.view.extension.dlExercises');
    const view = (await askPage<{ rows: Row[] }>('exerciseRows', { expect: [{ label: TITLE, description: `not attempted${before}` }], screenshot: 'guidance-view-not-attempted.png' }))!;
    assert.ok(view.rows.some((r) => r.label === TITLE && r.description === `not attempted${before}`), `the view: ${JSON.stringify(view.rows)}`);
    await vscode.commands.executeCommand('workbench.view.testing.focus');
    const tests = (await askPage<{ rows: Row[] }>('testRows', { expect: [TITLE], state: 'skipped', collapse: true, screenshot: 'guidance-tests-not-attempted.png' }))!;
    const row = tests.rows.find((r) => r.label === TITLE && !r.description.includes('(bundled)'));
    assert.equal(row?.state, 'skipped', `the Test Explorer: ${JSON.stringify(tests.rows)}`);
    assert.match(row?.description ?? '', /not attempted/);
  });

  it('a failing metric check carries expected and actual (and the closest epoch) in its Test Explorer message', async function () {
    fs.writeFileSync(learner, `${read(exercise.starter)}\n// a first try\n`);
    const snapshot = await runExperiment({ file: learner, exerciseDir: exercise.dir, epochs: 3 });
    const verdict = runVerdict(exercise, snapshot!, false)!;
    assert.equal(verdict.state, 'failing', describeSnapshot(snapshot));
    const index = exercise.checks.findIndex((check) => check.kind === 'metric');
    const message = failedCheckMessage(exercise, index, verdict.checks![index].message, verdict);
    assert.equal(message.expectedOutput, 'train accuracy >= 90.0%');
    assert.match(message.actualOutput ?? '', /^train accuracy \d+\.\d%$/);
    assert.match((message.message as vscode.MarkdownString).value, /^Step 3: .*Closest at epoch [1-3]: \d+\.\d%\./);
    assert.match((message.message as vscode.MarkdownString).value, /\[Show a hint\]\(command:dlExercises\.showHint\?/);
    assert.equal(message.contextValue, 'dlExercises.failedCheck');
  });

  it('Show Hint reveals the hints in order, and they stay revealed when progress.json is read again', async function () {
    const info = stubMessages('showInformationMessage');
    try {
      const shown: HintShown[] = [];
      for (let i = 0; i < 2; i++) shown.push((await vscode.commands.executeCommand<HintShown>('dlExercises.showHint', exercise.dir))!);
      assert.deepEqual(shown.map((s) => s.revealed?.hint.text), exercise.hints.slice(0, 2).map((h) => h.text));
      assert.equal(progressOf('seq-to-class')?.hintsRevealed?.exercise, 2);
      assert.match(info.calls[0].message, /^Hint 1 of 3: /);
      await refresh(); // reads progress.json again, as after a reload
      const third = (await vscode.commands.executeCommand<HintShown>('dlExercises.showHint', exercise.dir))!;
      assert.equal(third.revealed?.index, 2, 'the third hint, not the first again');
      assert.deepEqual(third.all.map((h) => h.hint.text), exercise.hints.map((h) => h.text));
      assert.ok(info.calls[2].args.includes('Insert Code'), 'a hint with code offers Insert Code');
    } finally {
      info.restore();
    }
    if (!hasPage()) return;
    const snapshot = await runExperiment({ file: learner, exerciseDir: exercise.dir, epochs: 3 });
    const panel = (await askPage<{ checks: { passed: string | null; text: string }[] }>('inspectPanel', { exercise: 'seq-to-class', runId: snapshot!.runId, screenshot: 'panel-hint.png' }))!;
    assert.ok(panel.checks.some((c) => /Step \d/.test(c.text) && /Show hint|Step/.test(c.text)), `a failing check links its step: ${JSON.stringify(panel.checks)}`);
  });

  it('Compare with Solution: a read-only diff, asked once; refused when the pack hides its solutions', async function () {
    const asked = stubWarnings(() => 'Compare');
    try {
      assert.equal(await vscode.commands.executeCommand('dlExercises.compareWithSolution', exercise.dir), 'shown');
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      assert.ok(tab?.input instanceof vscode.TabInputTextDiff, `a diff tab: ${tab?.label}`);
      assert.equal((tab.input as vscode.TabInputTextDiff).modified.scheme, 'dlx-solution');
      assert.equal((tab.input as vscode.TabInputTextDiff).original.fsPath, learner);
      assert.equal(asked.calls.length, 1, 'asked once');
      if (hasPage()) await askPage('pressKeys', { keys: [], screenshot: 'solution-diff.png' });
      assert.equal(await vscode.commands.executeCommand('dlExercises.compareWithSolution', exercise.dir), 'shown');
      assert.equal(asked.calls.length, 1, 'not asked again');
      assert.ok(progressOf('seq-to-class')?.solutionShownAt, 'recorded in progress.json');

      const hiddenDir = writeHiddenPack();
      const hidden = await exerciseNamed('hidden-first', hiddenDir);
      assert.equal(await vscode.commands.executeCommand('dlExercises.compareWithSolution', hidden.dir), 'hidden');
      assert.match(asked.calls[asked.calls.length - 1].message, /is hidden by its pack: there is no solution to compare with/);
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'dlx-solution', path: '/hidden-first/solution.ts', query: hidden.dir }));
      assert.match(doc.getText(), /^\/\/ The reference solution of "Hidden first" is hidden/, 'a hand-made URI reveals nothing either');
    } finally {
      asked.restore();
    }
  });

  it('Ask for Help without a language model: no error, no download, nothing opened', async function () {
    const errors = stubMessages('showErrorMessage');
    try {
      const models = await vscode.lm.selectChatModels();
      if (models.length > 0) this.skip(); // a profile with a model: the prompt is unit-tested (test/tutorPrompt.test.ts)
      assert.equal(await vscode.commands.executeCommand('dlExercises.askForHelp', exercise.dir), 'no-model');
      assert.deepEqual(errors.calls, []);
    } finally {
      errors.restore();
    }
  });

  it('the Exercises view groups a pack in its sections with their progress, and says "after" for a prerequisite (browser)', async function () {
    if (!hasPage()) this.skip();
    await vscode.commands.executeCommand('workbench.view.extension.dlExercises');
    const view = (await askPage<{ rows: Row[] }>('exerciseRows', { expect: [{ label: 'Warm-up', description: '0/1' }, { label: 'Hidden second', description: 'after Hidden first' }], screenshot: 'guidance-sections.png' }))!;
    const labels = view.rows.map((r) => r.label);
    assert.ok(labels.indexOf('Warm-up') < labels.indexOf('Hidden first') && labels.indexOf('Hidden first') < labels.indexOf('Then'), `sections in pack order: ${JSON.stringify(labels)}`);
  });
});
