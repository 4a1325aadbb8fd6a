// A status bar item while an experiment runs; clicking it reveals the panel.
import * as vscode from 'vscode';
import type { ExperimentRunner } from './runner';

export function register(runner: ExperimentRunner): vscode.Disposable[] {
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
  return [item, listener];
}
