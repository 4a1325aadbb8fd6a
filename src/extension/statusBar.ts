// A status bar item while an experiment or a sweep runs, and its verdict after; clicking it
// reveals the panel.
import * as vscode from 'vscode';
import type { ExperimentRunner } from './runner';
import type { SweepRunner } from './sweepRunner';

export function register(runner: ExperimentRunner, sweeps: SweepRunner): vscode.Disposable[] {
  const item = vscode.window.createStatusBarItem('dlExercises.status', vscode.StatusBarAlignment.Left, 10);
  item.name = 'DL Exercises';
  item.command = 'dlExercises.showPanel';
  const listener = runner.onEvent((event) => {
    const snapshot = runner.snapshot;
    if (!snapshot) return;
    const exercise = snapshot.exercise?.title ?? snapshot.run?.exercise ?? 'experiment';
    if (snapshot.status === 'running') {
      const total = snapshot.run?.settings.epochs;
      const epoch = snapshot.latest?.epoch ?? 0;
      item.text = `$(sync~spin) ${exercise} ${total ? `${epoch}/${total}` : 'starting'}`;
      item.tooltip = 'DL Exercises: training. Click to show the Experiment panel.';
      item.show();
    } else if (event.type === 'finished' || event.type === 'failed') {
      const passed = snapshot.result?.passed;
      item.text = `${passed ? '$(pass)' : '$(error)'} ${exercise}`;
      item.tooltip = passed ? 'All checks passed. Click to show the Experiment panel.' : 'Not passed yet. Click to show the Experiment panel.';
      item.show();
    }
  });
  const sweepListener = sweeps.onEvent((event) => {
    const snapshot = sweeps.snapshot;
    if (!snapshot || event.type === 'sweepHistory' || event.type === 'sweepCompare') return;
    const title = snapshot.exercise.title;
    if (snapshot.status === 'running') {
      item.text = `$(sync~spin) ${title} sweep ${snapshot.sweep.runs.length}/${snapshot.total}`;
      item.tooltip = 'DL Exercises: sweep running. Click to show the Experiment panel.';
    } else {
      const passed = snapshot.sweep.passed;
      item.text = `${passed ? '$(pass)' : '$(error)'} ${title} sweep`;
      item.tooltip = passed ? 'The sweep passed its checks. Click to show the Experiment panel.' : 'The sweep has not passed yet. Click to show the Experiment panel.';
    }
    item.show();
  });
  return [item, listener, sweepListener];
}
