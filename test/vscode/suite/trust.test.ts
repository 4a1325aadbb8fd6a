// What the learner sees when learner code tries to cheat or to leave the sandbox, through the
// real panel: a file that rewrites the trainer's report (process.send) gets a verdict the host's
// verifier overrules (src/host/verifyOutcome.ts), and a file that reads /etc/hostname gets the
// sandbox's runtime error at its line (src/host/sandbox.ts). The same learner files as the
// robustness catalogue's "forged results" and sandbox cases. Runs in the trusted workspace after
// trusted.test.ts; the `(browser)` parts ask the page (test/e2e/dlx-on-page.mjs).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PanelSnapshot } from '../../../src/shared/panelProtocol';
import { activated, describeSnapshot, exerciseDir, read, runExperiment, trainerChildren, waitFor, workspaceDir } from './helpers';
import { askPage, focusExperimentPanel, hasPage } from './page';
import { FORGE_FINISHED } from '../../helpers/learnerAttacks';

const TITLE = 'Many qwerties!';
const READ_HOSTNAME = "  process.getBuiltinModule('fs').readFileSync('/etc/hostname', 'utf8');";

type Row = { label: string; description: string; state: string; level: number };
type PanelFacts = { status: string; verdict: string; verdictPassed: string | null; checks: { passed: string | null; text: string }[]; checksNotice?: string };

/** The Test Explorer's row of the workspace's many-qwerties, once it shows `state`. */
async function testExplorerState(state: string, screenshot: string): Promise<Row> {
  await vscode.commands.executeCommand('workbench.view.testing.focus');
  const { rows } = (await askPage<{ rows: Row[] }>('testRows', { expect: [TITLE], state, collapse: true, expand: [], screenshot }))!;
  await vscode.commands.executeCommand('workbench.action.closeSidebar');
  const item = rows.find((r) => r.label === TITLE && !r.description.includes('(bundled)'));
  assert.ok(item, `the exercise in the Test Explorer: ${JSON.stringify(rows)}`);
  return item;
}

