// A status bar item while an experiment or a sweep runs, and the exercise's status after
// (progressTracker.ts, the same words as the Exercises view); clicking it reveals the panel.
import * as vscode from 'vscode';
import { isSweepExercise } from '../engine/pack';
import { describeStatus, type StatusLook } from './exerciseStatus';
import type { ProgressTracker } from './progressTracker';
import type { ExperimentRunner } from './runner';
import type { SweepRunner } from './sweepRunner';

const ICONS: Record<StatusLook, string> = { passed: '$(pass)', failed: '$(error)', error: '$(warning)', tried: '$(circle-large-outline)', new: '$(circle-large-outline)' };

export function register(runner: ExperimentRunner, sweeps: SweepRunner, tracker: ProgressTracker): vscode.Disposable[] {
  const item = vscode.window.createStatusBarItem('dlExercises.status', vscode.StatusBarAlignment.Left, 10);
  item.name = 'DL Exercises';
  item.command = 'dlExercises.showPanel';
  const listener = runner.onEvent(() => {
    const snapshot = runner.snapshot;
    if (snapshot?.status !== 'running') return;
    const exercise = snapshot.exercise?.title ?? snapshot.run?.exercise ?? 'experiment';
    const total = snapshot.run?.settings.epochs;
    const epoch = snapshot.latest?.epoch ?? 0;
    item.text = `$(sync~spin) ${exercise} ${total ? `${epoch}/${total}` : 'starting'}`;
    item.tooltip = 'DL Exercises: training. Click to show the Experiment panel.';
    item.show();
  });
  const sweepListener = sweeps.onEvent((event) => {
    const snapshot = sweeps.snapshot;
    if (snapshot?.status !== 'running' || event.type === 'sweepHistory' || event.type === 'sweepCompare') return;
    const failed = snapshot.sweep.runs.filter((run) => run.status === 'failed').length;
    item.text = `$(sync~spin) ${snapshot.exercise.title} sweep ${snapshot.sweep.runs.length}/${snapshot.total}${failed ? `, ${failed} failed` : ''}`;
    item.tooltip = 'DL Exercises: sweep running. Click to show the Experiment panel.';
    item.show();
  });
  const statusListener = tracker.onDidChange(({ exercise, status }) => {
    const { text, look } = describeStatus(status);
    item.text = `${ICONS[look]} ${exercise.title}${text ? `: ${text}` : ''}`;
    item.tooltip = `${exercise.title}: ${text || 'no verdict yet'} (the latest ${isSweepExercise(exercise) ? 'sweep' : 'run'}). Click to show the Experiment panel.`;
    item.show();
  });
  return [item, listener, sweepListener, statusListener];
}
