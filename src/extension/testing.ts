// Checks in VS Code's Test Explorer: one test item per exercise, one child per check.
// Running an item runs the experiment; any finished run publishes its verdict.
import * as vscode from 'vscode';
import { defaultCheckName } from '../engine/checks';
import type { Exercise } from '../engine/pack';
import type { PanelSnapshot } from '../shared/panelProtocol';
import type { ExerciseCatalog } from './catalog';
import type { ExperimentRunner } from './runner';

export function register(catalog: ExerciseCatalog, runner: ExperimentRunner): vscode.Disposable[] {
  const controller = vscode.tests.createTestController('dlExercises', 'DL Exercises');
  let profileRunActive = false;

  const sync = () => {
    const bundled = new Set(catalog.packs().filter((entry) => entry.bundled).flatMap((entry) => entry.pack?.exercises.map((e) => e.dir) ?? []));
    controller.items.replace(catalog.exercises().map((exercise) => {
      const item = controller.createTestItem(exercise.dir, exercise.title, vscode.Uri.file(exercise.instructions));
      // The bundled pack's copy of an exercise the workspace also has must not look the same.
      item.description = bundled.has(exercise.dir) ? `${exercise.id} (bundled)` : exercise.id;
      item.children.replace(exercise.checks.map((check, i) => controller.createTestItem(`${exercise.dir}#${i}`, check.name ?? defaultCheckName(check))));
      return item;
    }));
  };

  const publish = (testRun: vscode.TestRun, exercise: Exercise, snapshot: PanelSnapshot) => {
    const item = controller.items.get(exercise.dir);
    if (!item) return;
    const result = snapshot.result;
    if (!result) {
      const message = new vscode.TestMessage(snapshot.error?.message ?? 'The run did not finish.');
      if (snapshot.error?.location) {
        const { file, line, column } = snapshot.error.location;
        message.location = new vscode.Location(vscode.Uri.file(file), new vscode.Position(line - 1, column - 1));
      }
      testRun.errored(item, message);
      return;
    }
    item.children.forEach((child) => {
      const check = result.checks[Number(child.id.split('#').pop())];
      if (!check) return;
      if (check.passed) testRun.passed(child, result.wallMs);
      else testRun.failed(child, new vscode.TestMessage(check.message), result.wallMs);
      testRun.appendOutput(`${check.passed ? 'PASS' : 'FAIL'} ${check.name}: ${check.message}\r\n`, undefined, child);
    });
    if (result.passed) testRun.passed(item, result.wallMs);
    else testRun.failed(item, new vscode.TestMessage(`${result.checks.filter((c) => !c.passed).length} of ${result.checks.length} checks failed.`), result.wallMs);
  };

  controller.createRunProfile('Run Experiment', vscode.TestRunProfileKind.Run, async (request, token) => {
    const testRun = controller.createTestRun(request);
    const items: vscode.TestItem[] = [];
    (request.include ?? [...iterate(controller.items)]).forEach((item) => items.push(item.parent ?? item));
    const exercises = [...new Set(items)].map((item) => catalog.exerciseById(item.id)).filter((e): e is Exercise => Boolean(e));
    token.onCancellationRequested(() => runner.stop());
    profileRunActive = true;
    try {
      for (const exercise of exercises) {
        if (token.isCancellationRequested) break;
        const item = controller.items.get(exercise.dir)!;
        testRun.started(item);
        const snapshot = await runner.run({ exerciseDir: exercise.dir });
        if (snapshot) publish(testRun, exercise, snapshot);
        else testRun.skipped(item);
      }
    } finally {
      profileRunActive = false;
      testRun.end();
    }
  }, true);

  const onFinish = runner.onDidFinish(({ exercise, snapshot }) => {
    if (profileRunActive) return;
    const item = controller.items.get(exercise.dir);
    if (!item) return;
    const testRun = controller.createTestRun(new vscode.TestRunRequest([item]), exercise.title, false);
    publish(testRun, exercise, snapshot);
    testRun.end();
  });

  sync();
  return [controller, catalog.onDidChange(sync), onFinish];
}

function iterate(collection: vscode.TestItemCollection): vscode.TestItem[] {
  const items: vscode.TestItem[] = [];
  collection.forEach((item) => items.push(item));
  return items;
}
