// One status per exercise (src/extension/exerciseStatus.ts): after pass -> fail -> error -> pass
// the Exercises view, the Test Explorer (the exercise and its checks), the status bar and
// .dlx/progress.json all say the same thing, the latest verdict with "passed before" kept.
// Runs in the trusted workspace before trusted.test.ts. The `(browser)` parts ask the page.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExerciseProgress } from '../../../src/host/runStore';
import { activated, describeSnapshot, exerciseDir, read, refresh, runExperiment, workspaceDir } from './helpers';
import { askPage, hasPage } from './page';

type Row = { label: string; description: string; state: string; level: number };
const TITLE = 'Many qwerties!';

function progress(): ExerciseProgress | undefined {
  const file = path.join(workspaceDir(), '.dlx', 'progress.json');
  return fs.existsSync(file) ? (JSON.parse(read(file)) as Record<string, ExerciseProgress>)['many-qwerties'] : undefined;
}

/** The workspace pack's row of the exercise and its children (the checks), as the Test Explorer shows them. */
function exerciseWithChecks(rows: Row[]): { item: Row; checks: Row[] } {
  const at = rows.findIndex((r) => r.label === TITLE && !r.description.includes('(bundled)'));
  assert.ok(at >= 0, `the exercise in the Test Explorer: ${JSON.stringify(rows)}`);
  const item = rows[at];
  const end = rows.findIndex((r, i) => i > at && r.level <= item.level);
  return { item, checks: rows.slice(at + 1, end < 0 ? rows.length : end) };
}

describe('one status for an exercise, everywhere', function () {
  const dir = () => exerciseDir('many-qwerties');
  // Not the starter itself: an unchanged starter is "not attempted" (guidance.test.ts), not failing.
  const tried = () => {
    const file = path.join(workspaceDir(), 'tried-qwerties.ts');
    fs.writeFileSync(file, `${read(path.join(dir(), 'starter.ts'))}\n// a first try\n`);
    return file;
  };
  const broken = () => {
    const file = path.join(workspaceDir(), 'broken-qwerties.ts');
    fs.writeFileSync(file, "import * as tf from '@tensorflow/tfjs';\nexport function createModel() {\n  return tf.sequential({ layers: [\n}\n");
    return file;
  };

  before(async function () {
    await activated();
  });
  after(function () {
    fs.rmSync(path.join(workspaceDir(), 'broken-qwerties.ts'), { force: true });
    fs.rmSync(path.join(workspaceDir(), 'tried-qwerties.ts'), { force: true });
  });

  const steps: { what: string; target: () => Record<string, unknown>; state: 'passing' | 'failing' | 'error'; text: string; testState: string; checkState: string }[] = [
    { what: 'a pass', target: () => ({ file: path.join(dir(), 'solution.ts'), exerciseDir: dir(), epochs: 2000 }), state: 'passing', text: 'passed', testState: 'passed', checkState: 'passed' },
    { what: 'a failing run', target: () => ({ file: tried(), exerciseDir: dir(), epochs: 50 }), state: 'failing', text: 'failing — passed before', testState: 'failed', checkState: 'failed' },
    { what: 'an error', target: () => ({ file: broken(), exerciseDir: dir() }), state: 'error', text: 'error — passed before', testState: 'error', checkState: 'skipped' },
    { what: 'a pass again', target: () => ({ file: path.join(dir(), 'solution.ts'), exerciseDir: dir(), epochs: 2000 }), state: 'passing', text: 'passed', testState: 'passed', checkState: 'passed' },
  ];
  for (const step of steps) {
    it(`after ${step.what}: "${step.text}" in progress.json, the Exercises view, the Test Explorer and the status bar`, async function () {
      const snapshot = await runExperiment(step.target());
      assert.ok(snapshot, 'the run returns its snapshot');
      assert.equal(snapshot.error ? 'error' : snapshot.result?.passed ? 'passing' : 'failing', step.state, describeSnapshot(snapshot));
      const saved = progress();
      assert.equal(saved?.status, step.state, `progress.json: ${JSON.stringify(saved)}`);
      assert.equal(saved?.passed, true, 'passed before stays');
      if (!hasPage()) return;

      await vscode.commands.executeCommand('workbench.view.extension.dlExercises');
      const view = (await askPage<{ rows: Row[]; message: string }>('exerciseRows', { expect: [{ label: TITLE, description: step.text }], screenshot: `status-view-${step.state}.png` }))!;
      const shown = view.rows.filter((r) => r.label === TITLE).map((r) => r.description);
      assert.deepEqual(shown, [step.text, step.text], `the Exercises view (the pack and its bundled copy): ${JSON.stringify(view.rows)}`);
      // Over every pack's exercises (the workspace's and the four bundled), one count per exercise id.
      const ids = new Set((await refresh()).flatMap((entry) => entry.pack?.exercises.map((exercise) => exercise.id) ?? []));
      assert.ok(ids.size >= 45, `the exercises of the four bundled packs: ${ids.size}`);
      assert.equal(view.message, `1 of ${ids.size} passed`, 'the overall progress over the exercises of every pack, shown above the rows');

      await vscode.commands.executeCommand('workbench.view.testing.focus');
      const tests = (await askPage<{ rows: Row[] }>('testRows', { expect: [TITLE], state: step.testState, collapse: true, expand: [TITLE], screenshot: `status-tests-${step.state}.png` }))!;
      const { item, checks } = exerciseWithChecks(tests.rows);
      assert.equal(item.state, step.testState, `the exercise in the Test Explorer: ${JSON.stringify(item)}`);
      assert.equal(checks.length, 4, `its four checks: ${JSON.stringify(tests.rows)}`);
      assert.deepEqual(checks.map((c) => c.state), checks.map(() => step.checkState), `its checks follow the latest run: ${JSON.stringify(checks)}`);

      const bar = (await askPage<{ items: { text: string; icons: string[] }[] }>('statusBar', { includes: TITLE }))!;
      assert.deepEqual(bar.items.map((i) => i.text), [`${TITLE}: ${step.text}`], `the status bar: ${JSON.stringify(bar.items)}`);
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
    });
  }
});
