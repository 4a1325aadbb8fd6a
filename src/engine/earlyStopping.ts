// Early stopping (Keras's EarlyStopping callback) as a pure tracker of the monitored epoch metric.
// It decides; the training loop snapshots and restores the weights.
import type { EpochMetrics } from './results';
import type { EarlyStoppingSettings, MonitorName } from './settings';

/** The monitored value of an epoch, or undefined when that split or metric is absent. */
export function monitoredValue(monitor: MonitorName, metrics: EpochMetrics): number | undefined {
  const split = monitor.startsWith('train') ? metrics.train : monitor.startsWith('dev') ? metrics.dev : metrics.test;
  return monitor.endsWith('Loss') ? split?.loss : split?.accuracy;
}

/** 'best': this epoch is the best so far (keep its weights); 'stop': the patience ran out; 'continue' otherwise. */
export type EarlyStoppingVerdict = 'best' | 'stop' | 'continue';

export interface EarlyStopper {
  observe(metrics: EpochMetrics): EarlyStoppingVerdict;
  /** The epoch of the best monitored value so far, or null. */
  bestEpoch(): number | null;
  bestValue(): number | null;
}

export function createEarlyStopper(settings: EarlyStoppingSettings): EarlyStopper {
  const minDelta = settings.minDelta ?? 0;
  const startFromEpoch = settings.startFromEpoch ?? 1;
  const lower = settings.monitor.endsWith('Loss');
  let best: { epoch: number; value: number } | null = null;
  let wait = 0;
  // As Keras: an improvement must beat the best by more than minDelta; NaN never improves.
  const improves = (value: number) => best === null ? !Number.isNaN(value) : lower ? value < best.value - minDelta : value > best.value + minDelta;
  return {
    observe(metrics) {
      if (metrics.epoch < startFromEpoch) return 'continue';
      const value = monitoredValue(settings.monitor, metrics) ?? Number.NaN;
      if (improves(value)) {
        best = { epoch: metrics.epoch, value };
        wait = 0;
        return 'best';
      }
      wait++;
      return wait >= settings.patience ? 'stop' : 'continue';
    },
    bestEpoch: () => best?.epoch ?? null,
    bestValue: () => best?.value ?? null,
  };
}
