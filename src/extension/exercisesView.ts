// The "Exercises" view in the DL Exercises activity bar container: packs and their exercises,
// with each exercise's progress (passed, tried, not started).
import * as vscode from 'vscode';
import { isSweepExercise, type Exercise } from '../engine/pack';
import { RunStore, type Progress } from '../host/runStore';
import type { ExerciseCatalog, PackEntry } from './catalog';
import type { ExperimentRunner } from './runner';
import type { SweepRunner } from './sweepRunner';

type Node = { kind: 'pack'; entry: PackEntry } | { kind: 'exercise'; exercise: Exercise };

export class ExercisesProvider implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly catalog: ExerciseCatalog) {}

  /** Read once per refresh, not once per tree item. */
  private cachedProgress: Progress | undefined;

  refresh(): void {
    this.cachedProgress = undefined;
    this.changed.fire();
  }

  private progress(): Progress {
    if (!this.cachedProgress) {
      const folder = vscode.workspace.workspaceFolders?.[0];
      this.cachedProgress = folder ? new RunStore(folder.uri.fsPath).progress() : {};
    }
    return this.cachedProgress;
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.catalog.packs().map((entry) => ({ kind: 'pack', entry }));
    if (node.kind === 'pack') return (node.entry.pack?.exercises ?? []).map((exercise) => ({ kind: 'exercise', exercise }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'pack') {
      const { entry } = node;
      const item = new vscode.TreeItem(entry.pack?.title ?? entry.dir, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `pack:${entry.dir}`;
      item.contextValue = 'pack';
      item.description = entry.error ? 'invalid pack' : entry.bundled ? 'bundled' : entry.pack!.name;
      item.tooltip = entry.error ?? entry.pack!.description;
      // A string tooltip would be the row's whole screen-reader label, without the pack's title.
      item.accessibilityInformation = { label: `${item.label as string}, ${item.description}: ${item.tooltip}` };
      item.iconPath = new vscode.ThemeIcon(entry.error ? 'warning' : 'package');
      return item;
    }
    const { exercise } = node;
    const progress = this.progress()[exercise.id];
    const item = new vscode.TreeItem(exercise.title, vscode.TreeItemCollapsibleState.None);
    item.id = `exercise:${exercise.dir}`;
    // `exercise.sweep` adds Run Sweep to the row's actions.
    item.contextValue = isSweepExercise(exercise) ? 'exercise.sweep' : 'exercise';
    item.description = progress?.passed ? 'passed' : progress ? `${progress.runs} run${progress.runs === 1 ? '' : 's'}` : '';
    item.tooltip = new vscode.MarkdownString(`**${exercise.title}**\n\n${exercise.summary}`);
    item.iconPath = new vscode.ThemeIcon(progress?.passed ? 'pass-filled' : progress ? 'circle-large-outline' : 'mortar-board',
      progress?.passed ? new vscode.ThemeColor('testing.iconPassed') : undefined);
    item.command = { command: 'dlExercises.openExercise', title: 'Open Exercise', arguments: [exercise.dir] };
    return item;
  }
}

export function register(catalog: ExerciseCatalog, runner: ExperimentRunner, sweeps: SweepRunner): vscode.Disposable[] {
  const provider = new ExercisesProvider(catalog);
  const view = vscode.window.createTreeView('dlExercises.exercises', { treeDataProvider: provider, showCollapseAll: true });
  return [view, catalog.onDidChange(() => provider.refresh()), runner.onDidFinish(() => provider.refresh()), sweeps.onDidFinish(() => provider.refresh())];
}
