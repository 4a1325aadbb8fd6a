// Runs sweeps for the editor: one at a time, on a pool of trainer processes (src/host/sweep.ts),
// its runs turned into panel events, the sweep's state kept here so a hidden or reloaded panel
// catches up. A single run and a sweep never train at once: each stops the other first.
import * as vscode from 'vscode';
import { toRunError } from '../engine/errors';
import type { Exercise } from '../engine/pack';
import type { SweepResult, SweepRunResult } from '../engine/sweep';
import { savedSweepSnapshot, sweepOf } from '../host/records';
import { RunStore } from '../host/runStore';
import { defaultWorkers, prepareSweep, startSweep } from '../host/sweep';
import { findSweep, recentSweeps, saveSweep } from '../host/sweepStore';
import type { SweepEvent, SweepListing, SweepSnapshot } from '../shared/panelProtocol';
import { HISTORY_LIMIT, listSweep } from '../shared/history';
import { PanelOutbox } from '../shared/panelOutbox';
import { reduceSweep, sweepSnapshot, withoutCurves } from '../shared/sweepState';
import type { ExerciseCatalog } from './catalog';
import { askForPrediction, type PredictionChoice } from './prediction';
import type { ExperimentRunner } from './runner';
import { RunnerBase } from './runnerBase';
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

export class SweepRunner extends RunnerBase<SweepSnapshot, SweepListing, SweepFinished, SweepTarget, SweepResult> {
  /** The earlier sweep the panel draws beside the current one. */
  compare: SweepResult | undefined;

  constructor(
    private readonly trainerPath: string,
    private readonly catalog: ExerciseCatalog,
    private readonly runner: ExperimentRunner,
  ) {
    super('dlExercises.sweepRunning', (sweeps) => ({ type: 'sweepHistory', sweeps }));
    // A single run replaces a sweep, as a newer run replaces an older one.
    this.disposables.push(runner.onWillRun(() => void this.stopAndWait()));
  }

  protected restore(workspaceDir: string | undefined): { snapshot?: SweepSnapshot; history: SweepListing[] } {
    const saved = workspaceDir ? recentSweeps(workspaceDir, HISTORY_LIMIT) : [];
    return {
      history: saved.map((record) => listSweep(sweepOf(record), { title: this.titleOf(record.exercise) })),
      snapshot: saved[0] && savedSweepSnapshot(saved[0], this.exerciseOf(saved[0].exercise)),
    };
  }

  /** Process ids of the running sweep's trainer workers (for the extension's tests). */
  get workerPids(): number[] {
    return this.active?.pids() ?? [];
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
    let snapshot: SweepSnapshot | undefined;
    // Finished runs reach the snapshot and the listeners (the panel, the status bar) in batches, as
    // they reach the webview: each fold recomputes the summary's shape over every outcome so far.
    const batches = new PanelOutbox((message) => {
      const event = message as SweepEvent; // the outbox posts what it was sent, or sweepRuns built from it
      snapshot = reduceSweep(snapshot, event);
      if (this.snapshot?.sweep.id !== sweepId) return;
      this.snapshot = snapshot;
      this.events.fire(event);
    });
    const emit = (event: SweepEvent) => batches.send(event);
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
      onRun: (run) => {
        runs.push(run);
        emit({ type: 'sweepRun', sweepId, run });
      },
    });
    let markRecorded: () => void = () => undefined;
    // Stop and wait resolves once the workers are gone and the sweep's end is recorded.
    const recorded = new Promise<void>((resolve) => (markRecorded = resolve));
    this.begin({ id: sweepId, cancel: () => handle.cancel(), kill: () => void handle.cancel(), ended: recorded, pids: () => handle.pids() });
    try {
      // The panel and the status bar item show the progress (see runner.ts): no toast over the panel.
      const final = await handle.result.then(
        (done): SweepResult => {
          emit({ type: 'sweepFinished', sweepId, sweep: done });
          return done;
        },
        (error): SweepResult => {
          const runError = toRunError(error);
          emit({ type: 'sweepFailed', sweepId, error: runError });
          // The runs the stop cancelled are noise next to the error: keep the ones that ran.
          const ran = runs.filter((run) => run.status !== 'cancelled').sort((a, b) => a.index - b.index);
          return { ...record!, runs: ran, status: 'cancelled', finishedAt: Date.now(), error: runError };
        },
      );
      this.end(sweepId);

      if (workspace) saveSweep(workspace, final);
      if (workspace && final.checks) new RunStore(workspace).recordProgress(exercise.id, { passed: final.passed ?? false });
      this.conclude(listSweep(final, { title: exercise.title }), { exercise, file, sweep: final, snapshot: snapshot ?? sweepSnapshot(final, exerciseInfo, false) });
      return final;
    } finally {
      markRecorded();
    }
  }

  /** Shows a saved sweep (a row of the recent-sweeps table). */
  showSweep(sweepId: string): void {
    if (this.active || sweepId === this.snapshot?.sweep.id) return;
    const workspace = this.workspaceDir();
    const record = workspace ? findSweep(workspace, sweepId) : undefined;
    if (!record) return;
    this.snapshot = savedSweepSnapshot(record, this.exerciseOf(record.exercise));
    this.events.fire({ type: 'sweepReplay', state: this.snapshot });
  }

  /** Draws a saved sweep beside the current one; null: stop comparing. */
  compareWith(sweepId: string | null): void {
    const workspace = this.workspaceDir();
    const record = sweepId && workspace ? findSweep(workspace, sweepId) : undefined;
    this.compare = record ? withoutCurves(sweepOf(record)) : undefined;
    this.events.fire({ type: 'sweepCompare', sweep: this.compare ?? null });
  }

  private titleOf(exerciseId: string): string | undefined {
    return this.catalog.exercises().find((e) => e.id === exerciseId)?.title;
  }

  private exerciseOf(exerciseId: string): SweepSnapshot['exercise'] {
    return { id: exerciseId, title: this.titleOf(exerciseId) ?? exerciseId };
  }
}

function showError(error: ReturnType<typeof toRunError>, file: string): void {
  const location = error.location;
  void vscode.window.showErrorMessage(`DL Exercises: the sweep cannot start. ${error.message}`, ...(location ? ['Go to Error'] : [])).then((choice) => {
    if (!choice || !location) return;
    const position = new vscode.Position(location.line - 1, Math.max(0, location.column - 1));
    void vscode.window.showTextDocument(vscode.Uri.file(location.file || file), { selection: new vscode.Range(position, position) });
  });
}
