// What the panel host posts to the webview, in order: a sweep's finished runs wait up to
// SWEEP_BATCH_MS and go out together as one `sweepRuns` (500 runs in a minute would otherwise be
// 500 posts and 500 repaints); any other message first sends the runs waiting before it. The sweep
// runner batches its events to its listeners with one too (each fold recomputes the summary).
// No vscode: unit-tested in test/webview/panelOutbox.test.ts.
import type { SweepRunResult } from '../engine/sweep';
import { SWEEP_BATCH_MS, type HostToPanel } from './panelProtocol';
import { Throttle, realTimers, type Timers } from './throttle';

export class PanelOutbox {
  private waiting: { sweepId: string; runs: SweepRunResult[] } | undefined;
  private readonly batches: Throttle;

  constructor(
    private readonly post: (message: HostToPanel) => void,
    timers: Timers = realTimers,
    intervalMs = SWEEP_BATCH_MS,
  ) {
    this.batches = new Throttle(() => this.sendWaiting(), intervalMs, timers);
  }

  send(message: HostToPanel): void {
    if (message.type !== 'sweepRun') {
      this.batches.flush();
      this.post(message);
      return;
    }
    if (this.waiting && this.waiting.sweepId !== message.sweepId) this.batches.flush();
    this.waiting ??= { sweepId: message.sweepId, runs: [] };
    this.waiting.runs.push(message.run);
    this.batches.request();
  }

  /** Drops what waits: a replay that follows carries it. */
  clear(): void {
    this.batches.cancel();
    this.waiting = undefined;
  }

  private sendWaiting(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) this.post({ type: 'sweepRuns', sweepId: waiting.sweepId, runs: waiting.runs });
  }
}
