// Runs experiments for the editor: one trainer child process at a time, its messages turned
// into panel events, the run's state kept here so a hidden or reloaded panel can catch up.
import * as vscode from 'vscode';
import { isSweepExercise, type Exercise } from '../engine/pack';
import { RunStore, hashFile } from '../host/runStore';
import { startTrainer, type TrainerHandle } from '../host/trainerProcess';
import type { HostToPanel, PanelSnapshot, RunEvent, RunSummary } from '../shared/panelProtocol';
import { addToHistory, HISTORY_LIMIT, summarizeRun } from '../shared/history';
import { emptySnapshot, reduceRun } from '../shared/runState';
import type { BackendChoice, TrainerToHost } from '../trainer/protocol';
import type { ExerciseCatalog } from './catalog';
import { readSettings } from './settings';
import { prepareTarget, type RunTarget } from './targets';

export { RESTRICTED_MODE_MESSAGE, type RunTarget } from './targets';

export class ExperimentRunner implements vscode.Disposable {
  private active: { handle: TrainerHandle; runId: string } | undefined;
  private lastTarget: RunTarget | undefined;
  private restored: { snapshot?: PanelSnapshot; history: RunSummary[] } | undefined;
  private readonly events = new vscode.EventEmitter<HostToPanel>();
  /** Every panel event, in order: run events, history updates. */
  readonly onEvent = this.events.event;
  private readonly starting = new vscode.EventEmitter<void>();
  /** A run is about to start: the panel opens. */
  readonly onWillRun = this.starting.event;
  private readonly finished = new vscode.EventEmitter<{ exercise: Exercise; snapshot: PanelSnapshot; file: string }>();
  readonly onDidFinish = this.finished.event;

  constructor(
    private readonly trainerPath: string,
    private readonly catalog: ExerciseCatalog,
  ) {}

  /**
   * After a window reload the panel shows the last run again, and the ones before it: read from
   * `.dlx/runs/` when first asked for (the panel opens), not at activation (records can be megabytes).
   */
  private state(): { snapshot?: PanelSnapshot; history: RunSummary[] } {
    if (!this.restored) {
      const records = this.store()?.recentRuns(HISTORY_LIMIT) ?? [];
      this.restored = { snapshot: records[0]?.snapshot, history: records.map((record) => summarizeRun(record.snapshot)) };
    }
    return this.restored;
  }

  /** What the panel shows: the latest run, or a saved one reopened. */
  get snapshot(): PanelSnapshot | undefined {
    return this.state().snapshot;
  }

  private set snapshot(snapshot: PanelSnapshot | undefined) {
    this.state().snapshot = snapshot;
  }

  /** The recent runs, newest first. */
  get history(): RunSummary[] {
    return this.state().history;
  }

  private set history(history: RunSummary[]) {
    this.state().history = history;
  }

  /** Shows a saved run in the panel (a row of its recent-runs table). */
  showRun(runId: string): void {
    if (this.active) return;
    const record = runId === this.snapshot?.runId ? undefined : this.store()?.findRun(runId);
    if (!record) return;
    this.snapshot = record.snapshot;
    this.events.fire({ type: 'replay', state: record.snapshot });
  }

  get running(): boolean {
    return this.active !== undefined;
  }

  /** The process id of the trainer of the run in progress, if any (for the extension's tests). */
  get trainerPid(): number | undefined {
    return this.active?.handle.pid;
  }

