// Function exercises in the editor (runs last in the trusted workspace): the gradient descent pack
// copied into the workspace, Run Experiment on gd-2d's solution, its verdict in the progress file,
// and the panel's Function view drawing the surface with the path (screenshot for the README); then
// adam-by-hand's solution, whose rule trains a network beside tf.train.adam (both loss curves drawn).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activated, extension, read, refresh, workspaceDir } from './helpers';
import { askPage, focusExperimentPanel, hasPage, type CanvasFacts } from './page';

type FunctionFacts = { title: string; verdict: string; checks: { passed: string | null; text: string }[]; note: string; canvases: CanvasFacts[]; screenshot: string };

describe('Function exercises: gradient descent', function () {
  const packCopy = () => path.join(workspaceDir(), 'dudl-gradient-descent');
  /** Run Experiment on the exercise's solution; its entry in the progress file. */
  async function runSolution(id: string): Promise<{ status?: string; verification?: { state?: string } } | undefined> {
    const dir = path.join(packCopy(), id);
    await vscode.commands.executeCommand('dlExercises.runExperiment', { exerciseDir: dir, file: path.join(dir, 'solution.ts') });
    return JSON.parse(read(path.join(workspaceDir(), '.dlx', 'progress.json')))[id];
  }
  /** The Function view once it shows this exercise with every one of its checks passed. */
  async function shownPassing(title: string, checks: number, screenshot: string): Promise<FunctionFacts> {
    // A new webview of the web client can stay blank a while: wait for it, reopen it once if need be.
    await focusExperimentPanel();
    const facts = await askPage<FunctionFacts>('inspectFunction', { screenshot });
    assert.ok(facts, 'the page answered');
    assert.equal(facts.title, title);
    assert.equal(facts.checks.length, checks);
    assert.ok(facts.checks.every((check) => check.passed === 'true'), JSON.stringify(facts.checks));
    return facts;
  }

  before(async function () {
    await activated();
    fs.cpSync(path.join(extension().extensionPath, 'exercises', 'dudl-gradient-descent'), packCopy(), { recursive: true });
    const packs = await refresh();
    assert.ok(packs.some((entry) => entry.pack?.name === 'dudl-gradient-descent'), `the workspace's packs: ${packs.map((p) => p.pack?.name ?? p.error).join(', ')}`);
  });

  it('runs gd-2d: every check passes, and the progress file says so', async function () {
    this.timeout(120_000);
    const progress = await runSolution('gd-2d');
    assert.equal(progress?.status, 'passing', JSON.stringify(progress));
    assert.equal(progress?.verification?.state, 'verified');
  });

  it('draws the surface as a heatmap with the descent path on it (browser)', async function () {
    if (!hasPage()) this.skip();
    this.timeout(180_000);
    const facts = await shownPassing('Gradient descent in 2-D', 4, 'function-gd-2d.png');
    const heatmap = facts.canvases.find((canvas) => canvas.testid === 'function-heatmap');
    assert.ok(heatmap && heatmap.width > 200 && heatmap.colored > 10_000, `the heatmap is drawn: ${JSON.stringify(facts.canvases)}`);
    const values = facts.canvases.find((canvas) => canvas.testid === 'function-value-chart');
    assert.ok(values && values.colored > 100, `the value per step is drawn: ${JSON.stringify(facts.canvases)}`);
    assert.match(facts.note, /^descend: 300 steps, dots from the start \(yellow\) to the end \(red\)\./);
  });

  it('runs adam-by-hand: the learner\'s Adam trains a qwerty classifier as tf.train.adam does', async function () {
    this.timeout(120_000);
    const progress = await runSolution('adam-by-hand');
    assert.equal(progress?.status, 'passing', JSON.stringify(progress));
  });

  it('adam-by-hand draws your optimizer\'s loss curve beside tf.train.adam\'s (browser)', async function () {
    if (!hasPage()) this.skip();
    this.timeout(180_000);
    const facts = await shownPassing('Adam by hand', 3, 'function-adam-by-hand.png');
    // The trains check's message: both curves from 1.16013, seed 1 (exercises/dudl-gradient-descent/adam-by-hand/README.md).
    assert.match(facts.checks[2].text, /your optimizer's loss went 1\.16013 → 0\.126415, tf\.train\.adam's 1\.16013 → 0\.126415/);
    const training = facts.canvases.find((canvas) => canvas.testid === 'function-training-chart');
    assert.ok(training && training.width > 200 && training.colored > 500, `the two loss curves are drawn: ${JSON.stringify(facts.canvases)}`);
    assert.ok(facts.canvases.some((canvas) => canvas.testid === 'function-heatmap' && canvas.colored > 10_000), 'the valley and the path are still drawn');
  });
});
