// Runs experiments for the editor: one trainer child process at a time, its messages turned
// into panel events, the run's state kept here so a hidden or reloaded panel can catch up.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { toRunError } from '../engine/errors';
import { isSweepExercise, type Exercise } from '../engine/pack';
import { runRecord, runSnapshot } from '../host/records';
import { createRunCheckpoints, decideCheckpointChecks, hasCheckpointChecks } from '../host/runCheckpoints';
import { RunStore, hashFile } from '../host/runStore';
import { planStart, type StartPlan } from '../host/startFrom';
import { startTrainer, type TrainerHandle, type TrainerOutcome, type TrainerUpdate } from '../host/trainerProcess';
import { startFunctionRun } from '../host/functionRun';
import type { RunRequest } from '../trainer/protocol';
import type { FunctionPanelState, PanelSnapshot, RunEvent, RunSummary } from '../shared/panelProtocol';
import { HISTORY_LIMIT, summarizeRun } from '../shared/history';
import { reduceRun, startingSnapshot } from '../shared/runState';
import type { ExerciseCatalog } from './catalog';
import { RunnerBase } from './runnerBase';
import { readSettings } from './settings';
import { prepareTarget, type RunTarget } from './targets';

export { RESTRICTED_MODE_MESSAGE, type RunTarget } from './targets';

export class ExperimentRunner extends RunnerBase<PanelSnapshot, RunSummary, { exercise: Exercise; snapshot: PanelSnapshot; file: string }, RunTarget, PanelSnapshot> {
  constructor(
    private readonly trainerPath: string,
    private readonly catalog: ExerciseCatalog,
  ) {
    super('dlExercises.running', (runs) => ({ type: 'history', runs }));
  }

  protected restore(workspaceDir: string | undefined): { snapshot?: PanelSnapshot; history: RunSummary[] } {
    const snapshots = (workspaceDir ? new RunStore(workspaceDir).recentRuns(HISTORY_LIMIT) : []).map(runSnapshot);
    return { snapshot: snapshots[0], history: snapshots.map(summarizeRun) };
  }

  /** Shows a saved run in the panel (a row of its recent-runs table). */
  showRun(runId: string): void {
    if (this.active) return;
    const workspace = this.workspaceDir();
    const record = runId === this.snapshot?.runId || !workspace ? undefined : new RunStore(workspace).findRun(runId);
    if (!record) return;
    this.snapshot = runSnapshot(record);
    this.events.fire({ type: 'replay', state: this.snapshot });
  }

  private readonly functionFinished = new vscode.EventEmitter<{ exercise: Exercise; state: FunctionPanelState }>();
  /** A function exercise's run ended (src/host/functionRun.ts): its verdict is in `state`. */
  readonly onDidFinishFunction = this.functionFinished.event;
  /** The last function exercise's run, once it ended (the Test Explorer reads its verdict). */
  lastFunctionRun: FunctionPanelState | undefined;
  /** Continues a stopped run (its Resume button) from its last checkpoint, as a new run. */
  resume(runId: string): Promise<PanelSnapshot | undefined> {
    const record = this.workspaceDir() && new RunStore(this.workspaceDir()!).findRun(runId);
    if (!record || !record.learnerFile) return Promise.resolve(undefined);
    // The exercise the run trained: the file's own, else the one of its id, the workspace's copy first.
    const id = record.started?.exercise ?? record.exercise?.id;
    const workspace = this.workspaceDir()!;
    const sameId = this.catalog.exercises().filter((exercise) => exercise.id === id);
    const exercise = this.catalog.exerciseForFile(record.learnerFile) ?? sameId.find((e) => !path.relative(workspace, e.dir).startsWith('..')) ?? sameId[0];
    return this.run({ file: record.learnerFile, resumeRunId: runId, ...(exercise ? { exerciseDir: exercise.dir } : {}) });
  }

  /** The process id of the trainer of the run in progress, if any (for the extension's tests). */
  get trainerPid(): number | undefined {
    return this.active?.pids()[0];
  }

