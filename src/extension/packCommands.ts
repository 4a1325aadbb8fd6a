// "Install Exercise Pack…" and "New Exercise…": the editor's `dlx install` and `dlx new exercise`.
// Installed packs live in the extension's global storage; after an update, a learner whose file
// came from a starter that changed is told so and offered a diff (their file is never rewritten).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { toRunError } from '../engine/errors';
import { exerciseIdProblem, nonEmptyTargetProblem, scaffoldExercise, scaffoldPack } from '../engine/scaffold';
import { ARCHIVE_EXTENSION } from '../host/packArchive';
import { installPack, parsePackSource, type InstallResult } from '../host/packInstall';
import { changedStarters } from '../host/starterRecords';
import type { ExerciseCatalog } from './catalog';

type SourceKind = 'file' | 'folder' | 'git';

async function askForSource(): Promise<string | undefined> {
  const picks: (vscode.QuickPickItem & { source: SourceKind })[] = [
    { source: 'file', label: `$(package) A ${ARCHIVE_EXTENSION} file`, detail: 'An archive made by `dlx pack`, e.g. from your course page.' },
    { source: 'folder', label: '$(folder) A pack folder', detail: 'A folder with a pack.json.' },
    { source: 'git', label: '$(repo) A git URL', detail: 'Cloned with your git (https://, ssh://, git@host:path).' },
  ];
  const pick = await vscode.window.showQuickPick(picks, { title: 'Install an exercise pack from…', ignoreFocusOut: true });
  if (!pick) return undefined;
  if (pick.source === 'git') {
    return vscode.window.showInputBox({
      title: 'Install an exercise pack from a git URL',
      prompt: 'The repository holds pack.json at its top.',
      placeHolder: 'https://github.com/someone/their-pack.git',
      ignoreFocusOut: true,
      validateInput: (text) => (/^(https?|ssh|git|file):\/\/|^git@[^:]+:/.test(text.trim()) ? undefined : 'A git URL starts with https://, ssh://, git://, file:// or git@host:'),
    }).then((text) => text?.trim());
  }
  const chosen = await vscode.window.showOpenDialog({
    title: pick.source === 'file' ? 'Install which exercise pack?' : 'Install which pack folder?',
    canSelectFiles: pick.source === 'file',
    canSelectFolders: pick.source === 'folder',
    canSelectMany: false,
    ...(pick.source === 'file' ? { filters: { 'Exercise packs': [ARCHIVE_EXTENSION.slice(1)] } } : {}),
  });
  return chosen?.[0]?.fsPath;
}

/** A version that goes backwards is installed only when the learner says so. */
async function confirmDowngrade(installed: string, incoming: string): Promise<boolean> {
  const back = `Install ${incoming}`;
  const answer = await vscode.window.showWarningMessage(`Version ${installed} of this pack is installed, and ${incoming} is older. Go back to ${incoming}? Your own files and progress are kept either way.`, { modal: true }, back);
  return answer === back;
}

/** Tells the learner which of their files came from a starter that has changed, with a diff. */
async function offerStarterDiffs(result: InstallResult): Promise<void> {
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!workspace) return;
  for (const { exercise, learnerFile } of changedStarters(workspace, result.pack.exercises)) {
    const show = 'Show Diff';
    const answer = await vscode.window.showInformationMessage(
      `The starter of "${exercise.title}" changed in ${result.pack.name} ${result.pack.version}. Your ${path.basename(learnerFile)} is unchanged; compare it with the new starter?`,
      show,
    );
    if (answer === show) {
      await vscode.commands.executeCommand('vscode.diff', vscode.Uri.file(learnerFile), vscode.Uri.file(exercise.starter), `Your ${path.basename(learnerFile)} ↔ the new starter of ${exercise.title}`);
    }
  }
}

/** A workspace pack to add the exercise to, or a new pack folder in the workspace. */
async function askForPack(catalog: ExerciseCatalog): Promise<{ packDir: string; isNew: boolean } | undefined> {
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!workspace) {
    void vscode.window.showErrorMessage('DL Exercises: open a folder first: a new exercise goes into a pack in it.');
    return undefined;
  }
  const packs = catalog.packs().filter((entry) => !entry.bundled && !entry.installed).map((entry) => ({ label: entry.pack?.title ?? path.basename(entry.dir), description: entry.dir, dir: entry.dir }));
  const pick = await vscode.window.showQuickPick([...packs, { label: '$(new-folder) A new pack…', description: 'in a new folder of this workspace', dir: '' }], { title: 'Add an exercise to which pack?', ignoreFocusOut: true });
  if (!pick) return undefined;
  if (pick.dir) return { packDir: pick.dir, isNew: false };
  const folder = (await vscode.window.showInputBox({
    title: 'New pack', prompt: 'Its folder in the workspace; the folder name becomes the pack name.', placeHolder: 'my-course', ignoreFocusOut: true,
    validateInput: (text) => (/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(text.trim()) ? nonEmptyTargetProblem(path.join(workspace, text.trim())) : 'Use letters, digits, ".", "_" and "-", starting with a letter or digit.'),
  }))?.trim();
  return folder ? { packDir: path.join(workspace, folder), isNew: true } : undefined;
}

export function register(catalog: ExerciseCatalog, installedPacksDir: string): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('dlExercises.installPack', async (given?: string): Promise<InstallResult | undefined> => {
      const text = given ?? (await askForSource());
      if (!text) return undefined;
      if (catalog.packs().length === 0) await catalog.refresh();
      try {
        const source = parsePackSource(text, vscode.workspace.workspaceFolders?.[0]?.uri.fsPath);
        const otherPacks = catalog.packs().filter((entry) => !entry.installed && entry.pack).map((entry) => ({ name: entry.pack!.name, dir: entry.dir }));
        const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'DL Exercises: installing the pack…' }, () => installPack(source, { into: installedPacksDir, otherPacks, confirmDowngrade }));
        await catalog.refresh();
        const was = result.previousVersion ? ` (was ${result.previousVersion})` : '';
        const removed = result.removedExercises.length ? ` No longer in the pack: ${result.removedExercises.join(', ')}; your files for them are kept.` : '';
        void vscode.window.showInformationMessage(`Installed ${result.pack.title} ${result.pack.version}${was}: ${result.pack.exercises.length} exercises.${removed}`);
        void offerStarterDiffs(result);
        return result;
      } catch (error) {
        void vscode.window.showErrorMessage(`DL Exercises: the pack was not installed. ${toRunError(error).message}`);
        return undefined;
      }
    }),
    vscode.commands.registerCommand('dlExercises.newExercise', async (given?: { packDir: string; id: string }) => {
      if (catalog.packs().length === 0) await catalog.refresh();
      const target = given ? { packDir: given.packDir, isNew: false } : await askForPack(catalog);
      if (!target) return undefined;
      const id = given?.id ?? (await vscode.window.showInputBox({ title: 'New exercise', prompt: 'Its id: also its folder and the learner file <id>.ts.', placeHolder: 'learning-rates', ignoreFocusOut: true, validateInput: (text) => exerciseIdProblem(text.trim()) }))?.trim();
      if (!id) return undefined;
      try {
        const written = target.isNew ? scaffoldPack(target.packDir, id) : scaffoldExercise(target.packDir, id);
        await catalog.refresh();
        await vscode.window.showTextDocument(vscode.Uri.file(written.find((file) => file.endsWith(path.join(id, 'exercise.json')))!), { preview: false });
        return written;
      } catch (error) {
        void vscode.window.showErrorMessage(`DL Exercises: ${toRunError(error).message}`);
        return undefined;
      }
    }),
  ];
}
