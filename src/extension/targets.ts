// What a Run Experiment or Run Sweep request names (a file, an exercise, or whatever the editor
// shows), resolved to an exercise and its learner file, with the checks both commands need first:
// a trusted workspace, an existing file, and the editor's text saved.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isSweepExercise, type Exercise } from '../engine/pack';
import type { BackendChoice } from '../engine/results';
import type { ExerciseCatalog } from './catalog';
import { learnerFilePath, saveIfDirty } from './learnerFiles';

export interface RunTarget {
  file?: string;
  exerciseDir?: string;
  epochs?: number;
  seed?: number;
  backend?: BackendChoice;
  /** Continue this saved run from its last checkpoint (its seed and epochs; the file is the run's). */
  resumeRunId?: string;
}

export const RESTRICTED_MODE_MESSAGE =
  'DL Exercises does not run code from an untrusted workspace (Restricted Mode): training runs the exercise files. Trust this workspace to run experiments; browsing exercises still works.';

/** The exercise and file to train, saved; undefined (after telling the user why) when there is none. */
export async function prepareTarget(catalog: ExerciseCatalog, target: RunTarget, what: 'experiment' | 'sweep'): Promise<{ exercise: Exercise; file: string } | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(RESTRICTED_MODE_MESSAGE, 'Manage Workspace Trust').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
    });
    return undefined;
  }
  const resolved = await resolveTarget(catalog, target, what);
  if (!resolved) return undefined;
  // Train what the editor shows: save first, and run nothing when that fails.
  if (!(await saveIfDirty(resolved.file))) {
    void vscode.window.showErrorMessage(`DL Exercises: could not save ${path.basename(resolved.file)}, so the ${what} did not run. Save or revert your changes in the editor, then run again.`);
    return undefined;
  }
  return resolved;
}

/** Asks which of `exercises` (title, id, summary, under its pack's title); undefined when the user dismisses the list. */
export async function quickPickExercise(catalog: ExerciseCatalog, exercises: Exercise[], options: { title: string; placeHolder?: string }): Promise<Exercise | undefined> {
  type Item = vscode.QuickPickItem & { exercise?: Exercise };
  const items: Item[] = [];
  for (const exercise of exercises) {
    // Four packs' exercises in one list: a separator names the pack each group comes from.
    if (items.length === 0 || items[items.length - 1].exercise?.packDir !== exercise.packDir) items.push({ label: catalog.packTitle(exercise.packDir), kind: vscode.QuickPickItemKind.Separator });
    items.push({ label: exercise.title, description: exercise.id, detail: exercise.summary, exercise });
  }
  // ignoreFocusOut: a walkthrough takes the focus back 250 ms after the Command Palette closed on it.
  const picked = await vscode.window.showQuickPick(items, { ...options, ignoreFocusOut: true, matchOnDescription: true });
  return picked?.exercise;
}

async function resolveTarget(catalog: ExerciseCatalog, target: RunTarget, what: string): Promise<{ exercise: Exercise; file: string } | undefined> {
  if (catalog.packs().length === 0) await catalog.refresh();
  let file = target.file ?? vscode.window.activeTextEditor?.document.uri.fsPath;
  let exercise = target.exerciseDir ? catalog.exerciseByDir(target.exerciseDir) : file ? catalog.exerciseForFile(file) : undefined;
  if (target.exerciseDir && !target.file) file = exercise ? learnerFilePath(exercise) : undefined;
  if (!exercise) {
    const choices = what === 'sweep' ? catalog.exercises().filter(isSweepExercise) : catalog.exercises();
    exercise = await quickPickExercise(catalog, choices, {
      title: `Run which exercise${what === 'sweep' ? "'s sweep" : ''}?`,
      placeHolder: file ? `${path.basename(file)} is not an exercise's learner file` : 'No learner file is open',
    });
    if (!exercise) return undefined;
    file = learnerFilePath(exercise);
  }
  if (!file || !fs.existsSync(file)) {
    void vscode.window.showErrorMessage(`DL Exercises: there is no ${exercise.learnerFileName} yet. Open the exercise first ("DL Exercises: Open Exercise") to create it from the starter.`);
    return undefined;
  }
  return { exercise, file };
}
