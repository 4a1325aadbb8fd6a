// The "Exercises" view in the DL Exercises activity bar container: packs and their exercises,
// each with its status (passed, failing, error, tried, not started), and the overall progress
// at the top.
import * as vscode from 'vscode';
import { isSweepExercise, type Exercise } from '../engine/pack';
import type { ExerciseCatalog, PackEntry } from './catalog';
import { describeStatus, overallProgress, type StatusLook } from './exerciseStatus';
import type { ProgressTracker } from './progressTracker';

const ICONS: Record<StatusLook, [string, string?]> = {
  passed: ['pass-filled', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  error: ['warning', 'testing.iconErrored'],
  tried: ['circle-large-outline'],
  new: ['mortar-board'],
};

type Node = { kind: 'pack'; entry: PackEntry } | { kind: 'exercise'; exercise: Exercise };

export class ExercisesProvider implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly catalog: ExerciseCatalog,
    private readonly tracker: ProgressTracker,
  ) {}

  refresh(): void {
    this.changed.fire();
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
      item.description = entry.error ? 'invalid pack' : entry.bundled ? 'bundled' : entry.installed ? `installed, ${entry.pack!.version}` : entry.pack!.name;
      item.tooltip = entry.error ?? entry.pack!.description;
      // A string tooltip would be the row's whole screen-reader label, without the pack's title.
      item.accessibilityInformation = { label: `${item.label as string}, ${item.description}: ${item.tooltip}` };
      item.iconPath = new vscode.ThemeIcon(entry.error ? 'warning' : 'package');
      return item;
    }
    const { exercise } = node;
    const status = describeStatus(this.tracker.statusOf(exercise));
    const item = new vscode.TreeItem(exercise.title, vscode.TreeItemCollapsibleState.None);
    item.id = `exercise:${exercise.dir}`;
    // `exercise.sweep` adds Run Sweep to the row's actions.
    item.contextValue = isSweepExercise(exercise) ? 'exercise.sweep' : 'exercise';
    item.description = status.text;
    item.tooltip = new vscode.MarkdownString(`**${exercise.title}**\n\n${exercise.summary}`);
    const [icon, color] = ICONS[status.look];
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    item.command = { command: 'dlExercises.openExercise', title: 'Open Exercise', arguments: [exercise.dir] };
    return item;
  }
}

export function register(catalog: ExerciseCatalog, tracker: ProgressTracker): vscode.Disposable[] {
  const provider = new ExercisesProvider(catalog, tracker);
  const view = vscode.window.createTreeView('dlExercises.exercises', { treeDataProvider: provider, showCollapseAll: true });
  const update = () => {
    // A message, not the view's description: VS Code does not show that in the title of a
    // container with this view alone.
    view.message = catalog.exercises().length > 0 ? overallProgress(catalog.exercises().map((e) => e.id), tracker.progress()) : undefined;
    provider.refresh();
  };
  update();
    // A refresh also picks up runs recorded meanwhile by someone else (`dlx` in a terminal).
  const reload = () => {
    tracker.reload();
    update();
  };
  return [view, catalog.onDidChange(reload), tracker.onDidChange(update)];
}
