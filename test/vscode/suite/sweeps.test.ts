// Sweeps in the editor (runs after trusted.test.ts, in the same trusted workspace): Run Sweep on
// the trainer pool, "hypothesize and commit", Stop Sweep within 1 s, a broken learner file, the
// sweep views of the Experiment panel for the five sweep exercises, and comparing two sweeps.
// The `(browser)` tests ask the page (test/e2e/dlx-on-page.mjs) and skip when there is none.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { predictionMatches, type SweepResult, type SweepShape } from '../../../src/engine/sweep';
import type { TestApi } from '../../../src/extension/extension';
import type { SweepTarget } from '../../../src/extension/sweepRunner';
import { activated, extension, isAlive, packDir, read, sleep, trainerChildren, waitFor, workspaceDir } from './helpers';
import { askPage, focusExperimentPanel, hasPage, type CanvasFacts } from './page';
import { childSeconds, cpuSnapshot, cpuUsed, describeCpu, followCpu, startHostProfile, type PageMetrics } from './processCpu';

const SWEEP_EXERCISES = ['learning-rates', 'hidden-units', 'breadth-vs-depth', 'minibatch-size', 'linear-vs-nonlinear'] as const;
type SweepExerciseId = (typeof SWEEP_EXERCISES)[number];

const dirOf = (id: SweepExerciseId) => path.join(packDir(), id);
const solutionOf = (id: SweepExerciseId) => path.join(dirOf(id), 'solution.ts');
const sweepsDir = () => path.join(workspaceDir(), '.dlx', 'sweeps');

function declared(id: SweepExerciseId): { title: string; sweepChecks: { name?: string }[] } {
  return JSON.parse(read(path.join(dirOf(id), 'exercise.json')));
}

function runSweep(target: SweepTarget): Promise<SweepResult | undefined> {
  return Promise.resolve(vscode.commands.executeCommand<SweepResult | undefined>('dlExercises.runSweep', target));
}

function savedSweep(sweep: SweepResult): SweepResult {
  const name = fs.readdirSync(sweepsDir()).find((file) => file.endsWith(`-${sweep.id}.json`));
  assert.ok(name, `the sweep ${sweep.id} is saved under .dlx/sweeps`);
  return JSON.parse(read(path.join(sweepsDir(), name)));
}

function describeSweep(sweep: SweepResult | undefined): string {
  if (!sweep) return 'no sweep';
  const checks = (sweep.checks ?? []).map((c) => `${c.passed ? 'PASS' : 'FAIL'} ${c.name}: ${c.message}`).join('; ');
  return `status ${sweep.status}, ${sweep.runs.length} runs${sweep.error ? `, error ${sweep.error.kind}: ${sweep.error.message}` : ''}${checks ? `, checks: ${checks}` : ''}`;
}

type SweepFacts = {
  title: string;
  status: string;
  done: number;
  total: number;
  verdict: string;
  verdictPassed: string | null;
  checks: { passed: string | null; text: string }[];
  fraction: number | null;
  predictionMatch: string | null;
  predictionText: string;
  backend: string;
  heatmapCells: number;
  tableRows: number;
  historyRows: number;
  canvases: CanvasFacts[];
  compareText?: string;
  screenshot: string;
};

function drawn(facts: SweepFacts, testid: string): void {
  const canvas = facts.canvases.find((c) => c.testid === testid);
  assert.ok(canvas && canvas.width > 100 && canvas.height > 50, `${testid} has a size: ${JSON.stringify(facts.canvases)}`);
  assert.ok(canvas.colored > 100, `${testid} has coloured pixels (dots, lines): ${JSON.stringify(canvas)}`);
}

