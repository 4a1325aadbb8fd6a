// The dudl-regularization pack in the editor: its early-stopping exercise's reference run, shown in
// the Experiment panel with the dev curve and its best epoch, and F1 beside the confusion matrix.
// The runners' workspace holds dudl-ann only, so this suite copies the pack in (and out again).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activated, describeSnapshot, extension, refresh, runExperiment, workspaceDir } from './helpers';
import { askPage, focusExperimentPanel, hasPage, type CanvasFacts } from './page';

const PACK = 'dudl-regularization';
type PanelFacts = { status: string; verdict: string; verdictPassed: string | null; canvases: CanvasFacts[]; confusion?: { rows: number; cols: number; total: number }; screenshot: string };

describe('the dudl-regularization pack', function () {
  let packDir: string | undefined;

  before(async function () {
    assert.equal(vscode.workspace.isTrusted, true, 'this suite needs a trusted workspace');
    await activated();
    const dir = path.join(workspaceDir(), PACK);
    fs.cpSync(path.join(extension().extensionPath, 'exercises', PACK), dir, { recursive: true });
    packDir = dir;
    const packs = await refresh();
    assert.ok(packs.some((entry) => entry.dir === dir && entry.pack?.name === PACK), `the exercises view finds the copied pack: ${packs.map((entry) => entry.dir).join(', ')}`);
  });

  after(async function () {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (!packDir) return; // before() failed ahead of the copy
    fs.rmSync(packDir, { recursive: true, force: true });
    await refresh();
  });

  it('early-stopping: the reference run stops on the dev loss; the panel shows the dev curve, the best epoch and F1 (browser)', async function () {
    this.timeout(240_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const exerciseDir = path.join(packDir!, 'early-stopping');
    const snapshot = await runExperiment({ file: path.join(exerciseDir, 'solution.ts'), exerciseDir });
    const result = snapshot?.result;
    assert.equal(result?.passed, true, describeSnapshot(snapshot));
    const early = result!.earlyStopping;
    const stopped = early?.stoppedEpoch;
    const best = early?.bestEpoch;
    assert.ok(early?.restored && typeof stopped === 'number' && typeof best === 'number', `stopped by the patience, best weights restored: ${JSON.stringify(early)}`);
    assert.equal(stopped - best, 20, 'the patience of 20 epochs');
    assert.ok(result!.metrics.dev && result!.metrics.dev.f1 !== undefined, 'dev metrics with a macro F1');
    if (!hasPage()) this.skip();
    await focusExperimentPanel();
    const facts = (await askPage<PanelFacts>('inspectPanel', { exercise: 'early-stopping', runId: snapshot!.runId, screenshot: 'panel-early-stopping.png' }, 90_000))!;
    assert.equal(facts.status, 'completed');
    assert.equal(facts.verdictPassed, 'true');
    const loss = facts.canvases.find((c) => c.testid === 'loss-chart');
    assert.ok(loss && loss.colored > 100, `the loss chart (train, dev, test, the best epoch) is drawn: ${JSON.stringify(loss)}`);
    assert.equal(facts.confusion?.rows, 2, 'the confusion matrix of good and bad wines is shown');
    const { texts } = (await askPage<{ texts: Record<string, string> }>('panelTexts', { runId: snapshot!.runId, testids: ['class-metrics', 'notes'] }))!;
    assert.match(texts['class-metrics'], /F1/, `the per-class precision, recall and F1 table beside the matrix: ${texts['class-metrics']}`);
    assert.match(texts.notes, new RegExp(`best epoch \\(${best}\\) were restored`), `the notes say which epoch's weights the numbers are: ${texts.notes}`);
  });
});
