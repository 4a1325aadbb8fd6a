// The learner flow in a trusted workspace that holds a copy of the dudl-ann pack, in a real
// VS Code (desktop through @vscode/test-electron, or code-server in Chromium through
// test/e2e/harness.mjs). Tests run in order and build on each other (the learner file).
// The `(browser)` tests ask the page (test/e2e/dlx-on-page.mjs) and skip when there is none.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../../src/extension/extension';
import type { PanelSnapshot } from '../../../src/shared/panelProtocol';
import {
  EXERCISES,
  PACK_NAME,
  activated,
  describeSnapshot,
  exerciseDir,
  isAlive,
  learnerFile,
  packDir,
  read,
  refresh,
  runExperiment,
  sleep,
  stubMessages,
  stubWarnings,
  trainerChildren,
  waitFor,
  workspaceDir,
  type ExerciseId,
} from './helpers';
import { askPage, ensurePanelLoaded, focusExperimentPanel, hasPage, type CanvasFacts } from './page';

/** The packs the extension ships in its exercises folder, in the catalog's order. */
const BUNDLED_PACKS = ['dudl-ann', 'dudl-gradient-descent', 'dudl-metaparams', 'dudl-regularization'];

const TITLES: Record<ExerciseId, string> = {
  'many-qwerties': 'Many qwerties!',
  'seq-to-class': 'Convert nn.Sequential to class',
  'predict-sugar': 'Predict sugar',
};

function solution(id: ExerciseId): string {
  return path.join(exerciseDir(id), 'solution.ts');
}

function starter(id: ExerciseId): string {
  return path.join(exerciseDir(id), 'starter.ts');
}

/** The check names the exercise declares (exercise.json), in order. */
function checkNames(id: ExerciseId): string[] {
  const declared = JSON.parse(read(path.join(exerciseDir(id), 'exercise.json'))) as { checks: { name?: string }[] };
  return declared.checks.map((check) => check.name ?? '');
}

function confusionTotal(s: PanelSnapshot): number {
  const evaluation = s.result?.evaluation;
  assert.equal(evaluation?.kind, 'confusion', 'a classification run ends with a confusion matrix');
  return evaluation.matrix.flat().reduce((sum, n) => sum + n, 0);
}

type PanelFacts = {
  title: string;
  status: string;
  verdict: string;
  verdictPassed: string | null;
  checks: { passed: string | null; text: string }[];
  canvases: CanvasFacts[];
  confusion?: { rows: number; cols: number; counts: number[][]; total: number };
  scatterNote?: string;
  screenshot: string;
};