describe('Sweeps in a trusted workspace', function () {
  let api: TestApi;
  const finished = new Map<SweepExerciseId, SweepResult>();

  before(async function () {
    api = await activated();
  });

  describe('Run Sweep', function () {
    it('is registered with Stop Sweep', async function () {
      const commands = await vscode.commands.getCommands(true);
      for (const id of ['runSweep', 'stopSweep']) assert.ok(commands.includes(`dlExercises.${id}`), `command dlExercises.${id}`);
      assert.deepEqual(api.sweepWorkerPids, []);
    });

    it('runs the learning-rates reference sweep on one worker per core, the prediction committed first', async function () {
      this.timeout(240_000);
      const profile = process.env.DLX_E2E_PROFILE === '1';
      // The panel shows the sweep as a learner sees it (a fresh webview can take ~30 s to load).
      await focusExperimentPanel();
      const startedAt = Date.now();
      await askPage('pageMetricsStart');
      const cpuAtStart = cpuSnapshot();
      const pending = runSweep({ file: solutionOf('learning-rates'), exerciseDir: dirOf('learning-rates'), prediction: { shape: 'bimodal', note: 'some runs learn, some stay at chance' } });
      const workers = await waitFor('the sweep workers', () => api.sweepWorkerPids.length >= 2 && api.sweepWorkerPids, 30_000);
      assert.ok(workers.every(isAlive));
      const stopHostProfile = profile ? startHostProfile() : undefined;
      if (profile) await askPage('cpuProfileStart');
      const children = trainerChildren();
      if (children) assert.deepEqual([...children].sort(), [...workers].sort(), 'the workers are children of the extension host, and nothing else trains');
      // The record is on disk, with the prediction, before the sweep ends.
      const early = fs.readdirSync(sweepsDir()).map((name) => JSON.parse(read(path.join(sweepsDir(), name))) as SweepResult).find((s) => s.status === 'running');
      assert.equal(early?.prediction?.shape, 'bimodal', 'the prediction is saved while the sweep runs');
      const sweep = await pending;
      const editorMs = Date.now() - startedAt;
      const cpuAtEnd = cpuSnapshot();
      const page = await askPage<PageMetrics>('pageMetricsStop');
      await waitFor('the workers to exit', () => workers.every((pid) => !isAlive(pid)), 5_000);
      const editorCpu = cpuUsed(cpuAtStart, cpuAtEnd, cpuSnapshot());
      if (profile) {
        const written = await askPage<{ file: string }>('cpuProfileStop', { prefix: 'learning-rates-sweep' });
        if (written) await stopHostProfile!(path.join(path.dirname(written.file), 'learning-rates-sweep-exthost.cpuprofile'));
      }
      assert.ok(sweep, 'runSweep returns the sweep');
      assert.equal(sweep.status, 'completed', describeSweep(sweep));
      assert.equal(sweep.runs.length, 500, '50 learning rates x 10 repeats');
      // The same sweep from the command line, on the same machine right after: the editor's own cost
      // is the difference (a timing to read, not to assert: these machines are shared and noisy).
      const cli = path.join(extension().extensionPath, 'dist', 'cli.js');
      const cliStart = Date.now();
      const cpuBeforeCli = cpuSnapshot();
      let dlxOwn: ReturnType<typeof followCpu> | undefined;
      await new Promise<void>((resolve, reject) => {
        const dlx = execFile(process.execPath, [cli, 'sweep', dirOf('learning-rates'), '--file', solutionOf('learning-rates'), '--workers', '2', '--no-save', '--json'], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, maxBuffer: 64 * 2 ** 20 }, (error) => (error ? reject(error) : resolve()));
        dlxOwn = followCpu(dlx.pid!);
      });
      const cliMs = Date.now() - cliStart;
      const cliOwnCpu = dlxOwn!.stop();
      const cliCpu = childSeconds(cpuBeforeCli, cpuSnapshot());
      console.log(`        500-run learning-rates sweep: editor ${(editorMs / 1000).toFixed(1)} s, dlx sweep ${(cliMs / 1000).toFixed(1)} s (CPU ${cliCpu.toFixed(1)} s, of it dlx's own process ${cliOwnCpu.toFixed(1)} s), ratio ${(editorMs / cliMs).toFixed(2)}`);
      console.log(`        during the sweep: ${describeCpu(editorCpu)}`);
      // The extension host runs the same pool as dlx's own process (dispatch, messages, verification): beyond that is the editor's.
      const beyond = editorCpu.editorSeconds - cliOwnCpu;
      console.log(`        the editor beyond dlx's own process: ${beyond.toFixed(1)} s = ${(beyond / editorCpu.wallSeconds).toFixed(2)} core`);
      if (page) console.log(`        workbench page: tasks ${page.taskSeconds.toFixed(1)} s (script ${page.scriptSeconds.toFixed(1)}, style ${page.styleSeconds.toFixed(1)} in ${page.styleRecalcs}, layout ${page.layoutSeconds.toFixed(1)} in ${page.layouts})`);
      assert.equal(sweep.workers, 2);
      assert.equal(sweep.passed, true, describeSweep(sweep));
      const names = declared('learning-rates').sweepChecks.map((c) => c.name);
      assert.equal(sweep.checks!.length, names.length);
      names.forEach((name, i) => name && assert.equal(sweep.checks![i].name, name));
      assert.ok(sweep.prediction && sweep.prediction.recordedAt <= sweep.startedAt + 1000, 'recorded before the runs');
      assert.ok(sweep.runs.every((run) => run.backend), 'every run says which backend trained it');
      const saved = savedSweep(sweep);
      assert.equal(saved.status, 'completed');
      assert.equal(saved.prediction?.note, 'some runs learn, some stay at chance');
      assert.equal(saved.runs.length, 500);
      assert.deepEqual(api.sweepWorkerPids, []);
      assert.deepEqual(trainerChildren() ?? [], []);
      const progress = JSON.parse(read(path.join(workspaceDir(), '.dlx', 'progress.json')));
      assert.equal(progress['learning-rates']?.passed, true, 'the exercise is passed by its sweep');
      finished.set('learning-rates', sweep);
    });

    it('asks for a prediction first, and commits what the learner picked (browser)', async function () {
      if (!hasPage()) this.skip();
      this.timeout(120_000);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const pending = runSweep({ file: solutionOf('learning-rates'), exerciseDir: dirOf('learning-rates'), quick: true });
      await askPage('answerPrediction', { shape: 'rising', note: 'larger steps learn faster' });
      const sweep = await pending;
      assert.equal(sweep?.status, 'completed', describeSweep(sweep));
      assert.deepEqual({ shape: sweep.prediction?.shape, note: sweep.prediction?.note }, { shape: 'rising', note: 'larger steps learn faster' });
      assert.equal(savedSweep(sweep).prediction?.shape, 'rising');
    });

    it('Escape at the prediction runs nothing (browser)', async function () {
      if (!hasPage()) this.skip();
      const before = fs.readdirSync(sweepsDir()).length;
      const pending = runSweep({ file: solutionOf('learning-rates'), exerciseDir: dirOf('learning-rates'), quick: true });
      await askPage('answerPrediction', { escape: true });
      assert.equal(await pending, undefined);
      assert.equal(fs.readdirSync(sweepsDir()).length, before, 'no sweep record');
      assert.deepEqual(api.sweepWorkerPids, []);
    });
  });

  describe('Stop Sweep', function () {
    it('ends every worker within 1 s; the runs done so far are kept', async function () {
      this.timeout(120_000);
      const pending = runSweep({ file: solutionOf('learning-rates'), exerciseDir: dirOf('learning-rates'), prediction: 'none' });
      const workers = await waitFor('two sweep workers', () => api.sweepWorkerPids.length >= 2 && api.sweepWorkerPids, 30_000);
      await sleep(2000); // some runs finish
      const t0 = Date.now();
      await vscode.commands.executeCommand('dlExercises.stopSweep');
      await waitFor('the workers to exit', () => workers.every((pid) => !isAlive(pid)), 1000, 10);
      const elapsed = Date.now() - t0;
      console.log(`        Stop Sweep: all ${workers.length} workers gone ${elapsed} ms after the command`);
      const sweep = await pending;
      assert.ok(elapsed < 1000, `workers gone ${elapsed} ms after Stop`);
      assert.equal(sweep?.status, 'cancelled', describeSweep(sweep));
      const done = sweep.runs.filter((run) => run.status === 'completed').length;
      assert.ok(done > 0 && done < 500, `some runs finished before the stop: ${done}`);
      assert.equal(savedSweep(sweep).status, 'cancelled');
      assert.deepEqual(trainerChildren() ?? [], []);
    });

    it('Run Experiment during a sweep stops the sweep first', async function () {
      this.timeout(120_000);
      const pending = runSweep({ file: solutionOf('learning-rates'), exerciseDir: dirOf('learning-rates'), prediction: 'none' });
      const workers = await waitFor('the sweep workers', () => api.sweepWorkerPids.length >= 1 && api.sweepWorkerPids, 30_000);
      const single = await vscode.commands.executeCommand<{ status: string } | undefined>('dlExercises.runExperiment', { file: solutionOf('learning-rates'), exerciseDir: dirOf('learning-rates'), epochs: 50 });
      assert.equal(single?.status, 'completed');
      assert.equal((await pending)?.status, 'cancelled');
      assert.ok(workers.every((pid) => !isAlive(pid)), 'no sweep worker left');
      assert.deepEqual(trainerChildren() ?? [], []);
    });
  });

  describe('a sweep whose learner file does not compile', function () {
    const broken = () => path.join(workspaceDir(), 'broken-sweep.ts');
    after(() => fs.rmSync(broken(), { force: true }));

    it('stops after the first runs with the error at its line, as a diagnostic; the next sweep works', async function () {
      this.timeout(120_000);
      const source = read(solutionOf('learning-rates')).replace('export function createModel() {', 'export function createModel() {\n  const = 1;');
      fs.writeFileSync(broken(), source);
      const line = source.split('\n').findIndex((l) => l.includes('const = 1;')) + 1;
      const sweep = await runSweep({ file: broken(), exerciseDir: dirOf('learning-rates'), prediction: 'none' });
      assert.equal(sweep?.error?.kind, 'syntax', describeSweep(sweep));
      assert.equal(sweep.error.location?.line, line);
      assert.ok(sweep.runs.length < 20, `stopped early, after ${sweep.runs.length} runs`);
      const diagnostics = await waitFor('a diagnostic', () => { const d = vscode.languages.getDiagnostics(vscode.Uri.file(broken())); return d.length > 0 && d; }, 5_000);
      assert.equal(diagnostics[0].range.start.line, line - 1);
      assert.deepEqual(trainerChildren() ?? [], []);
    });
  });

  describe('the sweep views of the Experiment panel (browser)', function () {
    const predictions: Record<SweepExerciseId, SweepShape> = {
      'learning-rates': 'bimodal',
      'hidden-units': 'rising',
      'breadth-vs-depth': 'rising',
      'minibatch-size': 'falling',
      'linear-vs-nonlinear': 'flat',
    };
    for (const id of SWEEP_EXERCISES) {
      it(`shows the ${id} reference sweep: outcome plot, curves, checks, prediction (browser)`, async function () {
        if (!hasPage()) this.skip();
        this.timeout(300_000);
        let sweep = finished.get(id);
        if (!sweep) {
          sweep = await runSweep({ file: solutionOf(id), exerciseDir: dirOf(id), prediction: { shape: predictions[id] } });
          assert.equal(sweep?.passed, true, describeSweep(sweep));
          finished.set(id, sweep);
        } else {
          await vscode.commands.executeCommand('dlExercises.showPanel');
          await askPage('showSweep', { sweepId: sweep.id });
        }
        await focusExperimentPanel();
        const facts = (await askPage<SweepFacts>('inspectSweep', { sweepId: sweep.id, total: sweep.runs.length, screenshot: `sweep-${id}.png` }, 90_000))!;
        assert.equal(facts.status, 'completed');
        assert.equal(facts.done, sweep.runs.length);
        assert.equal(facts.total, sweep.runs.length);
        assert.equal(facts.verdictPassed, 'true', facts.verdict);
        const checks = sweep.checks!;
        assert.equal(facts.checks.length, checks.length);
        checks.forEach((check, i) => assert.ok(facts.checks[i].text.includes(check.name) && facts.checks[i].passed === 'true', `check ${i} "${check.name}": ${JSON.stringify(facts.checks[i])}`));
        drawn(facts, 'sweep-outcome-chart');
        drawn(facts, 'sweep-curves-chart');
        assert.equal(facts.predictionMatch, String(predictionMatches(sweep.prediction!.shape, sweep.summary!.shape)), facts.predictionText);
        assert.ok(facts.predictionText.includes(sweep.prediction!.shape) && facts.predictionText.includes(sweep.summary!.shape.shape), facts.predictionText);
        assert.ok(facts.backend.includes(sweep.runs[0].backend!), `the backend is named: ${facts.backend}`);
        if (sweep.threshold !== undefined) {
          assert.ok(facts.fraction !== null && Math.abs(facts.fraction - sweep.summary!.overall.fractionAbove!) < 1e-9, `fraction above: ${facts.fraction}`);
        }
        if (sweep.axes.length === 2) {
          assert.equal(facts.heatmapCells, sweep.axes[0].values.length * sweep.axes[1].values.length, 'one heatmap cell per setting');
        }
        if (sweep.summary!.parameters) drawn(facts, 'sweep-parameters-chart');
        assert.ok(facts.tableRows > 0);
      });
    }

    it('compares the latest sweep with an earlier one (browser)', async function () {
      if (!hasPage()) this.skip();
      this.timeout(120_000);
      const latest = await runSweep({ file: solutionOf('minibatch-size'), exerciseDir: dirOf('minibatch-size'), prediction: { shape: 'falling' }, seed: 2 });
      assert.equal(latest?.status, 'completed', describeSweep(latest));
      await focusExperimentPanel();
      const earlier = finished.get('minibatch-size');
      const facts = (await askPage<{ text: string }>('compareSweeps', { sweepId: earlier?.id, screenshot: 'sweep-compare.png' }, 60_000))!;
      assert.match(facts.text, /earlier/i);
      await vscode.commands.executeCommand('dlExercises.showPanel');
    });

    it('publishes the sweep checks to the Test Explorer (browser)', async function () {
      if (!hasPage()) this.skip();
      await vscode.commands.executeCommand('workbench.view.testing.focus');
      // Not learning-rates: its last sweep is the broken file's (an error) in a full run, and a
      // passing one when --grep leaves that test out.
      const passing = SWEEP_EXERCISES.filter((id) => id !== 'learning-rates');
      const titles = passing.map((id) => declared(id).title);
      const view = (await askPage<{ rows: { label: string; state: string }[] }>('testRows', { expect: titles, collapse: true, expand: [declared('hidden-units').title], screenshot: 'test-explorer-sweeps.png' }))!;
      for (const title of titles) assert.ok(view.rows.some((r) => r.label === title && r.state === 'passed'), `"${title}" passed: ${JSON.stringify(view.rows)}`);
      const check = declared('hidden-units').sweepChecks[0].name!;
      assert.ok(view.rows.some((r) => r.label === check && r.state === 'passed'), `sweep check "${check}" passed: ${JSON.stringify(view.rows)}`);
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
    });
  });
});