  private store(): RunStore | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder ? new RunStore(folder.uri.fsPath) : undefined;
  }

  async run(target: RunTarget = {}): Promise<PanelSnapshot | undefined> {
    const resolved = await prepareTarget(this.catalog, target, 'experiment');
    if (!resolved) return undefined;
    const { exercise, file } = resolved;
    this.lastTarget = { ...target, file, exerciseDir: exercise.dir };
    // One trainer at a time, the latest request wins. A loop: two requests may wait for the same
    // run to stop, and the first of them to resume starts the next run.
    while (this.active) await this.stopAndWait();

    const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const settings = readSettings(exercise.limits);
    const startedAt = Date.now();
    // This run's own state. The panel (and `this.snapshot`) show the latest run only: a run that a
    // newer one replaced still ends, is recorded and returned, but its late events are not shown.
    let snapshot: PanelSnapshot = { ...emptySnapshot(runId), startedAt, learnerFile: file, exercise: { id: exercise.id, title: exercise.title } };
    this.snapshot = snapshot;
    this.starting.fire();
    this.events.fire({ type: 'replay', state: snapshot });

    const emit = (event: RunEvent) => {
      snapshot = reduceRun(snapshot, event);
      if (this.snapshot?.runId !== runId) return;
      this.snapshot = snapshot;
      this.events.fire(event);
    };
    let totalEpochs = 0;
    let reportedEpoch = 0;
    let progress: vscode.Progress<{ message?: string; increment?: number }> | undefined;
    const onMessage = (message: TrainerToHost) => {
      switch (message.type) {
        case 'started':
          totalEpochs = message.run.settings.epochs;
          return emit({ type: 'runStarted', runId, startedAt, learnerFile: file, run: message.run });
        case 'progress': {
          const epoch = message.epochs[message.epochs.length - 1].epoch;
          progress?.report({ message: `epoch ${epoch} / ${totalEpochs}`, increment: ((epoch - reportedEpoch) / Math.max(1, totalEpochs)) * 100 });
          reportedEpoch = epoch;
          return emit({ type: 'progress', runId, epochs: message.epochs });
        }
        case 'log':
          return emit({ type: 'log', runId, text: message.text });
        case 'finished':
        case 'failed':
          return;
      }
    };
    const handle = startTrainer(
      { exerciseDir: exercise.dir, learnerFile: file, seed: target.seed ?? settings.seed, epochs: target.epochs, backend: target.backend ?? settings.backend },
      settings.limits,
      onMessage,
      this.trainerPath,
    );
    this.active = { handle, runId };
    void vscode.commands.executeCommand('setContext', 'dlExercises.running', true);

    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `${exercise.title}: training`, cancellable: true },
      async (report, token) => {
        progress = report;
        token.onCancellationRequested(() => handle.cancel());
        return handle.outcome;
      },
    );
    if (this.active?.runId === runId) this.active = undefined;
    void vscode.commands.executeCommand('setContext', 'dlExercises.running', this.running);
    emit(outcome.type === 'finished' ? { type: 'finished', runId, result: outcome.result } : { type: 'failed', runId, error: outcome.error });

    const store = this.store();
    if (store) {
      store.saveRun(snapshot, hashFile(file));
      // A sweep exercise is passed by its sweep, not by one run of it.
      if (snapshot.result) store.recordProgress(exercise.id, { passed: snapshot.result.passed && !isSweepExercise(exercise), metrics: snapshot.result.status === 'completed' ? snapshot.result.metrics : undefined });
    }
    this.history = addToHistory(this.history, summarizeRun(snapshot));
    this.events.fire({ type: 'history', runs: this.history });
    this.finished.fire({ exercise, snapshot, file });
    return snapshot;
  }

  rerun(): Promise<PanelSnapshot | undefined> {
    return this.run(this.lastTarget ?? {});
  }

  stop(): void {
    this.active?.handle.cancel();
  }

  /** Stops the run in progress, if any, and resolves once its trainer is gone. */
  async stopAndWait(): Promise<void> {
    const active = this.active;
    if (!active) return;
    active.handle.cancel();
    await active.handle.outcome;
  }

  dispose(): void {
    // VS Code is shutting down or the extension is disabled: the trainer must not outlive us,
    // and there is no time left for a graceful stop.
    this.active?.handle.kill();
    this.events.dispose();
    this.starting.dispose();
    this.finished.dispose();
  }
}
