// Command handlers. Each accepts what VS Code passes from its menus (a tree node, a file Uri)
// or, from other code and tests, an exercise folder path or a RunTarget (SweepTarget for sweeps).
import * as vscode from 'vscode';
import type { Exercise } from '../engine/pack';
import type { ExerciseCatalog } from './catalog';
import { confirmModal, openExercise, resetExercise, showInstructions } from './learnerFiles';
import type { ExperimentRunner } from './runner';
import type { SweepRunner, SweepTarget } from './sweepRunner';
import { quickPickExercise } from './targets';

export type CommandArgument = string | vscode.Uri | { kind: 'exercise'; exercise: Exercise } | SweepTarget | undefined;

export async function pickExercise(catalog: ExerciseCatalog, arg: CommandArgument, title: string): Promise<Exercise | undefined> {
  if (catalog.packs().length === 0) await catalog.refresh();
  if (typeof arg === 'string') return catalog.exerciseByDir(arg);
  if (arg instanceof vscode.Uri) return catalog.exerciseForFile(arg.fsPath);
  if (arg && 'kind' in arg) return arg.exercise;
  if (arg && 'exerciseDir' in arg && arg.exerciseDir) return catalog.exerciseByDir(arg.exerciseDir);
  const active = vscode.window.activeTextEditor?.document.uri.fsPath;
  const fromEditor = active ? catalog.exerciseForFile(active) : undefined;
  if (fromEditor) return fromEditor;
  return quickPickExercise(catalog, catalog.exercises(), { title });
}

function runTarget(arg: CommandArgument): SweepTarget {
  if (typeof arg === 'string') return { exerciseDir: arg };
  if (arg instanceof vscode.Uri) return { file: arg.fsPath };
  if (arg && 'kind' in arg) return { exerciseDir: arg.exercise.dir };
  return arg ?? {};
}

export function register(catalog: ExerciseCatalog, runner: ExperimentRunner, sweeps: SweepRunner, showPanel: () => void): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('dlExercises.openExercise', async (arg?: CommandArgument) => {
      const exercise = await pickExercise(catalog, arg, 'Open which exercise?');
      return exercise ? openExercise(exercise) : undefined;
    }),
    vscode.commands.registerCommand('dlExercises.runExperiment', (arg?: CommandArgument) => runner.run(runTarget(arg))),
    vscode.commands.registerCommand('dlExercises.stopExperiment', () => runner.stop()),
    vscode.commands.registerCommand('dlExercises.runSweep', (arg?: CommandArgument) => sweeps.run(runTarget(arg))),
    vscode.commands.registerCommand('dlExercises.stopSweep', () => sweeps.stop()),
    vscode.commands.registerCommand('dlExercises.resetExercise', async (arg?: CommandArgument) => {
      const exercise = await pickExercise(catalog, arg, 'Reset which exercise?');
      return exercise ? resetExercise(exercise, confirmModal) : undefined;
    }),
    vscode.commands.registerCommand('dlExercises.openInstructions', async (arg?: CommandArgument) => {
      const exercise = await pickExercise(catalog, arg, 'Show the instructions of which exercise?');
      if (exercise) await showInstructions(exercise);
      return exercise?.instructions;
    }),
    vscode.commands.registerCommand('dlExercises.showPanel', showPanel),
    vscode.commands.registerCommand('dlExercises.refresh', () => catalog.refresh()),
  ];
}
