// What the two editor runners (one experiment, one sweep) share: the state a hidden or reloaded
// panel catches up with, read from `.dlx/` when first asked for; their events; the context key
// that shows Stop; run again, stop, stop and wait; and the order of a job's end: recorded, then
// in the history, then announced.
import * as vscode from 'vscode';
import type { HostToPanel, RunSummary, SweepListing } from '../shared/panelProtocol';
import { addToHistory } from '../shared/history';
import type { RunTarget } from './targets';

/** The job in progress. */
export interface ActiveJob {
  id: string;
  /** Asks it to stop; resolves once asked (a sweep: once its workers are gone). */
  cancel(): void | Promise<void>;
  /** The editor is going away: end it now. */
  kill(): void;
  /** Settles once it is over (stopAndWait waits for this). */
  ended: Promise<unknown>;
  /** The processes training it. */
  pids(): number[];
}

export abstract class RunnerBase<Snapshot, Entry extends RunSummary | SweepListing, Finished, Target extends RunTarget, Result> implements vscode.Disposable {
  protected active: ActiveJob | undefined;
  protected lastTarget: Target | undefined;
  private restored: { snapshot?: Snapshot; history: Entry[] } | undefined;
  protected readonly events = new vscode.EventEmitter<HostToPanel>();
  /** Every panel event, in order: job events, history updates. */
  readonly onEvent = this.events.event;
  protected readonly starting = new vscode.EventEmitter<void>();
  /** A job is about to start: the panel opens. */
  readonly onWillRun = this.starting.event;
  private readonly finished = new vscode.EventEmitter<Finished>();
  readonly onDidFinish = this.finished.event;
  protected readonly disposables: vscode.Disposable[] = [];

  constructor(
    /** The `when` context key that is true while a job runs. */
    private readonly runningKey: string,
    private readonly historyEvent: (history: Entry[]) => HostToPanel,
  ) {}

  /** The last job and the ones before it, from the workspace's records (a few megabytes at most). */
  protected abstract restore(workspaceDir: string | undefined): { snapshot?: Snapshot; history: Entry[] };

  abstract run(target?: Target): Promise<Result | undefined>;

  // Read when first asked for (the panel opens), not at activation.
  private state(): { snapshot?: Snapshot; history: Entry[] } {
    this.restored ??= this.restore(this.workspaceDir());
    return this.restored;
  }

  /** What the panel shows: the job in progress, else the last one run or reopened. */
  get snapshot(): Snapshot | undefined {
    return this.state().snapshot;
  }

  protected set snapshot(snapshot: Snapshot | undefined) {
    this.state().snapshot = snapshot;
  }

  /** The recent jobs, newest first. */
  get history(): Entry[] {
    return this.state().history;
  }

  get running(): boolean {
    return this.active !== undefined;
  }

  protected workspaceDir(): string | undefined {
    return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  }

  protected begin(job: ActiveJob): void {
    this.active = job;
    void vscode.commands.executeCommand('setContext', this.runningKey, true);
  }

  /** The job `id` is over; a newer one may already have taken its place. */
  protected end(id: string): void {
    if (this.active?.id === id) this.active = undefined;
    void vscode.commands.executeCommand('setContext', this.runningKey, this.running);
  }

  /** After the job's record is saved: its row goes first in the history, then it is announced. */
  protected conclude(entry: Entry, finished: Finished): void {
    this.state().history = addToHistory(this.history, entry);
    this.events.fire(this.historyEvent(this.history));
    this.finished.fire(finished);
  }

  rerun(): Promise<Result | undefined> {
    return this.run(this.lastTarget);
  }

  stop(): void {
    void this.active?.cancel();
  }

  /** Stops the job in progress, if any, and resolves once it is over. */
  async stopAndWait(): Promise<void> {
    const active = this.active;
    if (!active) return;
    await active.cancel();
    await active.ended;
  }

  dispose(): void {
    // VS Code is shutting down or the extension is disabled: no trainer may outlive us.
    this.active?.kill();
    this.disposables.forEach((d) => d.dispose());
    this.events.dispose();
    this.starting.dispose();
    this.finished.dispose();
  }
}
