// A status bar item while an experiment or a sweep runs, and the exercise's status after
// (progressTracker.ts, the same words as the Exercises view); clicking it reveals the panel.
import * as vscode from 'vscode';
import { isSweepExercise } from '../engine/pack';
import { describeStatus, type StatusLook } from './exerciseStatus';
import { Throttle } from '../shared/throttle';
import type { ProgressTracker } from './progressTracker';
import type { ExperimentRunner } from './runner';
import type { SweepRunner } from './sweepRunner';

/** A sweep reports every run (hundreds a minute); the item need not repaint the workbench for each. */
const SWEEP_TEXT_INTERVAL_MS = 500;
/**
 * Not the spinning `sync~spin` of a run: a sweep lasts long enough for the spin (a CSS animation
 * that repaints the workbench 20 times a second) to cost the workers noticeable CPU, and its
 * counter moves anyway.
 */
const SWEEP_ICON = '$(pulse)';

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
  const sweepText = new Throttle(() => {
    const snapshot = sweeps.snapshot;
    if (snapshot?.status !== 'running') return;
    const failed = snapshot.sweep.runs.filter((run) => run.status === 'failed').length;
    item.text = `${SWEEP_ICON} ${snapshot.exercise.title} sweep ${snapshot.sweep.runs.length}/${snapshot.total}${failed ? `, ${failed} failed` : ''}`;
    item.tooltip = 'DL Exercises: sweep running. Click to show the Experiment panel.';
    item.show();
  }, SWEEP_TEXT_INTERVAL_MS);
  const sweepListener = sweeps.onEvent((event) => {
    if (sweeps.snapshot?.status !== 'running' || event.type === 'sweepHistory' || event.type === 'sweepCompare') return;
    sweepText.request();
  });
  const statusListener = tracker.onDidChange(({ exercise, status }) => {
    sweepText.cancel();
    const { text, look } = describeStatus(status);
    item.text = `${ICONS[look]} ${exercise.title}${text ? `: ${text}` : ''}`;
    item.tooltip = `${exercise.title}: ${text || 'no verdict yet'} (the latest ${isSweepExercise(exercise) ? 'sweep' : 'run'}). Click to show the Experiment panel.`;
    item.show();
  });
  return [item, listener, sweepListener, statusListener, { dispose: () => sweepText.cancel() }];
}
