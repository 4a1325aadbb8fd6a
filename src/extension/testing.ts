// Checks in VS Code's Test Explorer: one test item per pack, one child per exercise, one grandchild
// per check (four packs ship with the extension: a flat list of their exercises is too long). A sweep
// exercise's children are its sweep checks, and running it runs the sweep (without asking for a
// prediction). Every verdict (exerciseStatus.ts) replaces all of an exercise's results, its
// checks included: an error leaves no check green from an older run.
import * as vscode from 'vscode';
import { whereToBeginIn } from '../engine/attempt';
import { failureFeedback } from '../engine/feedback';
import { guidedChecks, inStepOrder } from '../engine/hints';
import { isSweepExercise, type Exercise } from '../engine/pack';
import { defaultFunctionCheckName } from '../engine/functions';
import { packOrigin, type ExerciseCatalog } from './catalog';
import { functionVerdict, runVerdict, sweepVerdict, verdictMessage, type Verdict } from './exerciseStatus';
import type { ProgressTracker } from './progressTracker';
import type { ExperimentRunner } from './runner';
import type { SweepRunner } from './sweepRunner';

export function register(catalog: ExerciseCatalog, runner: ExperimentRunner, sweeps: SweepRunner, tracker: ProgressTracker): vscode.Disposable[] {
  const controller = vscode.tests.createTestController('dlExercises', 'DL Exercises');
  let profileRunActive = false;
  let bundled = new Set<string>();
  // The bundled pack's copy of an exercise the workspace also has must not look the same.
  const describe = (exercise: Exercise) => `${exercise.id}${isSweepExercise(exercise) ? ', sweep' : ''}${bundled.has(exercise.dir) ? ' (bundled)' : ''}`;

  // The exercise items by exercise folder: they sit one level down, under their pack's item.
  let exerciseItems = new Map<string, vscode.TestItem>();
  const sync = () => {
    bundled = new Set(catalog.packs().filter((entry) => entry.bundled).flatMap((entry) => entry.pack?.exercises.map((e) => e.dir) ?? []));
    exerciseItems = new Map();
    controller.items.replace(catalog.packs().flatMap((entry) => {
      if (!entry.pack) return [];
      const packItem = controller.createTestItem(entry.dir, entry.pack.title, vscode.Uri.file(entry.dir));
      packItem.description = packOrigin(entry);
      packItem.children.replace(entry.pack.exercises.map((exercise) => {
        const item = controller.createTestItem(exercise.dir, exercise.title, vscode.Uri.file(exercise.instructions));
        item.description = describe(exercise);
        // In the README's step order (sortText), the step in the description.
        item.children.replace(inStepOrder(guidedChecks(exercise)).map((check, order) => {
          const child = controller.createTestItem(`${exercise.dir}#${check.index}`, check.name);
          child.sortText = String(order).padStart(3, '0');
          if (check.step !== undefined) child.description = `step ${check.step}`;
          return child;
        }));
        exerciseItems.set(exercise.dir, item);
        return item;
      }));
      return [packItem];
    }));
  };

  const publish = (testRun: vscode.TestRun, exercise: Exercise, verdict: Verdict) => {
    const item = exerciseItems.get(exercise.dir);
    if (!item) return;
    const { checks, error, wallMs } = verdict;
    item.description = describe(exercise);
    if (verdict.state === 'notAttempted') {
      // Not a failure: the starter is meant to fail. Skipped, with where to begin in the output.
      item.description = `${describe(exercise)} — not attempted`;
      testRun.appendOutput(`${whereToBeginIn(exercise)}\r\n`, undefined, item);
      item.children.forEach((child) => testRun.skipped(child));
      testRun.skipped(item);
      return;
    }
    if (!checks) {
      const message = new vscode.TestMessage(error?.message ?? 'The run did not finish.');
      if (error?.location) {
        const { file, line, column } = error.location;
        message.location = new vscode.Location(vscode.Uri.file(file), new vscode.Position(line - 1, column - 1));
      }
      item.children.forEach((child) => testRun.skipped(child));
      testRun.errored(item, message);
      return;
    }
    item.children.forEach((child) => {
      const check = checks[Number(child.id.split('#').pop())];
      if (!check) return testRun.skipped(child);
      if (check.passed) testRun.passed(child, wallMs);
      else testRun.failed(child, failedCheckMessage(exercise, Number(child.id.split('#').pop()), check.message, verdict), wallMs);
      testRun.appendOutput(`${check.passed ? 'PASS' : 'FAIL'} ${check.name}: ${check.message}\r\n`, undefined, child);
    });
    // A pass carries no message in the Test Explorer: what it rests on goes to its output and its description.
    const message = verdictMessage(verdict);
    item.description = `${describe(exercise)}${verdict.state === 'passing' && verdict.verification?.state !== 'verified' ? ' — passed (unverified)' : ''}`;
    testRun.appendOutput(`${message}\r\n`, undefined, item);
    if (verdict.state === 'passing') testRun.passed(item, wallMs);
    else testRun.failed(item, new vscode.TestMessage(message), wallMs);
  };

  const runOne = async (exercise: Exercise): Promise<Verdict | undefined> => {
    if (exercise.kind === 'function') {
      await runner.run({ exerciseDir: exercise.dir });
      const state = runner.lastFunctionRun;
      return state?.exercise.id === exercise.id ? functionVerdict(state) : undefined;
    }
    if (!isSweepExercise(exercise)) {
      const snapshot = await runner.run({ exerciseDir: exercise.dir });
      return snapshot && runVerdict(exercise, snapshot);
    }
    const sweep = await sweeps.run({ exerciseDir: exercise.dir, prediction: 'none' });
    return sweep && sweepVerdict(exercise, sweep);
  };

  controller.createRunProfile('Run Experiment', vscode.TestRunProfileKind.Run, async (request, token) => {
    const testRun = controller.createTestRun(request);
    // A pack's item runs its exercises, a check's item its exercise.
    const dirs = (request.include ?? iterate(controller.items)).flatMap((item) => exerciseItems.has(item.id) ? [item.id] : item.parent && exerciseItems.has(item.parent.id) ? [item.parent.id] : iterate(item.children).map((child) => child.id));
    const exercises = [...new Set(dirs)].map((dir) => catalog.exerciseByDir(dir)).filter((e): e is Exercise => Boolean(e));
    token.onCancellationRequested(() => {
      runner.stop();
      sweeps.stop();
    });
    profileRunActive = true;
    try {
      for (const exercise of exercises) {
        if (token.isCancellationRequested) break;
        const item = exerciseItems.get(exercise.dir)!;
        testRun.started(item);
        const verdict = await runOne(exercise);
        if (verdict) publish(testRun, exercise, verdict);
        else testRun.skipped(item);
      }
    } finally {
      profileRunActive = false;
      testRun.end();
    }
  }, true);

  const publishAlone = (exercise: Exercise, verdict: Verdict) => {
    const item = exerciseItems.get(exercise.dir);
    if (profileRunActive || !item) return;
    const testRun = controller.createTestRun(new vscode.TestRunRequest([item]), exercise.title, false);
    publish(testRun, exercise, verdict);
    testRun.end();
  };
  const onVerdict = tracker.onDidChange(({ exercise, verdict }) => {
    if (verdict) publishAlone(exercise, verdict);
  });

  sync();
  return [controller, catalog.onDidChange(sync), onVerdict];
}

