// Opening and resetting an exercise. The learner's file is never overwritten without asking:
// opening reuses an existing file, and Reset asks first and keeps a timestamped backup.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Exercise } from '../engine/pack';
import { installLearnerTypes } from '../host/learnerTypes';
import { recordStarter } from '../host/starterRecords';

export function learnerFilePath(exercise: Exercise): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? path.join(folder.uri.fsPath, exercise.learnerFileName) : undefined;
}

function requireFolder(exercise: Exercise): string | undefined {
  const file = learnerFilePath(exercise);
  if (!file) void vscode.window.showErrorMessage('DL Exercises: open a folder first. Your exercise files are created in it.');
  return file;
}

let learnerTypes: { source: string; version: string } | undefined;

/** Where the tfjs declarations for learner files are (the extension's dist/types); set on activation. */
export function setLearnerTypesSource(source: string, version: string): void {
  learnerTypes = { source, version };
}

/** Shows the instructions and the learner file, creating it from the starter when it does not exist. */
export async function openExercise(exercise: Exercise): Promise<vscode.Uri | undefined> {
  const file = requireFolder(exercise);
  if (!file) return undefined;
  if (!fs.existsSync(file)) {
    fs.copyFileSync(exercise.starter, file, fs.constants.COPYFILE_EXCL);
    // Which starter the file came from: a pack update that changes it can then say so. Never in
    // the way of opening: without the record, an update just cannot tell.
    try {
      recordStarter(path.dirname(file), exercise);
    } catch (error) {
      console.warn(`DL Exercises: could not record the starter of ${path.basename(file)}: ${(error as Error).message}`);
    }
  }
  // Before the editor opens the file, so the TypeScript server already sees the tsconfig.json that
  // makes `@tensorflow/tfjs` resolve (src/host/learnerTypes.ts). Never in the way of opening.
  if (learnerTypes) {
    try {
      installLearnerTypes(path.dirname(file), learnerTypes.source, learnerTypes.version);
    } catch (error) {
      console.warn(`DL Exercises: could not set up the tfjs types for ${path.basename(file)}: ${(error as Error).message}`);
    }
  }
  const uri = vscode.Uri.file(file);
  await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, preview: false });
  await showInstructions(exercise);
  return uri;
}

/**
 * The exercise's README as a Markdown preview beside the active editor group; the focus stays
 * where it is (the learner's next step is in the file). Not `markdown.showPreviewToSide`: its
 * preview takes the focus, in the web client again when its webview has loaded.
 */
export async function showInstructions(exercise: Exercise): Promise<void> {
  await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(exercise.instructions), 'vscode.markdown.preview.editor', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: false });
}

/** Saves the file's editor when it has unsaved changes. False when that save failed. */
export async function saveIfDirty(file: string): Promise<boolean> {
  const open = vscode.workspace.textDocuments.find((doc) => doc.uri.fsPath === file);
  return open?.isDirty ? open.save() : true;
}

export function backupName(file: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-').replace('Z', '');
  return `${file}.${stamp}.bak`;
}

/** Asks, backs the current file up next to it, and restores the starter. Returns the backup path. */
export async function resetExercise(exercise: Exercise, confirm: (message: string) => Thenable<boolean>): Promise<string | undefined> {
  const file = requireFolder(exercise);
  if (!file) return undefined;
  if (!fs.existsSync(file)) {
    await openExercise(exercise);
    return undefined;
  }
  const ok = await confirm(`Reset "${exercise.title}"? Your ${path.basename(file)} is replaced by the starter; the current version is kept as a backup next to it.`);
  if (!ok) return undefined;
  // The backup must hold what the learner sees: save first, and reset nothing when that fails
  // (e.g. the file changed on disk since the editor loaded it).
  if (!(await saveIfDirty(file))) {
    void vscode.window.showErrorMessage(`DL Exercises: could not save ${path.basename(file)}, so nothing was reset. Save or revert your changes in the editor, then reset again.`);
    return undefined;
  }
  const backup = backupName(file);
  fs.copyFileSync(file, backup, fs.constants.COPYFILE_EXCL);
  fs.copyFileSync(exercise.starter, file);
  void vscode.window.showInformationMessage(`Reset ${path.basename(file)}. Your previous version is in ${path.basename(backup)}.`);
  return backup;
}

export async function confirmModal(message: string): Promise<boolean> {
  const reset = 'Reset';
  return (await vscode.window.showWarningMessage(message, { modal: true }, reset)) === reset;
}
