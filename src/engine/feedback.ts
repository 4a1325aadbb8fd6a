// Feedback tied to a metric check: what it expected, what the run gave, and the epoch at which the
// run came closest (from its per-epoch metrics), for the Test Explorer's expected/actual diff.
import { formatMetric, type CheckSpec } from './checks/run';
import type { SweepCheckSpec } from './checks/sweep';
import type { EpochMetrics, RunMetrics } from './results';

export interface MetricGap {
  /** "train accuracy >= 90.0%". */
  expected: string;
  /** "train accuracy 64.0%". */
  actual: string;
  /** The epoch whose value came nearest the bound (per-epoch metrics; the final value may be another). */
  closest?: { epoch: number; value: string };
}

/**
 * For a metric check on a whole split with a final value: undefined for other checks, a
 * per-class metric (epochs carry no classes) or a run without that value.
 */
export function metricGap(check: CheckSpec, metrics: RunMetrics, epochs: readonly EpochMetrics[]): MetricGap | undefined {
  if (check.kind !== 'metric' || check.class !== undefined) return undefined;
  const value = metrics[check.split]?.[check.metric];
  if (value === undefined || typeof value !== 'number') return undefined;
  const what = `${check.split} ${check.metric}`;
  const bounds = [check.min !== undefined ? `>= ${formatMetric(check.metric, check.min)}` : '', check.max !== undefined ? `<= ${formatMetric(check.metric, check.max)}` : ''].filter(Boolean);
  // Nearest the bound it missed: the highest value for a minimum, the lowest for a maximum.
  const wantsHigh = check.min !== undefined && value < check.min;
  let closest: { epoch: number; value: number } | undefined;
  for (const epoch of epochs) {
    const at = epoch[check.split]?.[check.metric];
    if (typeof at !== 'number' || Number.isNaN(at)) continue;
    if (!closest || (wantsHigh ? at > closest.value : at < closest.value)) closest = { epoch: epoch.epoch, value: at };
  }
  return {
    expected: `${what} ${bounds.join(' and ')}`,
    actual: `${what} ${formatMetric(check.metric, value)}`,
    ...(closest ? { closest: { epoch: closest.epoch, value: formatMetric(check.metric, closest.value) } } : {}),
  };
}

/** A failing check's message with its step and, for a metric, the closest epoch; expected/actual when it has them. */
export function failureFeedback(check: (CheckSpec | SweepCheckSpec) & { step?: number }, message: string, metrics: RunMetrics | undefined, epochs: readonly EpochMetrics[]): { message: string; expected?: string; actual?: string } {
  const gap = metrics && check.kind === 'metric' ? metricGap(check, metrics, epochs) : undefined;
  const step = check.step === undefined ? '' : `Step ${check.step}: `;
  if (!gap) return { message: `${step}${message}` };
  const closest = gap.closest ? ` Closest at epoch ${gap.closest.epoch}: ${gap.closest.value}.` : '';
  return { message: `${step}${message}${closest}`, expected: gap.expected, actual: gap.actual };
}