/**
 * A failing check's message: its README step, expected and actual for a metric (with the epoch it
 * came closest), and Show Hint as the message's action (`testing/message/context`) and link.
 */
export function failedCheckMessage(exercise: Exercise, index: number, text: string, verdict: Verdict): vscode.TestMessage {
  const spec = isSweepExercise(exercise) ? exercise.sweepChecks[index] : exercise.checks[index];
  const feedback = spec ? failureFeedback(spec, text, verdict.metrics, verdict.epochs ?? []) : { message: text };
  const link = `command:dlExercises.showHint?${encodeURIComponent(JSON.stringify([{ exerciseDir: exercise.dir, check: index }]))}`;
  const markdown = new vscode.MarkdownString(`${escapeMarkdown(feedback.message)}\n\n[Show a hint](${link})`);
  markdown.isTrusted = { enabledCommands: ['dlExercises.showHint'] };
  const message = feedback.expected !== undefined && feedback.actual !== undefined ? vscode.TestMessage.diff(markdown, feedback.expected, feedback.actual) : new vscode.TestMessage(markdown);
  message.contextValue = 'dlExercises.failedCheck';
  return message;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>]/g, '\\$&');
}

function iterate(collection: vscode.TestItemCollection): vscode.TestItem[] {
  const items: vscode.TestItem[] = [];
  collection.forEach((item) => items.push(item));
  return items;
}