  async run(target: RunTarget = {}): Promise<PanelSnapshot | undefined> {
    const resolved = await prepareTarget(this.catalog, target, 'experiment');
    if (!resolved) return undefined;
    const { exercise, file } = resolved;
    const workspaceDir = this.workspaceDir();
    let start: StartPlan | undefined;
    try {
      start = target.resumeRunId && workspaceDir ? planStart({ resume: target.resumeRunId, learnerFile: file }, exercise, new RunStore(workspaceDir)) : undefined;
    } catch (error) {
      void vscode.window.showErrorMessage((error as Error).message);
      return undefined;
    }
    // Run again after a resume trains the file anew.
    this.lastTarget = { ...target, file, exerciseDir: exercise.dir, resumeRunId: undefined };
    // One trainer at a time, the latest request wins. A loop: two requests may wait for the same
    // run to stop, and the first of them to resume starts the next run.
    while (this.active) await this.stopAndWait();
    if (exercise.kind === 'function') {
      await this.runFunction(exercise, file);
      return undefined;
    }

    const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const settings = readSettings(exercise.limits);
    const startedAt = Date.now();
    // This run's own state. The panel (and `this.snapshot`) show the latest run only: a run that a
    // newer one replaced still ends, is recorded and returned, but its late events are not shown.
    const earlier = start?.earlier ?? [];
    let snapshot = startingSnapshot(runId, startedAt, file, exercise, earlier);
    this.snapshot = snapshot;
    this.starting.fire();
    this.events.fire({ type: 'replay', state: snapshot });

    const emit = (event: RunEvent) => {
      snapshot = reduceRun(snapshot, event);
      if (this.snapshot?.runId !== runId) return;
      this.snapshot = snapshot;
      this.events.fire(event);
    };
    for (const note of start?.notes ?? []) emit({ type: 'log', runId, text: note });
    // The trainer may not write files: its checkpoints go next to the run's record.
    const checkpoints = createRunCheckpoints(workspaceDir && new RunStore(workspaceDir).checkpointsDir(startedAt, exercise.id, runId));
    const onUpdate = (message: TrainerUpdate) => {
      checkpoints.observe(message);
      switch (message.type) {
        case 'started':
          return emit({ type: 'runStarted', runId, startedAt, learnerFile: file, run: message.run });
        case 'progress':
          return emit({ type: 'progress', runId, epochs: message.epochs });
        case 'log':
          return emit({ type: 'log', runId, text: message.text });
        case 'checkpoint':
          if (!workspaceDir) emit({ type: 'log', runId, text: `The checkpoint of epoch ${message.checkpoint.epoch} was not saved: checkpoints go under .dlx/runs/ of a workspace folder, and none is open.` });
          return;
      }
    };
    const request: RunRequest = { exerciseDir: exercise.dir, learnerFile: file, seed: start?.seed ?? target.seed ?? settings.seed, epochs: start?.epochs ?? target.epochs, backend: target.backend ?? settings.backend, ...(start ? { startFrom: start.startFrom } : {}) };
    const handle = startTrainer(request, settings.limits, onUpdate, this.trainerPath);
    // The run's trainers: its own, then the extra runs of its checkpoint checks. Stop ends them all.
    const trainers = new Set<TrainerHandle>([handle]);
    let stopped = false;
    let markEnded!: () => void;
    const ended = new Promise<void>((resolve) => (markEnded = resolve));
    this.begin({
      id: runId,
      cancel: () => {
        stopped = true;
        trainers.forEach((trainer) => trainer.cancel());
      },
      kill: () => {
        stopped = true;
        trainers.forEach((trainer) => trainer.kill());
      },
      ended,
      pids: () => [...trainers].flatMap((trainer) => (trainer.pid === undefined ? [] : [trainer.pid])),
    });

    // The panel (opened by onWillRun) and the status bar item show the progress, both from this
    // run's snapshot: a progress toast would cover the panel and count epochs of its own.
    let outcome = await handle.outcome;
    trainers.delete(handle);
    // The exercise's checkpoint checks, decided here from extra runs, as `dlx run` decides them (host/runCheckpoints.ts).
    const extraRun = async (req: RunRequest, update: (message: TrainerUpdate) => void): Promise<TrainerOutcome> => {
      if (stopped) return { type: 'failed', error: { kind: 'crash', message: 'The run was stopped before this check\'s run started.' } };
      const extra = startTrainer(req, settings.limits, update, this.trainerPath);
      trainers.add(extra);
      try {
        return await extra.outcome;
      } finally {
        trainers.delete(extra);
      }
    };
    try {
      if (outcome.type === 'finished' && hasCheckpointChecks(exercise)) {
        outcome = { ...outcome, result: await decideCheckpointChecks(exercise, request, outcome.result, checkpoints, extraRun, (text) => emit({ type: 'log', runId, text })) };
      }
    } catch (error) {
      outcome = { type: 'failed', error: toRunError(error) };
    } finally {
      // Stop and wait (a new run, the editor closing) waits for this.
      markEnded();
    }
    this.end(runId);
    emit({ ...outcome, runId });

    const workspace = this.workspaceDir();
    if (workspace) {
      const store = new RunStore(workspace);
      store.saveRun(runRecord(snapshot, outcome, hashFile(file)));
      // A sweep exercise is passed by its sweep, not by one run of it.
      if (outcome.type === 'finished') store.recordProgress(exercise.id, { passed: outcome.result.passed && !isSweepExercise(exercise), metrics: outcome.result.status === 'completed' ? outcome.result.metrics : undefined });
    }
    this.conclude(summarizeRun(snapshot), { exercise, snapshot, file });
    return snapshot;
  }

  /** A function exercise: its calls in two trainer children, the verdict decided in the host; the panel's function view shows it. */
  private async runFunction(exercise: Exercise, file: string): Promise<void> {
    const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const settings = readSettings(exercise.limits);
    let state: FunctionPanelState = { runId, startedAt: Date.now(), learnerFile: file, exercise: { id: exercise.id, title: exercise.title }, status: 'running' };
    this.starting.fire();
    this.events.fire({ type: 'functionRun', state });
    const handle = startFunctionRun({ ...exercise, limits: settings.limits }, file, { trainerPath: this.trainerPath });
    this.begin({ id: runId, cancel: () => handle.cancel(), kill: () => handle.kill(), ended: handle.outcome, pids: () => [] });
    const outcome = await handle.outcome;
    this.end(runId);
    state = outcome.type === 'finished' ? { ...state, status: 'completed', result: outcome.result } : { ...state, status: 'failed', error: outcome.error };
    this.events.fire({ type: 'functionRun', state });
    const workspace = this.workspaceDir();
    if (workspace && outcome.type === 'finished') new RunStore(workspace).recordProgress(exercise.id, { passed: outcome.result.passed });
    this.lastFunctionRun = state;
    this.functionFinished.fire({ exercise, state });
  }

  override dispose(): void {
    super.dispose();
    this.functionFinished.dispose();
  }
}
