// At most one call per interval: requests in between fold into the next call. The panel host
// posts finished sweep runs through one (src/shared/panelOutbox.ts), the webview redraws the
// sweep's charts through another. Timers are injected so the tests need no waiting.

export interface Timers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class Throttle {
  private timer: unknown;
  private nextAt = -Infinity;

  /**
   * `maxBusyShare` < 1 stretches the interval after a slow call, so that the calls take at most
   * that share of the time: redrawing 500 overlaid curves can take most of a second, and on two
   * cores every millisecond of painting is one the sweep's workers do not get.
   */
  constructor(
    private readonly call: () => void,
    private readonly intervalMs: number,
    private readonly timers: Timers = realTimers,
    private readonly maxBusyShare = 1,
  ) {}

  /** Calls soon: on the next tick after a quiet interval, else `intervalMs` after the last call. */
  request(): void {
    if (this.timer !== undefined) return;
    this.timer = this.timers.setTimeout(() => this.fire(), Math.max(0, this.nextAt - this.timers.now()));
  }

  /** Calls now if a call was requested. */
  flush(): void {
    if (this.timer === undefined) return;
    this.timers.clearTimeout(this.timer);
    this.fire();
  }

  /** Forgets a requested call. */
  cancel(): void {
    if (this.timer === undefined) return;
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private fire(): void {
    this.timer = undefined;
    const start = this.timers.now();
    this.call();
    this.nextAt = start + Math.max(this.intervalMs, (this.timers.now() - start) / this.maxBusyShare);
  }
}