describe('DL Exercises in a trusted workspace', function () {
  let api: TestApi;

  before(async function () {
    assert.equal(vscode.workspace.isTrusted, true, 'this suite needs a trusted workspace (the runner passes --disable-workspace-trust)');
    api = await activated();
    // A clean slate for the learner files the tests create (a reused workspace folder).
    for (const id of EXERCISES) fs.rmSync(learnerFile(id), { force: true });
  });

  describe('activation and the exercises view', function () {
    it('activates on a workspace that holds an exercise pack', async function () {
      assert.ok(fs.existsSync(path.join(packDir(), 'pack.json')), 'the runner copies the pack into the workspace');
      const ext = vscode.extensions.getExtension('dl-exercises.dl-exercises')!;
      assert.equal(ext.isActive, true);
      assert.equal(api.trainerPid, undefined, 'no experiment runs yet');
      const commands = await vscode.commands.getCommands(true);
      for (const id of ['openExercise', 'runExperiment', 'stopExperiment', 'resetExercise', 'showPanel', 'refresh']) {
        assert.ok(commands.includes(`dlExercises.${id}`), `command dlExercises.${id} is registered`);
      }
    });

    it('Refresh returns the workspace pack and the four bundled packs with their exercises', async function () {
      const entries = await refresh();
      assert.deepEqual(entries.map((e) => `${e.bundled ? 'bundled' : 'workspace'} ${e.pack?.name}`), [`workspace ${PACK_NAME}`, ...BUNDLED_PACKS.map((name) => `bundled ${name}`)], `packs: ${entries.map((e) => e.dir).join(', ')}`);
      const [workspace, bundled] = entries;
      assert.equal(workspace.dir, packDir());
      assert.equal(workspace.bundled, false);
      assert.equal(workspace.error, undefined);
      assert.equal(workspace.pack?.name, PACK_NAME);
      // (the pack may grow: the three this suite uses are there, in this order)
      const ours = workspace.pack.exercises.filter((e) => (EXERCISES as readonly string[]).includes(e.id));
      assert.deepEqual(ours.map((e) => e.id), [...EXERCISES]);
      assert.deepEqual(ours.map((e) => e.dir), EXERCISES.map((id) => exerciseDir(id)));
      assert.deepEqual(ours.map((e) => e.title), EXERCISES.map((id) => TITLES[id]));
      assert.equal(bundled.bundled, true);
      assert.equal(bundled.pack?.name, PACK_NAME);
    });

    it('the Exercises view lists the packs and their exercises (browser)', async function () {
      if (!hasPage()) this.skip();
      await vscode.commands.executeCommand('workbench.view.extension.dlExercises');
      const view = await askPage<{ rows: string[] }>('treeRows', { container: 'dlExercises', expect: Object.values(TITLES) });
      // Screen-reader labels of the rows: the pack (title, where it comes from, description), then its exercises.
      const rows = view!.rows;
      const packs = rows.filter((row) => row.startsWith('A deep understanding of deep learning: ANNs, '));
      assert.deepEqual(packs.map((row) => row.split(', ')[1].split(':')[0]), [PACK_NAME, 'bundled'], `a workspace pack and the bundled one in ${JSON.stringify(rows)}`);
      for (const title of Object.values(TITLES)) {
        assert.equal(rows.filter((row) => row.startsWith(title)).length, 2, `"${title}" once per pack in ${JSON.stringify(rows)}`);
      }
      // The later bundled packs are listed, folded: their exercises wait until the learner opens them.
      assert.ok(rows.some((row) => row.startsWith('A deep understanding of deep learning: overfitting and regularization, bundled')), `the regularization pack in ${JSON.stringify(rows)}`);
      assert.ok(!rows.some((row) => row.startsWith('Dropout on iris')), `its exercises folded: ${JSON.stringify(rows)}`);
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
    });
  });

  describe('Open Exercise', function () {
    it('creates the learner file from the starter and shows it next to the instructions', async function () {
      const file = learnerFile('many-qwerties');
      assert.equal(fs.existsSync(file), false);
      const uri = await vscode.commands.executeCommand<vscode.Uri>('dlExercises.openExercise', exerciseDir('many-qwerties'));
      assert.equal(uri?.fsPath, file);
      assert.equal(read(file), read(starter('many-qwerties')));
      // The focus is in the learner file, ready for typing; the instructions are beside it.
      const editor = await waitFor('the learner file in the active editor', () => (vscode.window.activeTextEditor?.document.uri.fsPath === file ? vscode.window.activeTextEditor : undefined));
      assert.equal(editor.viewColumn, vscode.ViewColumn.One);
      assert.equal(vscode.window.tabGroups.activeTabGroup.viewColumn, vscode.ViewColumn.One, 'the focus is not on the preview');
      const readme = path.join(exerciseDir('many-qwerties'), 'README.md');
      const preview = vscode.window.tabGroups.all.find((group) => group.tabs.some((tab) => tab.input instanceof vscode.TabInputCustom && tab.input.viewType === 'vscode.markdown.preview.editor' && tab.input.uri.fsPath === readme));
      assert.ok(preview, `the instructions are open: ${JSON.stringify(vscode.window.tabGroups.all.map((g) => g.tabs.map((t) => t.label)))}`);
      assert.notEqual(preview.viewColumn, vscode.ViewColumn.One, 'beside the learner file');
    });

    it('never overwrites an existing learner file', async function () {
      const file = learnerFile('many-qwerties');
      const edited = `${read(file)}\n// the learner's own note\n`;
      fs.writeFileSync(file, edited);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const uri = await vscode.commands.executeCommand<vscode.Uri>('dlExercises.openExercise', exerciseDir('many-qwerties'));
      assert.equal(uri?.fsPath, file);
      assert.equal(read(file), edited, 'Open Exercise kept the learner file as it was');
      // The editor catches up with the file on disk once the file watcher reports the change.
      await waitFor('the editor to show the learner file as it is on disk', () => vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file)?.getText() === edited, 10_000);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });
  });

  describe('Show Instructions', function () {
    it("opens the instructions of the file's exercise beside it, the focus staying in the file", async function () {
      const file = learnerFile('many-qwerties');
      if (!fs.existsSync(file)) await vscode.commands.executeCommand('dlExercises.openExercise', exerciseDir('many-qwerties'));
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.window.showTextDocument(vscode.Uri.file(file), { viewColumn: vscode.ViewColumn.One, preview: false });
      // What the panel's Instructions link sends: the run's learner file.
      const readme = await vscode.commands.executeCommand<string>('dlExercises.openInstructions', vscode.Uri.file(file));
      assert.equal(readme, path.join(exerciseDir('many-qwerties'), 'README.md'));
      const tab = await waitFor('the instructions', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.fsPath === readme));
      assert.notEqual(tab.group.viewColumn, vscode.ViewColumn.One, 'beside the file');
      assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, file);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });
  });

  describe('the editor knows tfjs in the learner file', function () {
    it("Open Exercise sets up the tfjs declarations: `tf.sequential` goes to its definition, no \"Cannot find module\"", async function () {
      this.timeout(120_000);
      const file = learnerFile('many-qwerties');
      if (!fs.existsSync(file)) await vscode.commands.executeCommand('dlExercises.openExercise', exerciseDir('many-qwerties'));
      assert.ok(fs.existsSync(path.join(workspaceDir(), 'tsconfig.json')), 'a tsconfig.json for the learner folder');
      assert.ok(fs.existsSync(path.join(workspaceDir(), '.dlx', 'types', 'tfjs.d.ts')), 'the tfjs declarations under .dlx/types');
      const uri = vscode.Uri.file(file);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: false });
      const at = doc.getText().indexOf('tf.sequential(');
      assert.ok(at > 0, 'the starter calls tf.sequential');
      const position = doc.positionAt(at + 'tf.'.length + 2);
      // The TypeScript server starts lazily: ask until it answers with the declaration.
      const targets = await waitFor('the TypeScript server to resolve tf.sequential', async () => {
        const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', uri, position);
        const files = (found ?? []).map((l) => ('targetUri' in l ? l.targetUri : l.uri).fsPath);
        return files.length > 0 ? files : undefined;
      }, 90_000, 1000);
      assert.ok(targets.some((t) => t.startsWith(path.join(workspaceDir(), '.dlx', 'types') + path.sep)), `definition in .dlx/types: ${targets.join(', ')}`);
      // The file's first diagnostics may predate the project the server then loaded: they are replaced within seconds.
      const missing = () => vscode.languages.getDiagnostics(uri).filter((d) => /Cannot find module/.test(d.message)).map((d) => d.message);
      await waitFor('the diagnostics to drop "Cannot find module"', () => missing().length === 0, 30_000, 250).catch(() => undefined);
      assert.deepEqual(missing(), []);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });
  });

  describe('Run Experiment', function () {
    it('trains a reference solution: progress, a final result and passing checks', async function () {
      const snapshot = await runExperiment({ file: solution('many-qwerties'), exerciseDir: exerciseDir('many-qwerties'), epochs: 2000 });
      assert.ok(snapshot, 'runExperiment returns the final snapshot');
      assert.equal(snapshot.status, 'completed', describeSnapshot(snapshot));
      assert.equal(snapshot.learnerFile, solution('many-qwerties'));
      assert.equal(snapshot.run?.exercise, 'many-qwerties');
      assert.equal(snapshot.run?.settings.epochs, 2000, 'the epoch override reached the trainer');
      // progress: every epoch arrived, in order
      assert.equal(snapshot.epochs.length, 2000);
      assert.ok(snapshot.epochs.every((e, i) => e.epoch === i + 1), 'epochs 1..2000 in order');
      assert.equal(snapshot.latest?.epoch, 2000);
      assert.ok(snapshot.epochs[1999].train.loss < snapshot.epochs[0].train.loss, 'the loss went down');
      // the result and its checks
      const result = snapshot.result!;
      assert.equal(result.epochs, 2000);
      assert.equal(result.passed, true, describeSnapshot(snapshot));
      assert.deepEqual(result.checks.map((c) => c.name), checkNames('many-qwerties'));
      assert.ok(result.checks.every((c) => c.passed && c.message.length > 0), describeSnapshot(snapshot));
      assert.ok(result.metrics.train.accuracy! >= 0.9);
      assert.equal(confusionTotal(snapshot), 300, '3 clusters x 100 points, testFraction 0');
      assert.equal(api.trainerPid, undefined, 'the trainer is gone after the run');
      // the run is recorded in the workspace
      const runs = fs.readdirSync(path.join(workspaceDir(), '.dlx', 'runs'));
      assert.ok(runs.some((name) => name.includes(`many-qwerties-${snapshot.runId}`)), `run record in ${runs.join(', ')}`);
    });

    it('trains the starter: failing checks, each with a message', async function () {
      // The learner file is still the starter (plus a comment, see Open Exercise).
      const snapshot = await runExperiment({ exerciseDir: exerciseDir('many-qwerties'), epochs: 50 });
      assert.ok(snapshot);
      assert.equal(snapshot.learnerFile, learnerFile('many-qwerties'));
      assert.equal(snapshot.status, 'completed', describeSnapshot(snapshot));
      const result = snapshot.result!;
      assert.equal(result.passed, false);
      assert.deepEqual(result.checks.map((c) => c.name), checkNames('many-qwerties'));
      for (const check of result.checks) {
        assert.equal(check.passed, false, `${check.name} fails on the starter (two classes, one output unit, 50 epochs)`);
        assert.ok(check.message.length > 10, `${check.name} says why: "${check.message}"`);
      }
      const classes = result.checks.find((c) => c.name === 'three qwerty clusters');
      assert.match(classes?.message ?? '', /\b2\b.*\b3\b/, 'says it has 2 classes and needs 3');
    });

    // The three panels as rendered: charts drawn, checks and verdict shown, the evaluation.
    const panelRuns: { id: ExerciseId; epochs: number }[] = [
      { id: 'many-qwerties', epochs: 2000 },
      { id: 'seq-to-class', epochs: 1000 },
      { id: 'predict-sugar', epochs: 1000 },
    ];
    for (const { id, epochs } of panelRuns) {
      it(`shows the ${id} reference run in the Experiment panel: curves, checks, verdict, evaluation (browser)`, async function () {
        if (!hasPage()) this.skip();
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        const snapshot = await runExperiment({ file: solution(id), exerciseDir: exerciseDir(id), epochs });
        assert.equal(snapshot?.result?.passed, true, describeSnapshot(snapshot));
        await focusExperimentPanel();
        const facts = (await askPage<PanelFacts>('inspectPanel', { exercise: id, runId: snapshot.runId, screenshot: `panel-${id}.png` }, 90_000))!;
        assert.equal(facts.status, 'completed');
        assert.equal(facts.verdictPassed, 'true');
        const checks = checkNames(id).length;
        assert.equal(facts.verdict, `Passed, ${checks}/${checks} checks`);
        assert.equal(facts.checks.length, checks);
        assert.ok(facts.checks.every((c) => c.passed === 'true'), JSON.stringify(facts.checks));
        snapshot.result!.checks.forEach((check, i) => assert.ok(facts.checks[i].text.includes(check.name), `check ${i} shows "${check.name}": ${facts.checks[i].text}`));
        for (const testid of ['loss-chart', 'metric-chart']) {
          const canvas = facts.canvases.find((c) => c.testid === testid);
          assert.ok(canvas && canvas.width > 100 && canvas.height > 50, `${testid} has a size: ${JSON.stringify(canvas)}`);
          assert.ok(canvas.painted > 1000, `${testid} is drawn: ${JSON.stringify(canvas)}`);
          assert.ok(canvas.colored > 100, `${testid} has coloured (curve) pixels: ${JSON.stringify(canvas)}`);
        }
        if (id === 'predict-sugar') {
          const scatter = facts.canvases.find((c) => c.testid === 'scatter-chart');
          assert.ok(scatter && scatter.colored > 100, `the scatter plot is drawn: ${JSON.stringify(scatter)}`);
          assert.match(facts.scatterNote ?? '', /^r = 0\.\d+ on the test split/);
        } else {
          const classes = id === 'many-qwerties' ? 3 : 2;
          const total = confusionTotal(snapshot);
          assert.equal(total, classes * 100);
          assert.ok(facts.confusion, 'the confusion matrix is shown');
          assert.equal(facts.confusion.rows, classes);
          assert.equal(facts.confusion.cols, classes);
          assert.equal(facts.confusion.total, total, `the cells add up to the evaluated set: ${JSON.stringify(facts.confusion.counts)}`);
          const evaluation = snapshot.result!.evaluation;
          assert.ok(evaluation.kind === 'confusion');
          assert.deepEqual(facts.confusion.counts, evaluation.matrix);
        }
      });
    }

    it("the panel's Instructions link opens the README of the run's exercise (browser)", async function () {
      if (!hasPage()) this.skip();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      // Enough epochs to pass: the Test Explorer test below expects the latest run of each exercise to pass.
      const snapshot = await runExperiment({ file: solution('many-qwerties'), exerciseDir: exerciseDir('many-qwerties'), epochs: 2000 });
      assert.equal(snapshot?.result?.passed, true, describeSnapshot(snapshot));
      await focusExperimentPanel();
      await askPage('clickInPanel', { testid: 'instructions' }, 30_000);
      const readme = path.join(exerciseDir('many-qwerties'), 'README.md');
      await waitFor('the instructions', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.fsPath === readme), 20_000);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('publishes the checks to the Test Explorer (browser)', async function () {
      if (!hasPage()) this.skip();
      await vscode.commands.executeCommand('workbench.view.testing.focus');
      // The page expands the exercises that have a result and reads the rows (label, state icon).
      const view = (await askPage<{ rows: { label: string; state: string; description: string }[] }>('testRows', { expect: Object.values(TITLES) }))!;
      const rowsOf = (title: string) => view.rows.filter((r) => r.label === title);
      for (const title of Object.values(TITLES)) {
        assert.ok(rowsOf(title).some((r) => r.state === 'passed'), `"${title}" passed in the Test Explorer: ${JSON.stringify(view.rows)}`);
      }
      for (const title of Object.values(TITLES)) {
        // descriptions: "<id>" or "<id> (bundled)", plus ": <duration>" after a run
        const descriptions = rowsOf(title).map((r) => r.description.replace(/: [^:]*$/, ''));
        assert.equal(new Set(descriptions).size, descriptions.length, `the workspace's and the bundled "${title}" look different: ${JSON.stringify(descriptions)}`);
      }
      for (const check of ['three qwerty clusters', 'the model is a class', 'predicts residual sugar', 'test correlation']) {
        assert.ok(rowsOf(check).some((r) => r.state === 'passed'), `check "${check}" passed: ${JSON.stringify(view.rows)}`);
      }
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
    });
  });

  describe('Stop Experiment', function () {
    async function startLongRun(): Promise<{ run: Promise<PanelSnapshot | undefined>; pid: number }> {
      const run = runExperiment({ file: solution('many-qwerties'), exerciseDir: exerciseDir('many-qwerties'), epochs: 1_000_000 });
      const pid = await waitFor('the trainer process', () => api.trainerPid, 20_000);
      assert.ok(isAlive(pid));
      if (trainerChildren()) assert.deepEqual(trainerChildren(), [pid], 'exactly one trainer, a child of the extension host');
      await sleep(1500); // compiled, data made, training
      return { run, pid };
    }

    it('ends a long run within 1 s and leaves no trainer process behind', async function () {
      const { run, pid } = await startLongRun();
      const t0 = Date.now();
      await vscode.commands.executeCommand('dlExercises.stopExperiment');
      const snapshot = await run;
      const elapsed = Date.now() - t0;
      console.log(`        Stop Experiment: the run ended ${elapsed} ms after the command, at epoch ${snapshot?.latest?.epoch}`);
      assert.ok(elapsed < 1000, `the run ended ${elapsed} ms after Stop`);
      assert.equal(isAlive(pid), false, `trainer ${pid} is gone`);
      assert.deepEqual(trainerChildren() ?? [], []);
      assert.equal(api.trainerPid, undefined);
      assert.ok(snapshot);
      assert.equal(snapshot.status, 'stopped', describeSnapshot(snapshot));
      assert.ok(snapshot.latest && snapshot.latest.epoch > 0 && snapshot.latest.epoch < 1_000_000, describeSnapshot(snapshot));
    });

    it('Run Experiment during a run stops that run first; each run keeps its own result', async function () {
      const first = await startLongRun();
      const second = await runExperiment({ file: solution('seq-to-class'), exerciseDir: exerciseDir('seq-to-class'), epochs: 100 });
      const stopped = await first.run;
      assert.equal(isAlive(first.pid), false, `the first trainer ${first.pid} is gone`);
      assert.deepEqual(trainerChildren() ?? [], []);
      // the second run, complete
      assert.equal(second?.status, 'completed', describeSnapshot(second));
      assert.equal(second.run?.exercise, 'seq-to-class');
      assert.equal(second.latest?.epoch, 100);
      assert.equal(second.learnerFile, solution('seq-to-class'));
      // the first run: stopped, with its own progress and settings
      assert.ok(stopped, 'the first run returns its snapshot');
      assert.notEqual(stopped.runId, second.runId);
      assert.equal(stopped.status, 'stopped', describeSnapshot(stopped));
      assert.equal(stopped.run?.exercise, 'many-qwerties', 'the first snapshot keeps its run');
      assert.equal(stopped.learnerFile, solution('many-qwerties'));
      assert.ok((stopped.latest?.epoch ?? 0) > 0 && stopped.epochs.length > 0, `the first snapshot keeps its epochs: ${describeSnapshot(stopped)}`);
      // both are recorded under their exercise
      const runs = fs.readdirSync(path.join(workspaceDir(), '.dlx', 'runs'));
      assert.ok(runs.some((name) => name.endsWith(`many-qwerties-${stopped.runId}.json`)), `record of the first run in ${runs.join(', ')}`);
      assert.ok(runs.some((name) => name.endsWith(`seq-to-class-${second.runId}.json`)), `record of the second run in ${runs.join(', ')}`);
      // the panel shows the second run, not the first one's late "stopped"
      if (hasPage()) {
        await ensurePanelLoaded();
        const shown = (await askPage<{ status: string; runId: string }>('panelStatus', { runId: second.runId, status: 'completed' }))!;
        assert.equal(shown.runId, second.runId);
        assert.equal(shown.status, 'completed');
      }
    });

    it('two Run Experiment requests during a run (a double click): one trainer at a time, the last request wins', async function () {
      const first = await startLongRun();
      const second = runExperiment({ file: solution('many-qwerties'), exerciseDir: exerciseDir('many-qwerties'), epochs: 1_000_000 });
      const third = await runExperiment({ file: solution('seq-to-class'), exerciseDir: exerciseDir('seq-to-class'), epochs: 100 });
      assert.equal(third?.status, 'completed', describeSnapshot(third));
      const left = trainerChildren() ?? [];
      if (left.length > 0) left.forEach((pid) => process.kill(pid, 'SIGKILL')); // don't leave it to the next test
      assert.deepEqual(left, [], 'no trainer of an earlier request still runs after the last request finished');
      const secondSnapshot = await second;
      assert.ok(secondSnapshot?.status === 'stopped' || secondSnapshot?.status === 'failed', `the second request was replaced: ${describeSnapshot(secondSnapshot)}`);
      assert.equal((await first.run)?.status, 'stopped');
      assert.equal(isAlive(first.pid), false);
      assert.deepEqual(trainerChildren() ?? [], [], 'no trainer left running');
      assert.equal(api.trainerPid, undefined);
    });

    it('shows its progress in the panel and the status bar, with no toast over the panel (browser)', async function () {
      if (!hasPage()) this.skip();
      const { run } = await startLongRun();
      await focusExperimentPanel();
      const shown = (await askPage<{ toasts: string[]; statusBar: string[]; epoch: string }>('runProgress', { includes: 'Many qwerties' }, 45_000))!;
      await vscode.commands.executeCommand('dlExercises.stopExperiment');
      await run;
      console.log(`        progress: status bar ${JSON.stringify(shown.statusBar)}, panel ${JSON.stringify(shown.epoch)}, toasts ${JSON.stringify(shown.toasts)}`);
      assert.deepEqual(shown.toasts.filter((text) => /training|epoch/i.test(text)), [], 'no progress toast');
      assert.equal(shown.statusBar.length, 1, 'one status bar item for the run');
      assert.match(shown.statusBar[0], /\d+\/1000000/, 'the status bar counts epochs');
      assert.match(shown.epoch, /\d/, 'the panel counts epochs');
    });

    it("the panel's Stop button ends a run within 1 s too (browser)", async function () {
      if (!hasPage()) this.skip();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const { run, pid } = await startLongRun();
      await focusExperimentPanel();
      const clicked = (await askPage<{ clickedAt: number }>('clickStop', {}, 30_000))!;
      const snapshot = await run;
      const elapsed = Date.now() - clicked.clickedAt;
      console.log(`        Stop button: the run ended ${elapsed} ms after the click, at epoch ${snapshot?.latest?.epoch}`);
      assert.ok(elapsed < 1000, `the run ended ${elapsed} ms after the click`);
      assert.equal(isAlive(pid), false, `trainer ${pid} is gone`);
      assert.equal(snapshot?.status, 'stopped', describeSnapshot(snapshot));
      const shown = (await askPage<{ status: string }>('panelStatus', { runId: snapshot.runId, status: 'stopped' }))!;
      assert.equal(shown.status, 'stopped');
    });
  });

  describe('learner code that misbehaves leaves the extension working', function () {
    const limits = () => vscode.workspace.getConfiguration('dlExercises');
    const misbehaving = (body: string) => {
      const file = path.join(workspaceDir(), 'misbehaving.ts');
      fs.writeFileSync(file, read(solution('many-qwerties')).replace('export function createModel() {', `export function createModel() { ${body}`));
      return file;
    };
    async function expectFailureThenRecovery(body: string, kind: string, message: RegExp): Promise<void> {
      const failed = await runExperiment({ file: misbehaving(body), exerciseDir: exerciseDir('many-qwerties') });
      assert.equal(failed?.status, 'failed', describeSnapshot(failed));
      assert.equal(failed.error?.kind, kind, failed.error?.message);
      assert.match(failed.error!.message, message);
      assert.equal(api.trainerPid, undefined);
      assert.deepEqual(trainerChildren() ?? [], [], 'no trainer left behind');
      const next = await runExperiment({ file: solution('many-qwerties'), exerciseDir: exerciseDir('many-qwerties'), epochs: 50 });
      assert.equal(next?.status, 'completed', `the next run works: ${describeSnapshot(next)}`);
    }

    before(async function () {
      await limits().update('limits.timeoutSeconds', 3, vscode.ConfigurationTarget.Workspace);
      await limits().update('limits.memoryMb', 160, vscode.ConfigurationTarget.Workspace);
    });
    after(async function () {
      await limits().update('limits.timeoutSeconds', undefined, vscode.ConfigurationTarget.Workspace);
      await limits().update('limits.memoryMb', undefined, vscode.ConfigurationTarget.Workspace);
      fs.rmSync(path.join(workspaceDir(), 'misbehaving.ts'), { force: true });
    });

    it('an infinite loop is stopped at the time limit (setting: 3 s)', async function () {
      await expectFailureThenRecovery('while (true) {}', 'timeout', /time limit of 3 s/);
    });

    it('a memory bomb is stopped at the memory cap (setting: 160 MB)', async function () {
      await expectFailureThenRecovery('const hoard: number[][] = []; for (;;) hoard.push(new Array(1e6).fill(1));', 'crash', /ran out of memory \(limit 160 MB\)/);
    });

    it('process.exit in learner code ends only its trainer', async function () {
      await expectFailureThenRecovery('process.exit(7);', 'crash', /exited with code 7/);
    });
  });

  describe('a learner file with a syntax error', function () {
    const broken = [
      "import * as tf from '@tensorflow/tfjs';",
      '',
      'export const experiment = {',
      "  data: { kind: 'clusters', centers: [[1, 1], [5, 1], [3, -2]], perCluster: 100, blur: 1 },",
      "  loss: 'crossEntropy',",
      '};',
      '',
      'export function createModel() {',
      '  const oops = [1, 2;',
      "  return tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [2] })] });",
      '}',
      '',
    ].join('\n');

    /** Replaces the whole text of the learner file in its editor, without saving. */
    async function typeIntoEditor(file: string, text: string): Promise<vscode.TextEditor> {
      const editor = await vscode.window.showTextDocument(vscode.Uri.file(file), { viewColumn: vscode.ViewColumn.One, preview: false });
      const all = new vscode.Range(0, 0, editor.document.lineCount, 0);
      assert.ok(await editor.edit((edit) => edit.replace(all, text)));
      assert.equal(editor.document.isDirty, true);
      return editor;
    }

    it('is saved by Run Experiment and yields a diagnostic at the line of the error', async function () {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const file = learnerFile('many-qwerties');
      const uri = vscode.Uri.file(file);
      const editor = await typeIntoEditor(file, broken);
      const snapshot = await runExperiment({ exerciseDir: exerciseDir('many-qwerties'), epochs: 20 });
      assert.equal(editor.document.isDirty, false, 'Run Experiment saved the file first');
      assert.equal(read(file), broken);
      assert.ok(snapshot, 'a failed run still returns its snapshot');
      assert.equal(snapshot.status, 'failed');
      assert.equal(snapshot.error?.kind, 'syntax', describeSnapshot(snapshot));
      assert.equal(snapshot.error.location?.file, file);
      assert.equal(snapshot.error.location?.line, 9);
      assert.equal(snapshot.error.location?.column, 21);
      const diagnostics = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'DL Exercises');
      assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
      assert.equal(diagnostics[0].range.start.line, 8, 'line 9 (0-based 8)');
      assert.equal(diagnostics[0].range.start.character, 20, 'column 21 (0-based 20)');
      assert.equal(diagnostics[0].severity, vscode.DiagnosticSeverity.Error);
      assert.match(diagnostics[0].message, /Expected "]"/);
      assert.equal(api.trainerPid, undefined);
      assert.deepEqual(trainerChildren() ?? [], []);
    });

    it('the panel shows the error, and its location link opens the file at the line (browser)', async function () {
      if (!hasPage()) this.skip();
      const file = learnerFile('many-qwerties');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('dlExercises.showPanel');
      await ensurePanelLoaded();
      const shown = (await askPage<{ kind: string; message: string; location: string }>('clickErrorLocation'))!;
      assert.equal(shown.kind, 'syntax');
      assert.match(shown.message, /Expected "]"/);
      assert.equal(shown.location, 'many-qwerties.ts:9:21');
      const editor = await waitFor('the learner file in an editor', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === file), 10_000);
      await waitFor('the cursor at the error', () => editor.selection.active.line === 8 && editor.selection.active.character === 20, 5_000);
    });

    it('a shape error is a diagnostic at the inputShape of the first layer', async function () {
      const file = learnerFile('many-qwerties');
      const wrongShape = read(starter('many-qwerties')).replace('inputShape: [2]', 'inputShape: [3]');
      const line = wrongShape.split('\n').findIndex((text) => text.includes('inputShape: [3]'));
      await typeIntoEditor(file, wrongShape);
      const snapshot = await runExperiment({ exerciseDir: exerciseDir('many-qwerties'), epochs: 20 });
      assert.equal(snapshot?.error?.kind, 'shape', describeSnapshot(snapshot));
      assert.match(snapshot.error.message, /set `inputShape: \[2\]` on the first layer/);
      assert.deepEqual(snapshot.error.location, { file, line: line + 1, column: wrongShape.split('\n')[line].indexOf('inputShape') + 1 });
      const diagnostics = vscode.languages.getDiagnostics(vscode.Uri.file(file)).filter((d) => d.source === 'DL Exercises');
      assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
      assert.equal(diagnostics[0].range.start.line, line);
      assert.equal(diagnostics[0].code, 'shape');
    });

    it('a fix typed into the editor clears the diagnostic, before any run', async function () {
      const file = learnerFile('many-qwerties');
      const uri = vscode.Uri.file(file);
      assert.equal(vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'DL Exercises').length, 1, 'the diagnostic of the last run');
      const editor = await typeIntoEditor(file, read(starter('many-qwerties')));
      assert.ok(await editor.document.save());
      await waitFor('the diagnostic to go', () => vscode.languages.getDiagnostics(uri).every((d) => d.source !== 'DL Exercises'), 5_000);
    });

    it('does not crash the extension: the fixed file trains and the diagnostic goes away', async function () {
      const file = learnerFile('many-qwerties');
      const editor = await typeIntoEditor(file, read(starter('many-qwerties')));
      assert.ok(await editor.document.save());
      const again = await runExperiment({ exerciseDir: exerciseDir('many-qwerties'), epochs: 20 });
      assert.equal(again?.status, 'completed', describeSnapshot(again));
      assert.deepEqual(vscode.languages.getDiagnostics(vscode.Uri.file(file)).filter((d) => d.source === 'DL Exercises'), []);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });
  });

  describe('an editor whose changes cannot be saved', function () {
    it('Run Experiment runs nothing and says why (the file changed on disk meanwhile)', async function () {
      const file = learnerFile('many-qwerties');
      const editor = await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
      await waitFor('the editor to show the file as on disk', () => !editor.document.isDirty && editor.document.getText() === read(file), 10_000);
      assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// typed in the editor\n')));
      const elsewhere = `${read(file)}// written by another program\n`;
      fs.writeFileSync(file, elsewhere);
      const errors = stubMessages('showErrorMessage');
      let snapshot: unknown;
      try {
        snapshot = await runExperiment({ exerciseDir: exerciseDir('many-qwerties'), epochs: 20 });
      } finally {
        errors.restore();
        await vscode.commands.executeCommand('workbench.action.files.revert').then(undefined, () => undefined);
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      }
      assert.equal(snapshot, undefined, 'nothing ran: it would have trained another version than the one on screen');
      assert.equal(api.trainerPid, undefined);
      assert.equal(read(file), elsewhere);
      assert.equal(errors.calls.length, 1, `the learner is told: ${JSON.stringify(errors.calls)}`);
      assert.match(errors.calls[0].message, /could not save many-qwerties\.ts/);
    });
  });

  describe('Reset Exercise', function () {
    const backups = () => fs.readdirSync(workspaceDir()).filter((name) => name.startsWith('many-qwerties.ts.') && name.endsWith('.bak'));
    before(async function () {
      // Self-contained (DLX_VSCODE_GREP): the learner file exists.
      if (!fs.existsSync(learnerFile('many-qwerties'))) await vscode.commands.executeCommand('dlExercises.openExercise', exerciseDir('many-qwerties'));
    });

    /** An editor on the file that shows what is on disk (the file watcher has caught up with earlier writes). */
    async function openInSync(file: string): Promise<vscode.TextEditor> {
      const editor = await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
      await waitFor('the editor to show the file as on disk', () => !editor.document.isDirty && editor.document.getText() === read(file), 10_000);
      return editor;
    }

    it('asks first, and keeps the learner file when the learner cancels', async function () {
      const file = learnerFile('many-qwerties');
      const mine = `${read(file)}\n// my work in progress\n`;
      fs.writeFileSync(file, mine);
      const before = backups();
      const stub = stubWarnings(() => undefined); // the learner closes the dialog
      let result: unknown;
      try {
        result = await vscode.commands.executeCommand('dlExercises.resetExercise', exerciseDir('many-qwerties'));
      } finally {
        stub.restore();
      }
      assert.equal(stub.calls.length, 1, 'one confirmation');
      assert.match(stub.calls[0].message, /^Reset "Many qwerties!"\?/);
      assert.deepEqual(stub.calls[0].args[0], { modal: true }, 'a modal dialog');
      assert.equal(stub.calls[0].args[1], 'Reset');
      assert.equal(result, undefined);
      assert.equal(read(file), mine, 'unchanged');
      assert.deepEqual(backups(), before, 'no backup made');
    });

    it('after confirmation saves the open editor, keeps a backup and restores the starter', async function () {
      const file = learnerFile('many-qwerties');
      // The learner has the file open with an unsaved change.
      const editor = await openInSync(file);
      assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(editor.document.lineCount, 0), '// not saved yet\n')));
      const mine = editor.document.getText();
      assert.notEqual(read(file), mine);
      const stub = stubWarnings((_message, args) => args[1]); // the learner clicks "Reset"
      let backup: string | undefined;
      try {
        backup = await vscode.commands.executeCommand<string | undefined>('dlExercises.resetExercise', exerciseDir('many-qwerties'));
      } finally {
        stub.restore();
      }
      assert.equal(stub.calls.length, 1, 'asked once');
      assert.ok(backup, 'returns the backup path');
      assert.equal(path.dirname(backup), workspaceDir(), 'the backup sits next to the learner file');
      assert.match(path.basename(backup), /^many-qwerties\.ts\..+\.bak$/);
      assert.equal(read(backup), mine, 'the backup holds the learner version, unsaved change included');
      assert.equal(read(file), read(starter('many-qwerties')), 'the learner file is the starter again');
      await waitFor('the editor to show the starter', () => !editor.document.isDirty && editor.document.getText() === read(starter('many-qwerties')), 10_000);
    });

    it('resets nothing when the open editor cannot be saved (the file changed on disk meanwhile)', async function () {
      const file = learnerFile('many-qwerties');
      const editor = await openInSync(file);
      assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// typed in the editor\n')));
      const typed = editor.document.getText();
      const elsewhere = `${read(file)}// written by another program\n`;
      await sleep(50);
      fs.writeFileSync(file, elsewhere); // now saving the editor is a conflict
      const before = backups();
      const warnings = stubWarnings((_message, args) => args[1]); // the learner clicks "Reset"
      const errors = stubMessages('showErrorMessage');
      let backup: unknown;
      try {
        backup = await vscode.commands.executeCommand('dlExercises.resetExercise', exerciseDir('many-qwerties'));
      } finally {
        warnings.restore();
        errors.restore();
        await vscode.commands.executeCommand('workbench.action.files.revert').then(undefined, () => undefined);
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      }
      assert.equal(backup, undefined, 'no reset');
      assert.deepEqual(backups(), before, 'no backup of a version that is not the one in the editor');
      assert.equal(read(file), elsewhere, 'the file on disk is untouched');
      assert.equal(errors.calls.length, 1, `the learner is told: ${JSON.stringify(errors.calls)}`);
      assert.match(errors.calls[0].message, /could not save/i);
      assert.notEqual(typed, elsewhere);
    });
  });
});
