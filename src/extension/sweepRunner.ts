// Runs sweeps for the editor: one at a time, on a pool of trainer processes (src/host/pool.ts),
// its runs turned into panel events, the sweep's state kept here so a hidden or reloaded panel
// catches up. A single run and a sweep never train at once: each stops the other first.
import * as vscode from 'vscode';
import { toRunError } from '../engine/errors';
import type { Exercise } from '../engine/pack';
import type { SweepResult, SweepRunResult } from '../engine/sweep';
import { RunStore } from '../host/runStore';
import { defaultWorkers, prepareSweep, startSweep, type SweepHandle } from '../host/pool';
import { findSweep, recentSweeps, saveSweep } from '../host/sweepStore';
import type { HostToPanel, SweepEvent, SweepListing, SweepSnapshot } from '../shared/panelProtocol';
import { addToHistory, HISTORY_LIMIT, listSweep } from '../shared/history';
import { reduceSweep, sweepSnapshot, withoutCurves } from '../shared/sweepState';
import type { ExerciseCatalog } from './catalog';
import { askForPrediction, type PredictionChoice } from './prediction';
import type { ExperimentRunner } from './runner';
import { readSettings } from './settings';
import { prepareTarget, type RunTarget } from './targets';

export interface SweepTarget extends RunTarget {
  /** A prediction (or 'none') instead of asking the learner. */
  prediction?: PredictionChoice;
  /** Trainer processes; default: the setting, else one per CPU core. */
  workers?: number;
  /** The reduced sizes of `dlx validate`. */
  quick?: boolean;
}

export interface SweepFinished {
  exercise: Exercise;
  file: string;
  sweep: SweepResult;
  snapshot: SweepSnapshot;
}

