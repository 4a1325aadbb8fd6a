// The walkthrough (package.json `walkthroughs`) opens by itself once: on the extension's first
// activation for this user, not on every window.
import * as vscode from 'vscode';

export const WALKTHROUGH_ID = 'dl-exercises.dl-exercises#dlExercises.gettingStarted';
const SHOWN_KEY = 'dlExercises.walkthroughShown';

export async function openOnFirstActivation(state: vscode.Memento): Promise<void> {
  if (state.get<boolean>(SHOWN_KEY)) return;
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false);
  await state.update(SHOWN_KEY, true);
  // Only now: VS Code (1.100) never completes a step whose `onContext:` event already holds when it
  // registers the walkthrough, which it does when one is first shown. So `workspaceFolderCount != 0`
  // never completes "Open a folder" in a window opened on a folder; this key turning true does.
  setFolderOpen();
}

/** `dlExercises.folderOpen`: a completion event of the walkthrough's "Open a folder" step. */
export function setFolderOpen(): void {
  void vscode.commands.executeCommand('setContext', 'dlExercises.folderOpen', (vscode.workspace.workspaceFolders?.length ?? 0) > 0);
}