describe('learner code cannot forge its verdict or leave the sandbox', function () {
  const dir = () => exerciseDir('many-qwerties');
  const learner = (name: string, text: string) => {
    const file = path.join(workspaceDir(), name);
    fs.writeFileSync(file, text);
    return file;
  };
  const files = ['forging-qwerties.ts', 'escaping-qwerties.ts'];

  before(async function () {
    await activated();
  });
  after(function () {
    for (const name of files) fs.rmSync(path.join(workspaceDir(), name), { force: true });
  });

  describe('a file that rewrites process.send to report 100 % and every check passed', function () {
    let snapshot: PanelSnapshot | undefined;

    it('does not pass: the verifier finds a mismatch and adds a failing "results verified" check', async function () {
      // The starter (two clusters, one sigmoid unit) at 50 epochs cannot pass the three-cluster checks.
      const starter = read(path.join(dir(), 'starter.ts'));
      const forged = starter.replace('export function createModel() {', `${FORGE_FINISHED}\nexport function createModel() {`);
      assert.notEqual(forged, starter);
      snapshot = await runExperiment({ file: learner(files[0], forged), exerciseDir: dir(), epochs: 50 });
      assert.equal(snapshot?.status, 'completed', describeSnapshot(snapshot));
      const result = snapshot.result!;
      assert.equal(result.passed, false, describeSnapshot(snapshot));
      assert.equal(result.verification?.state, 'mismatch', JSON.stringify(result.verification));
      assert.match(result.verification.reason, /^the reported results do not match the trained model: train (loss|accuracy) reported/);
      const last = result.checks.at(-1)!;
      assert.equal(last.name, 'results verified');
      assert.equal(last.passed, false);
      assert.match(last.message, /The reported results do not match the trained model/);
      assert.ok((result.metrics.train.accuracy ?? 1) < 0.9, `the recomputed train accuracy, not the forged 100 %: ${result.metrics.train.accuracy}`);
    });

    it('the panel shows no pass, the failing "results verified" check and a notice that the results do not match (browser)', async function () {
      if (!hasPage()) this.skip();
      assert.ok(snapshot, 'the run of the previous test');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await focusExperimentPanel();
      const facts = (await askPage<PanelFacts>('inspectPanel', { exercise: 'many-qwerties', runId: snapshot.runId, screenshot: 'panel-tamper.png' }, 90_000))!;
      assert.equal(facts.status, 'completed');
      assert.notEqual(facts.verdictPassed, 'true', `verdict: ${facts.verdict}`);
      assert.doesNotMatch(facts.verdict, /^Passed/);
      const verified = facts.checks.find((c) => c.text.includes('results verified'));
      assert.ok(verified, `a "results verified" row: ${JSON.stringify(facts.checks)}`);
      assert.equal(verified.passed, 'false');
      assert.match(verified.text, /do not match the trained model/);
      assert.match(facts.checksNotice ?? '', /^Checks mismatch: the reported results do not match the trained model/, JSON.stringify(facts));
    });

    it('the Test Explorer shows the exercise failed (browser)', async function () {
      if (!hasPage()) this.skip();
      const item = await testExplorerState('failed', 'test-explorer-tamper.png');
      assert.equal(item.state, 'failed', JSON.stringify(item));
    });
  });

  describe("a file whose createModel reads /etc/hostname through process.getBuiltinModule('fs')", function () {
    const escaping = () => read(path.join(dir(), 'solution.ts')).replace('export function createModel() {', `export function createModel() {\n${READ_HOSTNAME}`);
    const line = () => escaping().split('\n').indexOf(READ_HOSTNAME) + 1;
    const column = READ_HOSTNAME.indexOf('readFileSync') + 1;
    let file = '';

    it('fails with the sandbox\'s runtime error at its line, as a diagnostic, and no pass', async function () {
      file = learner(files[1], escaping());
      assert.ok(line() > 0);
      const snapshot = await runExperiment({ file, exerciseDir: dir(), epochs: 50 });
      assert.equal(snapshot?.status, 'failed', describeSnapshot(snapshot));
      assert.equal(snapshot.result?.passed, undefined, 'no verdict at all');
      assert.equal(snapshot.error?.kind, 'runtime', describeSnapshot(snapshot));
      assert.match(snapshot.error.message, /Your code tried to read \/etc\/hostname, which the sandbox does not allow/);
      assert.deepEqual(snapshot.error.location, { file, line: line(), column });
      const diagnostics = vscode.languages.getDiagnostics(vscode.Uri.file(file)).filter((d) => d.source === 'DL Exercises');
      assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
      assert.deepEqual([diagnostics[0].range.start.line, diagnostics[0].range.start.character], [line() - 1, column - 1]);
      assert.match(diagnostics[0].message, /tried to read \/etc\/hostname, which the sandbox does not allow/);
      assert.deepEqual(trainerChildren() ?? [], [], 'no trainer left behind');
    });

    it('the panel shows the error card with the message and a location link that opens the line (browser)', async function () {
      if (!hasPage()) this.skip();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await focusExperimentPanel();
      const shown = (await askPage<{ kind: string; message: string; location: string }>('clickErrorLocation', { screenshot: 'panel-escape.png' }))!;
      assert.equal(shown.kind, 'runtime');
      assert.match(shown.message, /Your code tried to read \/etc\/hostname, which the sandbox does not allow/);
      assert.match(shown.location, new RegExp(`^escaping-qwerties\\.ts:${line()}:${column}$`));
      const editor = await waitFor('the learner file in an editor', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === file), 10_000);
      await waitFor('the cursor at the error', () => editor.selection.active.line === line() - 1 && editor.selection.active.character === column - 1, 5_000);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('the Test Explorer shows the exercise in error, not passed (browser)', async function () {
      if (!hasPage()) this.skip();
      const item = await testExplorerState('error', 'test-explorer-escape.png');
      assert.equal(item.state, 'error', JSON.stringify(item));
    });
  });
});
