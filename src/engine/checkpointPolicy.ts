// When to save a checkpoint during training: plain logic, apart from checkpoint.ts's tfjs weights, so
// that what imports the training loop without training (the host's verifier, the CLI) loads no tfjs.
import { createEarlyStopper } from './earlyStopping';
import type { CheckpointKind, EpochMetrics } from './results';
import type { CheckpointSettings } from './settings';

/** Decides, epoch by epoch, which checkpoints to save. */
export function createCheckpointPolicy(settings: CheckpointSettings) {
  // The best epoch is early stopping's idea of improvement, without its stop.
  const tracker = settings.best ? createEarlyStopper({ monitor: settings.best, patience: Number.POSITIVE_INFINITY }) : null;
  return {
    observe(metrics: EpochMetrics): CheckpointKind[] {
      const due = settings.every === undefined || metrics.epoch % settings.every === 0;
      if (!due) return [];
      const kinds: CheckpointKind[] = settings.every !== undefined ? ['last'] : [];
      if (tracker?.observe(metrics) === 'best') kinds.unshift('best');
      return kinds;
    },
    bestValue: () => tracker?.bestValue() ?? null,
  };
}
