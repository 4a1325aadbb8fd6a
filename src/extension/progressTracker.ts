// The one source of exercise statuses in the editor: every finished run and sweep goes through
// here (rules in exerciseStatus.ts), its verdict is kept in `.dlx/progress.json`, and the
// Exercises view, the Test Explorer and the status bar show what this says.
import * as vscode from 'vscode';
import { fileIsUnchangedStarter } from '../engine/attempt';
import type { Exercise } from '../engine/pack';
import { RunStore, type Progress } from '../host/runStore';
import { functionVerdict, runVerdict, statusFromProgress, sweepVerdict, type ExerciseStatus, type Verdict } from './exerciseStatus';
import type { ExperimentRunner } from './runner';
import type { SweepRunner } from './sweepRunner';

export interface StatusChange {
  exercise: Exercise;
  status: ExerciseStatus;
  /** Undefined when the run said nothing about the exercise (stopped, or one run of a sweep exercise). */
  verdict?: Verdict;
}

export class ProgressTracker implements vscode.Disposable {
  /** Read once, then kept in step with what this writes; the runners add run counts. */
  private cached: Progress | undefined;
  private readonly changed = new vscode.EventEmitter<StatusChange>();
  /** After every finished run or sweep of an exercise, its status updated. */
  readonly onDidChange = this.changed.event;
  private readonly listeners: vscode.Disposable[];

  constructor(runner: ExperimentRunner, sweeps: SweepRunner) {
    this.listeners = [
      runner.onDidFinish(({ exercise, snapshot }) => this.record(exercise, runVerdict(exercise, snapshot, fileIsUnchangedStarter(exercise, snapshot.learnerFile)))),
      sweeps.onDidFinish(({ exercise, file, sweep }) => this.record(exercise, sweepVerdict(exercise, sweep, fileIsUnchangedStarter(exercise, file)))),
      runner.onDidFinishFunction(({ exercise, state }) => this.record(exercise, functionVerdict(state))),
    ];
  }

  progress(): Progress {
    this.cached ??= this.store()?.progress() ?? {};
    return this.cached;
  }

  /** Forgets what was read: the next question reads progress.json again. */
  reload(): void {
    this.cached = undefined;
  }

  /** Keeps one more revealed hint of a ladder (src/engine/hints.ts); the view and panel read it back. */
  recordHintsRevealed(exercise: Exercise, ladder: string, count: number): void {
    const store = this.store();
    if (!store) return;
    this.cached = store.progress();
    this.cached[exercise.id] = store.recordHintsRevealed(exercise.id, ladder, count);
  }

  recordSolutionShown(exercise: Exercise): void {
    const store = this.store();
    if (!store) return;
    this.cached = store.progress();
    this.cached[exercise.id] = store.recordSolutionShown(exercise.id);
  }

  statusOf(exercise: Exercise): ExerciseStatus {
    return statusFromProgress(this.progress()[exercise.id]);
  }

  private record(exercise: Exercise, verdict: Verdict | undefined): void {
    const store = this.store();
    // The runner has just counted the run in progress.json: read it again.
    this.cached = store?.progress() ?? {};
    if (verdict && store) this.cached[exercise.id] = store.recordStatus(exercise.id, verdict.state, verdict.verification);
    this.changed.fire({ exercise, status: this.statusOf(exercise), verdict });
  }

  private store(): RunStore | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder ? new RunStore(folder.uri.fsPath) : undefined;
  }

  dispose(): void {
    this.listeners.forEach((listener) => listener.dispose());
    this.changed.dispose();
  }
}

