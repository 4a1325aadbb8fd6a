// Sets `dlExercises.isLearnerFile` for the active editor, so the editor title bar offers
// Run Experiment on exercise files only.
import * as vscode from 'vscode';
import type { ExerciseCatalog } from './catalog';

export function register(catalog: ExerciseCatalog): vscode.Disposable[] {
  const update = () => {
    const file = vscode.window.activeTextEditor?.document.uri;
    const isLearnerFile = file?.scheme === 'file' && catalog.exerciseForFile(file.fsPath) !== undefined;
    void vscode.commands.executeCommand('setContext', 'dlExercises.isLearnerFile', isLearnerFile);
  };
  update();
  return [vscode.window.onDidChangeActiveTextEditor(update), catalog.onDidChange(update)];
}
