// Sets `dlExercises.isLearnerFile` (and `dlExercises.isSweepFile` for a sweep exercise's file) for
// the active editor, so the editor title bar and the keys offer Run Experiment and Run Sweep on
// exercise files only.
import * as vscode from 'vscode';
import { isSweepExercise } from '../engine/pack';
import type { ExerciseCatalog } from './catalog';
import { setFolderOpen } from './walkthrough';

export function register(catalog: ExerciseCatalog): vscode.Disposable[] {
  const update = () => {
    const file = vscode.window.activeTextEditor?.document.uri;
    const exercise = file?.scheme === 'file' ? catalog.exerciseForFile(file.fsPath) : undefined;
    void vscode.commands.executeCommand('setContext', 'dlExercises.isLearnerFile', exercise !== undefined);
    void vscode.commands.executeCommand('setContext', 'dlExercises.isSweepFile', exercise !== undefined && isSweepExercise(exercise));
  };
  update();
  return [vscode.window.onDidChangeActiveTextEditor(update), catalog.onDidChange(update), vscode.workspace.onDidChangeWorkspaceFolders(setFolderOpen)];
}