export class SweepRunner implements vscode.Disposable {
  /** `recorded` settles once the sweep's end is saved and announced. */
  private active: { handle: SweepHandle; sweepId: string; recorded: Promise<void> } | undefined;
  private lastTarget: SweepTarget | undefined;
  private restored: { snapshot?: SweepSnapshot; history: SweepListing[] } | undefined;
  /** The earlier sweep the panel draws beside the current one. */
  compare: SweepResult | undefined;
  private readonly events = new vscode.EventEmitter<HostToPanel>();
  readonly onEvent = this.events.event;
  private readonly starting = new vscode.EventEmitter<void>();
  /** A sweep is about to start: the panel opens. */
  readonly onWillRun = this.starting.event;
  private readonly finished = new vscode.EventEmitter<SweepFinished>();
  readonly onDidFinish = this.finished.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly trainerPath: string,
    private readonly catalog: ExerciseCatalog,
    private readonly runner: ExperimentRunner,
  ) {
    // A single run replaces a sweep, as a newer run replaces an older one.
    this.disposables.push(runner.onWillRun(() => void this.stopAndWait()));
  }

  /**
   * The last sweep and the recent ones, read from `.dlx/sweeps/` when first asked for (the panel
   * opens), not at activation: a 500-run record is megabytes.
   */
  private state(): { snapshot?: SweepSnapshot; history: SweepListing[] } {
    if (!this.restored) {
      const folder = this.workspaceDir();
      const saved = folder ? recentSweeps(folder, HISTORY_LIMIT) : [];
      this.restored = {
        history: saved.map((sweep) => listSweep(sweep, { title: this.titleOf(sweep.exercise) })),
        snapshot: saved[0] && sweepSnapshot(saved[0], this.exerciseOf(saved[0].exercise), false),
      };
    }
    return this.restored;
  }

  /** What the panel shows: the running sweep, else the last one opened or run. */
  get snapshot(): SweepSnapshot | undefined {
    return this.state().snapshot;
  }

  private set snapshot(snapshot: SweepSnapshot | undefined) {
    this.state().snapshot = snapshot;
  }

  /** The recent sweeps, newest first. */
  get history(): SweepListing[] {
    return this.state().history;
  }

  private set history(history: SweepListing[]) {
    this.state().history = history;
  }

  get running(): boolean {
    return this.active !== undefined;
  }

  /** Process ids of the running sweep's trainer workers (for the extension's tests). */
  get workerPids(): number[] {
    return this.active?.handle.pids() ?? [];
  }

  async run(target: SweepTarget = {}): Promise<SweepResult | undefined> {
    const resolved = await prepareTarget(this.catalog, target, 'sweep');
    if (!resolved) return undefined;
    const { exercise, file } = resolved;
    const settings = readSettings(exercise.limits);
    let prepared: ReturnType<typeof prepareSweep>;
    try {
      prepared = prepareSweep(exercise, file, target.seed ?? settings.seed);
    } catch (error) {
      showError(toRunError(error), file);
      return undefined;
    }
    const prediction = target.prediction ?? (settings.askForPrediction ? await askForPrediction(prepared.spec) : 'none');
    if (prediction === undefined) return undefined;
    // Run again asks for a new prediction: it is a new experiment.
    this.lastTarget = { ...target, file, exerciseDir: exercise.dir, prediction: undefined };
    await this.stopAndWait();
    await this.runner.stopAndWait();

    const exerciseInfo = { id: exercise.id, title: exercise.title };
    const workspace = this.workspaceDir();
    let record: SweepResult | undefined;
    const runs: SweepRunResult[] = [];
    let sweepId = '';
    let progress: vscode.Progress<{ message?: string; increment?: number }> | undefined;
    let snapshot: SweepSnapshot | undefined;
    const emit = (event: SweepEvent) => {
      snapshot = reduceSweep(snapshot, event);
      if (this.snapshot?.sweep.id !== sweepId) return;
      this.snapshot = snapshot;
      this.events.fire(event);
    };
    const handle = startSweep({
      exercise, learnerFile: file, spec: prepared.spec, baseSeed: prepared.baseSeed,
      backend: target.backend ?? settings.backend,
      workers: target.workers ?? settings.sweepWorkers ?? defaultWorkers(),
      limits: settings.limits,
      quick: target.quick ? exercise.sweepValidation ?? {} : undefined,
      prediction: prediction === 'none' ? undefined : prediction,
      trainerPath: this.trainerPath,
      onStart: (started) => {
        // The prediction is on disk before any result exists.
        record = started;
        sweepId = started.id;
        if (workspace) saveSweep(workspace, started);
        snapshot = sweepSnapshot(started, exerciseInfo);
        this.snapshot = snapshot;
        this.starting.fire();
        this.events.fire({ type: 'sweepReplay', state: snapshot });
      },
      onRun: (run, done, total) => {
        runs.push(run);
        progress?.report({ message: `run ${done} / ${total}${failedNote(runs)}`, increment: 100 / total });
        emit({ type: 'sweepRun', sweepId, run });
      },
    });
    let markRecorded: () => void = () => undefined;
    this.active = { handle, sweepId, recorded: new Promise((resolve) => (markRecorded = resolve)) };
    void vscode.commands.executeCommand('setContext', 'dlExercises.sweepRunning', true);
    try {
      const final = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `${exercise.title}: sweep of ${handle.plan.runs.length} runs`, cancellable: true },
        async (report, token): Promise<SweepResult> => {
          progress = report;
          token.onCancellationRequested(() => void handle.cancel());
          try {
            const done = await handle.result;
            emit({ type: 'sweepFinished', sweepId, sweep: done });
            return done;
          } catch (error) {
            const runError = toRunError(error);
            emit({ type: 'sweepFailed', sweepId, error: runError });
            // The runs the stop cancelled are noise next to the error: keep the ones that ran.
            const ran = runs.filter((run) => run.status !== 'cancelled').sort((a, b) => a.index - b.index);
            return { ...record!, runs: ran, status: 'cancelled', finishedAt: Date.now(), error: runError };
          }
        },
      );
      if (this.active?.sweepId === sweepId) this.active = undefined;
      void vscode.commands.executeCommand('setContext', 'dlExercises.sweepRunning', this.running);

      if (workspace) saveSweep(workspace, final);
      if (workspace && final.checks) new RunStore(workspace).recordProgress(exercise.id, { passed: final.passed ?? false });
      this.history = addToHistory(this.history, listSweep(final, { title: exercise.title }));
      this.events.fire({ type: 'sweepHistory', sweeps: this.history });
      this.finished.fire({ exercise, file, sweep: final, snapshot: snapshot ?? sweepSnapshot(final, exerciseInfo, false) });
      return final;
    } finally {
      markRecorded();
    }
  }

  rerun(): Promise<SweepResult | undefined> {
    return this.run(this.lastTarget ?? {});
  }

  stop(): void {
    void this.active?.handle.cancel();
  }

  /** Stops the sweep in progress, if any; resolves once its workers are gone and it is recorded. */
  async stopAndWait(): Promise<void> {
    const active = this.active;
    if (!active) return;
    await active.handle.cancel();
    await active.recorded;
  }

  /** Shows a saved sweep (a row of the recent-sweeps table). */
  showSweep(sweepId: string): void {
    if (this.active || sweepId === this.snapshot?.sweep.id) return;
    const workspace = this.workspaceDir();
    const sweep = workspace ? findSweep(workspace, sweepId) : undefined;
    if (!sweep) return;
    this.snapshot = sweepSnapshot(sweep, this.exerciseOf(sweep.exercise), false);
    this.events.fire({ type: 'sweepReplay', state: this.snapshot });
  }

  /** Draws a saved sweep beside the current one; null: stop comparing. */
  compareWith(sweepId: string | null): void {
    const workspace = this.workspaceDir();
    const sweep = sweepId && workspace ? findSweep(workspace, sweepId) : undefined;
    this.compare = sweep ? withoutCurves(sweep) : undefined;
    this.events.fire({ type: 'sweepCompare', sweep: this.compare ?? null });
  }

  private workspaceDir(): string | undefined {
    return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  }

  private titleOf(exerciseId: string): string | undefined {
    return this.catalog.exercises().find((e) => e.id === exerciseId)?.title;
  }

  private exerciseOf(exerciseId: string): SweepSnapshot['exercise'] {
    return { id: exerciseId, title: this.titleOf(exerciseId) ?? exerciseId };
  }

  dispose(): void {
    // VS Code is shutting down: the workers must not outlive us.
    void this.active?.handle.cancel();
    this.disposables.forEach((d) => d.dispose());
    this.events.dispose();
    this.starting.dispose();
    this.finished.dispose();
  }
}

function failedNote(runs: SweepRunResult[]): string {
  const failed = runs.filter((run) => run.status === 'failed').length;
  return failed ? `, ${failed} failed` : '';
}

function showError(error: ReturnType<typeof toRunError>, file: string): void {
  const location = error.location;
  void vscode.window.showErrorMessage(`DL Exercises: the sweep cannot start. ${error.message}`, ...(location ? ['Go to Error'] : [])).then((choice) => {
    if (!choice || !location) return;
    const position = new vscode.Position(location.line - 1, Math.max(0, location.column - 1));
    void vscode.window.showTextDocument(vscode.Uri.file(location.file || file), { selection: new vscode.Range(position, position) });
  });
}
