// The "Exercises" view in the DL Exercises activity bar container: packs and their exercises,
// each with its status (passed, failing, error, not attempted, tried, not started), grouped in
// the pack's sections (each with its progress, "3/5") when it has them, an exercise whose
// prerequisites are not passed yet saying "after …", and the overall progress at the top.
import * as vscode from 'vscode';
import { isSweepExercise, type Exercise } from '../engine/pack';
import { packOrigin, type ExerciseCatalog, type PackEntry } from './catalog';
import type { PackSection } from '../engine/guidance';
import { describeStatus, overallProgress, pendingPrerequisites, sectionProgress, type StatusLook } from './exerciseStatus';
import type { ProgressTracker } from './progressTracker';

const ICONS: Record<StatusLook, [string, string?]> = {
  passed: ['pass-filled', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  error: ['warning', 'testing.iconErrored'],
  tried: ['circle-large-outline'],
  new: ['mortar-board'],
};

type Node = { kind: 'pack'; entry: PackEntry } | { kind: 'section'; entry: PackEntry; section: PackSection } | { kind: 'exercise'; exercise: Exercise; siblings: Exercise[] };

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
    if (node.kind === 'exercise') return [];
    const siblings: Exercise[] = node.entry.pack?.exercises ?? [];
    const exercisesOf = (ids: readonly string[]): Node[] => ids.flatMap((id) => siblings.filter((e) => e.id === id)).map((exercise) => ({ kind: 'exercise', exercise, siblings }));
    if (node.kind === 'pack') {
      const sections = node.entry.pack?.sections;
      return sections ? sections.map((section) => ({ kind: 'section', entry: node.entry, section })) : exercisesOf(siblings.map((e) => e.id));
    }
    return exercisesOf(node.section.exercises);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'pack') {
      const { entry } = node;
      // Four packs ship with the extension: the course's first (dudl-ann) opens, the later ones wait
      // folded until the learner gets there (VS Code then keeps each pack's state by its id).
      const firstBundled = this.catalog.packs().find((other) => other.bundled) === entry;
      const item = new vscode.TreeItem(entry.pack?.title ?? entry.dir, !entry.bundled || firstBundled ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `pack:${entry.dir}`;
      item.contextValue = 'pack';
      item.description = packOrigin(entry);
      item.tooltip = entry.error ?? entry.pack!.description;
      // A string tooltip would be the row's whole screen-reader label, without the pack's title.
      item.accessibilityInformation = { label: `${item.label as string}, ${item.description}: ${item.tooltip}` };
      item.iconPath = new vscode.ThemeIcon(entry.error ? 'warning' : 'package');
      return item;
    }
    if (node.kind === 'section') {
      const item = new vscode.TreeItem(node.section.title, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `section:${node.entry.dir}#${node.section.title}`;
      item.contextValue = 'section';
      item.description = sectionProgress(node.section.exercises, this.tracker.progress());
      item.accessibilityInformation = { label: `${node.section.title}, ${item.description} passed` };
      item.iconPath = new vscode.ThemeIcon('list-ordered');
      return item;
    }
    const { exercise } = node;
    const status = describeStatus(this.tracker.statusOf(exercise));
    const waiting = pendingPrerequisites(exercise, node.siblings, this.tracker.progress());
    const item = new vscode.TreeItem(exercise.title, vscode.TreeItemCollapsibleState.None);
    item.id = `exercise:${exercise.dir}`;
    // `exercise.sweep` adds Run Sweep to the row's actions.
    item.contextValue = isSweepExercise(exercise) ? 'exercise.sweep' : 'exercise';
    // Prerequisites advise an order; they lock nothing.
    const after = waiting.length > 0 ? `after ${waiting.join(', ')}` : '';
    item.description = [status.text, after].filter(Boolean).join(' · ');
    item.tooltip = new vscode.MarkdownString(`**${exercise.title}**\n\n${exercise.summary}${after ? `\n\nDo ${waiting.join(', ')} first.` : ''}`);
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
