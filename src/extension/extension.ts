// Activation only constructs and registers; every feature lives in its own module.
import * as vscode from 'vscode';
import { ExerciseCatalog } from './catalog';
import * as commands from './commands';
import * as diagnostics from './diagnostics';
import * as exercisesView from './exercisesView';
import * as guidance from './guidance';
import * as learnerContext from './learnerContext';
import { setLearnerTypesSource } from './learnerFiles';
import * as panel from './panelHost';
import * as packCommands from './packCommands';
import { ProgressTracker } from './progressTracker';
import { ExperimentRunner } from './runner';
import * as statusBar from './statusBar';
import { SweepRunner } from './sweepRunner';
import * as testing from './testing';
import * as tutor from './tutor';
import * as walkthrough from './walkthrough';

/**
 * What `activate` returns (`vscode.extensions.getExtension('dl-exercises.dl-exercises').exports`).
 * Only for the extension's own tests (test/vscode): what VS Code's API cannot show. Not a public API.
 */
export interface TestApi {
  /** The process id of the running experiment's trainer child process; undefined when none runs. */
  readonly trainerPid: number | undefined;
  /** The process ids of the running sweep's trainer workers; empty when no sweep runs. */
  readonly sweepWorkerPids: number[];
}

export async function activate(context: vscode.ExtensionContext): Promise<TestApi> {
  setLearnerTypesSource(vscode.Uri.joinPath(context.extensionUri, 'dist', 'types').fsPath, String(context.extension.packageJSON.version));
  const installedPacksDir = vscode.Uri.joinPath(context.globalStorageUri, 'packs').fsPath;
  const catalog = new ExerciseCatalog(vscode.Uri.joinPath(context.extensionUri, 'exercises').fsPath, installedPacksDir);
  const trainerPath = vscode.Uri.joinPath(context.extensionUri, 'dist', 'trainer.js').fsPath;
  const runner = new ExperimentRunner(trainerPath, catalog);
  const sweeps = new SweepRunner(trainerPath, catalog, runner);
  const tracker = new ProgressTracker(runner, sweeps);
  const help = guidance.register(catalog, tracker);
  const experimentPanel = panel.register(context.extensionUri, runner, sweeps, help.guidance);
  context.subscriptions.push(
    catalog,
    runner,
    sweeps,
    tracker,
    ...experimentPanel.disposables,
    ...commands.register(catalog, runner, sweeps, () => experimentPanel.panel.show()),
    ...exercisesView.register(catalog, tracker),
    ...packCommands.register(catalog, installedPacksDir),
    ...help.disposables,
    ...tutor.register(catalog, runner, help.guidance),
    ...testing.register(catalog, runner, sweeps, tracker),
    ...diagnostics.register(runner, sweeps),
    ...statusBar.register(runner, sweeps, tracker),
    ...learnerContext.register(catalog),
  );
  await catalog.refresh();
  walkthrough.openOnFirstActivation(context.globalState).catch((error: Error) => console.warn(`DL Exercises: could not open the walkthrough: ${error.message}`));
  return {
    get trainerPid() {
      return runner.trainerPid;
    },
    get sweepWorkerPids() {
      return sweeps.workerPids;
    },
  };
}

export function deactivate(): void {
  // Disposables (the runner kills its trainer) are released by VS Code.
}
