// The dudl-metaparams pack in the editor (suite `metaparams`: a trusted workspace holding the
// pack): its random-search exercise, grid-vs-random, run as a sweep from the reference solution,
// then its sweep view in the Experiment panel: the scatter of every run instead of a heatmap, the
// checks, a screenshot. The `(browser)` test asks the page (test/e2e/dlx-on-page.mjs) and skips
// when there is none.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SweepResult } from '../../../src/engine/sweep';
import { activated, workspaceDir } from './helpers';
import { askPage, focusExperimentPanel, hasPage, type CanvasFacts } from './page';

const EXERCISE = path.join(workspaceDir(), 'dudl-metaparams', 'grid-vs-random');

type SweepFacts = { status: string; done: number; total: number; verdictPassed: string | null; checks: { passed: string | null; text: string }[]; heatmapCells: number; tableRows: number; canvases: CanvasFacts[]; screenshot: string };

describe('The dudl-metaparams pack', function () {
  let sweep: SweepResult | undefined;

  before(async function () {
    await activated();
  });

  it('runs the grid-vs-random reference sweep: nine random draws, every check passing', async function () {
    this.timeout(240_000);
    // The prediction is given, so the sweep does not stop to ask for one ("hypothesize and commit").
    const prediction = { shape: 'flat' as const, note: 'the weight decay matters less than the learning rate' };
    sweep = await vscode.commands.executeCommand<SweepResult | undefined>('dlExercises.runSweep', { file: path.join(EXERCISE, 'solution.ts'), exerciseDir: EXERCISE, prediction });
    assert.ok(sweep, 'runSweep returns the sweep');
    assert.equal(sweep.status, 'completed', sweep.error?.message);
    assert.equal(sweep.spec.search, 'random');
    assert.equal(sweep.points?.length, 9, 'the nine settings drawn are in the record');
    assert.equal(sweep.runs.length, 9);
    assert.equal(sweep.prediction?.shape, 'flat');
    assert.equal(new Set(sweep.runs.map((run) => run.values.learningRate)).size, 9, 'nine distinct learning rates');
    assert.equal(sweep.passed, true, (sweep.checks ?? []).filter((c) => !c.passed).map((c) => `${c.name}: ${c.message}`).join('; '));
  });

  it('(browser) shows the random search as a scatter, without a heatmap, with its checks', async function () {
    if (!hasPage() || !sweep) this.skip();
    this.timeout(120_000);
    await focusExperimentPanel();
    const facts = (await askPage<SweepFacts>('inspectSweep', { sweepId: sweep.id, total: sweep.runs.length, screenshot: 'metaparams-grid-vs-random.png' }, 90_000))!;
    assert.equal(facts.status, 'completed');
    assert.equal(facts.done, 9);
    assert.equal(facts.heatmapCells, 0, 'a random search has no grid to draw');
    const outcome = facts.canvases.find((c) => c.testid === 'sweep-outcome-chart');
    assert.ok(outcome && outcome.colored > 100, `the outcome chart has dots: ${JSON.stringify(facts.canvases)}`);
    assert.equal(facts.checks.length, sweep.checks!.length);
    assert.ok(facts.checks.every((c) => c.passed === 'true'), JSON.stringify(facts.checks));
  });
});
