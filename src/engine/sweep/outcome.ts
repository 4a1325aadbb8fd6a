// What one run contributes to a sweep: its outcome (from its final metrics or its epochs) and
// its thinned curve, and how an outcome is named and formatted.
import type { EpochMetrics, MetricName, RunMetrics, SplitMetrics } from '../results';
import { thinValues } from './plan';
import { MAX_CURVE_POINTS, type OutcomeName, type SweepCurve, type SweepRunResult, type SweepSpec, type ThresholdMetric } from './types';

type SplitName = keyof RunMetrics;

function splitOf(name: OutcomeName | ThresholdMetric, hasTest: boolean): SplitName {
  if (name.startsWith('train')) return 'train';
  if (name.startsWith('dev')) return 'dev';
  if (name.startsWith('test')) return 'test';
  return hasTest ? 'test' : 'train';
}

export function metricOf(name: OutcomeName | ThresholdMetric): Extract<MetricName, 'accuracy' | 'loss' | 'r' | 'f1'> {
  const lower = name.toLowerCase();
  if (lower.endsWith('accuracy')) return 'accuracy';
  if (lower.endsWith('loss')) return 'loss';
  if (lower.endsWith('f1')) return 'f1';
  return 'r';
}

function finite(value: number | undefined | null): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Human-readable name of an outcome, e.g. "final train accuracy". */
export function describeOutcome(spec: Pick<SweepSpec, 'outcome' | 'threshold' | 'thresholdMetric'>): string {
  if (spec.outcome === 'epochsToThreshold') {
    return `epochs until ${describeOutcome({ outcome: spec.thresholdMetric ?? 'accuracy' }).replace('final ', '')} reaches ${formatOutcome(spec.thresholdMetric ?? 'accuracy', spec.threshold ?? Number.NaN)}`;
  }
  const metric = metricOf(spec.outcome);
  const split = (['train', 'dev', 'test'] as const).find((name) => spec.outcome.startsWith(name));
  return `final ${split ? `${split} ` : ''}${metric === 'f1' ? 'macro F1' : metric}`;
}

export function isFractionOutcome(outcome: OutcomeName): boolean {
  return metricOf(outcome) === 'accuracy' && outcome !== 'epochsToThreshold';
}

export function formatOutcome(outcome: OutcomeName | ThresholdMetric, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '-';
  if (outcome === 'epochsToThreshold') return value.toFixed(0);
  if (metricOf(outcome) === 'accuracy') return `${(value * 100).toFixed(1)}%`;
  return value.toFixed(3);
}

/**
 * Follows one run's epochs as they arrive: keeps what the curve and the outcome need.
 * All epochs go in (the trainer sends every one); the curve is thinned at the end.
 */
export function createRunRecorder(spec: Pick<SweepSpec, 'outcome' | 'threshold' | 'thresholdMetric'>) {
  const epochs: EpochMetrics[] = [];
  let reachedAt: number | null = null;
  const thresholdMetric = spec.thresholdMetric ?? 'accuracy';
  return {
    add(batch: EpochMetrics[]): void {
      for (const epoch of batch) {
        epochs.push(epoch);
        if (reachedAt === null && spec.outcome === 'epochsToThreshold') {
          const split = epoch[splitOf(thresholdMetric, epoch.test !== undefined)];
          const value = finite(split?.[metricOf(thresholdMetric)]);
          if (value !== null && value >= spec.threshold!) reachedAt = epoch.epoch;
        }
      }
    },
    /** The run's outcome from its final metrics (and the epochs seen). */
    outcome(metrics: RunMetrics): number | null {
      return outcomeOf(spec, metrics, reachedAt);
    },
    curve(): SweepCurve {
      return thinCurve(epochs, MAX_CURVE_POINTS);
    },
    get epochs(): number {
      return epochs.length;
    },
  };
}

export function outcomeOf(
  spec: Pick<SweepSpec, 'outcome'>,
  metrics: RunMetrics,
  reachedAt: number | null = null,
): number | null {
  if (spec.outcome === 'epochsToThreshold') return reachedAt;
  return finite(metrics[splitOf(spec.outcome, metrics.test !== undefined)]?.[metricOf(spec.outcome)]);
}

/**
 * Why a finished run cannot give a dev outcome: it has no dev set (no devFraction). Such a run fails
 * with this reason instead of counting as a run without a value.
 */
export function missingDevSetReason(spec: Pick<SweepSpec, 'outcome' | 'thresholdMetric'>, metrics: RunMetrics): string | undefined {
  const watched = spec.outcome === 'epochsToThreshold' ? spec.thresholdMetric ?? 'accuracy' : spec.outcome;
  if (!watched.startsWith('dev') || metrics.dev) return undefined;
  return `The sweep's ${spec.outcome === 'epochsToThreshold' ? 'thresholdMetric' : 'outcome'} ${watched} reads the dev set, but this run has none: set devFraction above 0 in the experiment (e.g. devFraction: 0.1).`;
}

/** At most `max` epochs, evenly spaced, the first and the last kept. NaN becomes null in JSON. */
export function thinCurve(epochs: EpochMetrics[], max = MAX_CURVE_POINTS): SweepCurve {
  const kept = thinValues(epochs, max);
  const curve: SweepCurve = { epoch: kept.map((e) => e.epoch), trainLoss: kept.map((e) => e.train.loss) };
  const column = (pick: (e: EpochMetrics) => number | undefined) => (kept.some((e) => pick(e) !== undefined) ? kept.map((e) => pick(e) ?? Number.NaN) : undefined);
  const optional: [keyof SweepCurve, (e: EpochMetrics) => number | undefined][] = [
    ['devLoss', (e) => e.dev?.loss],
    ['testLoss', (e) => e.test?.loss],
    ['trainAccuracy', (e) => e.train.accuracy],
    ['devAccuracy', (e) => e.dev?.accuracy],
    ['testAccuracy', (e) => e.test?.accuracy],
    ['trainR', (e) => e.train.r],
    ['devR', (e) => e.dev?.r],
    ['testR', (e) => e.test?.r],
  ];
  for (const [key, pick] of optional) {
    const values = column(pick);
    if (values) (curve as unknown as Record<string, number[]>)[key] = values;
  }
  return curve;
}

/**
 * A run's final `metric` (e.g. testAccuracy while the sweep's outcome is trainAccuracy), or its
 * value at `atEpoch` from the run's curve (the nearest recorded epoch: curves keep at most
 * MAX_CURVE_POINTS epochs). Null when the run has no such value.
 */
export function runValue(run: SweepRunResult, metric: Exclude<OutcomeName, 'epochsToThreshold'>, atEpoch?: number): number | null {
  if (atEpoch === undefined) return run.metrics ? outcomeOf({ outcome: metric }, run.metrics) : null;
  const curve = run.curve;
  if (!curve || curve.epoch.length === 0) return null;
  const split = splitOf(metric, curve.testLoss !== undefined);
  const key = `${split}${{ accuracy: 'Accuracy', loss: 'Loss', r: 'R', f1: 'F1' }[metricOf(metric)]}` as keyof SweepCurve;
  const column = curve[key] as number[] | undefined;
  if (!column) return null;
  let best = 0;
  for (let i = 1; i < curve.epoch.length; i++) if (Math.abs(curve.epoch[i] - atEpoch) < Math.abs(curve.epoch[best] - atEpoch)) best = i;
  return finite(column[best]);
}
