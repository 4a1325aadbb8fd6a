// Pure facts and text for the sweep view's numbers, tables, heatmap and comparison: no DOM.
// Unit-tested from test/webview/sweepChartData.test.ts (root tsconfig, without DOM types).
import {
  describeOutcome,
  SWEEP_RECORDED_UNVERIFIED,
  verificationNote,
  type Backend,
  formatOutcome,
  isFractionOutcome,
  predictionMatches,
  sameValue,
  type OutcomeName,
  type SweepAxis,
  type SweepGrid,
  type SweepPointSummary,
  type SweepResult,
  type SweepRunResult,
  type SweepShape,
  type SweepSummary,
  type SweepValue,
} from '../../../src/shared/engineView';
import type { SweepSnapshot } from '../../../src/shared/panelProtocol';
import { isCounted, valueText, xAxisKind } from './sweepChartData';

// ---------------------------------------------------------------- numbers and text

/**
 * "85.0 ± 12.5 %" for accuracies, "0.123 ± 0.045" otherwise, "—" without a mean; a single run
 * (n = 1) has no spread: "85.0 %".
 */
export function formatSpread(outcome: OutcomeName, mean: number | null, sd: number | null, n?: number): string {
  if (mean === null || !Number.isFinite(mean)) return '—';
  if (n === 1) return isFractionOutcome(outcome) ? `${(mean * 100).toFixed(1)} %` : formatOutcome(outcome, mean);
  if (isFractionOutcome(outcome)) return `${(mean * 100).toFixed(1)} ± ${((sd ?? 0) * 100).toFixed(1)} %`;
  if (outcome === 'epochsToThreshold') return `${mean.toFixed(1)} ± ${(sd ?? 0).toFixed(1)}`;
  return `${formatOutcome(outcome, mean)} ± ${formatOutcome(outcome, sd ?? 0)}`;
}

/** An outcome value for tables: "85.0%", "0.123", "17", "—". */
export function formatValue(outcome: OutcomeName, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return formatOutcome(outcome, value);
}

/** A threshold as the learner wrote it: 0.7 -> "70%" for accuracies, else "0.7". */
export function formatThreshold(outcome: OutcomeName, threshold: number): string {
  return isFractionOutcome(outcome) ? `${Number((threshold * 100).toFixed(1))}%` : valueText(threshold);
}

export interface FractionFacts {
  /** Runs above the threshold (epochsToThreshold: runs that reached it). */
  count: number;
  /** Runs it is a fraction of. */
  of: number;
  fraction: number | null;
  /** "above 70%", "reached 90% accuracy" */
  what: string;
}

/**
 * "What fraction of models learned?": counted runs above the threshold, of the counted runs with
 * an outcome (as `fractionAbove` in the summary). For epochsToThreshold: counted runs that reached
 * it, of all counted runs. Undefined when the sweep has no threshold.
 */
export function fractionFacts(sweep: Pick<SweepResult, 'runs' | 'outcome' | 'threshold' | 'spec'>): FractionFacts | undefined {
  const { threshold, outcome } = sweep;
  if (threshold === undefined) return undefined;
  const counted = sweep.runs.filter(isCounted);
  if (outcome === 'epochsToThreshold') {
    const count = counted.filter((run) => run.outcome !== null).length;
    const metric = sweep.spec.thresholdMetric ?? 'accuracy';
    return { count, of: counted.length, fraction: counted.length ? count / counted.length : null, what: `reached ${formatThreshold(metric, threshold)} ${metric.replace(/([A-Z])/g, ' $1').toLowerCase()}` };
  }
  const withOutcome = counted.filter((run) => run.outcome !== null && Number.isFinite(run.outcome));
  const count = withOutcome.filter((run) => run.outcome! > threshold).length;
  return { count, of: withOutcome.length, fraction: withOutcome.length ? count / withOutcome.length : null, what: `above ${formatThreshold(outcome, threshold)}` };
}

/** The backends the runs trained on, most used first. */
export function backendsOf(runs: readonly SweepRunResult[]): Backend[] {
  const counts = new Map<Backend, number>();
  for (const run of runs) if (run.backend) counts.set(run.backend, (counts.get(run.backend) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([backend]) => backend);
}

/** "learningRate × 50", "layers × 5, units × 33". */
/** "learningRate × 5, layers × 3"; a random search (`draws` given): "random search, 9 draws of learningRate, weightDecay". */
export function axesText(axes: readonly Pick<SweepAxis, 'name' | 'values'>[], draws?: number): string {
  if (draws !== undefined) return `random search, ${draws} draw${draws === 1 ? '' : 's'} of ${axes.map((axis) => axis.name).join(', ')}`;
  return axes.map((axis) => `${axis.name} × ${axis.values.length}`).join(', ');
}

/** "seed 1", "seeds 1..10", "seeds 1..500, one per run" (as the CLI says it). */
export function seedsText(sweep: Pick<SweepResult, 'seeds' | 'baseSeed' | 'repeats'>, totalRuns: number): string {
  if (sweep.seeds === 'perRun') return `seeds ${sweep.baseSeed}..${sweep.baseSeed + Math.max(1, totalRuns) - 1}, one per run`;
  return sweep.repeats <= 1 ? `seed ${sweep.baseSeed}` : `seeds ${sweep.baseSeed}..${sweep.baseSeed + sweep.repeats - 1}`;
}

// ---------------------------------------------------------------- prediction

/** Finished runs each value of the swept setting needs before a running sweep's shape is held against the prediction. */
export const MIN_RUNS_PER_VALUE = 2;

export interface ShapeReadiness {
  /** The observed shape may be compared with the prediction. */
  ready: boolean;
  /** Runs each value of the swept setting needs (fewer than MIN_RUNS_PER_VALUE when the sweep plans fewer). */
  needed: number;
  /** Values of the swept setting that have them, of `values`. */
  valuesReady: number;
  values: number;
}

/**
 * Whether the shape so far says anything yet. A sweep that ended: yes. A running one: once every
 * value of the setting the shape is judged along has `needed` finished runs. After 18 of 500 runs
 * most values have none, and the "shape" of the few that have is noise.
 */
export function shapeReadiness(s: Pick<SweepSnapshot, 'status' | 'total' | 'summary'>): ShapeReadiness {
  const line = s.summary.marginals[s.summary.shape.along] ?? [];
  const needed = Math.max(1, Math.min(MIN_RUNS_PER_VALUE, Math.floor(s.total / Math.max(1, line.length))));
  const valuesReady = line.filter((point) => point.runs >= needed).length;
  return { ready: s.status !== 'running' || (line.length > 0 && valuesReady === line.length), needed, valuesReady, values: line.length };
}

/** The verdict while the shape is not ready: why, and how far along. */
export function tooEarlyText(readiness: ShapeReadiness, along: string): string {
  const runs = `${readiness.needed} run${readiness.needed === 1 ? '' : 's'}`;
  return `Too early to tell: the shape is held against your prediction once every ${along} value has ${runs} (${readiness.valuesReady} of ${readiness.values} have so far).`;
}

// ---------------------------------------------------------------- table by setting

export interface SettingRow {
  value: SweepValue;
  label: string;
  stats: SweepPointSummary;
  /** Trainable parameters of the setting's model (line sweeps). */
  parameters?: number;
}

/**
 * One row per value of `along`: the settings themselves for a line sweep (with their parameter
 * counts), the values pooled over the other setting for a grid (the heatmap has the cells).
 */
export function settingRows(summary: SweepSummary, along: string): SettingRow[] {
  const line = summary.axes.length === 1 ? summary.points : summary.marginals[along] ?? [];
  return line.map((stats) => {
    const value = stats.values[along];
    return { value, label: valueText(value), stats, ...(stats.parameters !== undefined ? { parameters: stats.parameters } : {}) };
  });
}

// ---------------------------------------------------------------- heatmap

export interface HeatCell {
  row: number;
  col: number;
  mean: number | null;
  n: number;
  fractionAbove: number | null;
  /** Compact: "96" (% for accuracies), "0.12"; "" without a mean. */
  text: string;
  /** 0..1 between the lowest and the highest cell mean; 0 without a mean. */
  level: number;
}

export interface HeatGrid {
  rowName: string;
  columnName: string;
  rows: string[];
  columns: string[];
  cells: HeatCell[][];
  min: number | null;
  max: number | null;
}

export function heatGrid(grid: SweepGrid, outcome: OutcomeName): HeatGrid {
  const means = grid.mean.flat().filter((m): m is number => m !== null && Number.isFinite(m));
  const min = means.length ? Math.min(...means) : null;
  const max = means.length ? Math.max(...means) : null;
  const text = (mean: number | null) => {
    if (mean === null || !Number.isFinite(mean)) return '';
    if (isFractionOutcome(outcome)) return (mean * 100).toFixed(0);
    return outcome === 'epochsToThreshold' ? mean.toFixed(0) : String(Number(mean.toPrecision(2)));
  };
  const cells = grid.rowValues.map((_, row) =>
    grid.columnValues.map((__, col): HeatCell => {
      const mean = grid.mean[row]?.[col] ?? null;
      const level = mean === null || min === null || max === null ? 0 : max > min ? (mean - min) / (max - min) : 1;
      return { row, col, mean, n: grid.n[row]?.[col] ?? 0, fractionAbove: grid.fractionAbove[row]?.[col] ?? null, text: text(mean), level };
    }),
  );
  return { rowName: grid.rows, columnName: grid.columns, rows: grid.rowValues.map(valueText), columns: grid.columnValues.map(valueText), cells, min, max };
}

// ---------------------------------------------------------------- comparison

export interface SweepFacts {
  id: string;
  startedAt: number;
  runs: number;
  mean: number | null;
  std: number | null;
  fractionAbove: number | null;
  shape: SweepShape | undefined;
  bimodal: boolean;
  prediction?: SweepShape;
  /** Whether the prediction matched (undefined without a prediction or a shape). */
  matches?: boolean;
}

export interface Comparison {
  /** The earlier sweep can be drawn on this one's outcome chart. */
  overlay: boolean;
  /** Why not, in the learner's terms. */
  reason?: string;
  current: SweepFacts;
  earlier: SweepFacts;
}

export function sweepFacts(sweep: SweepResult, summary: SweepSummary): SweepFacts {
  const hasRuns = summary.overall.n > 0;
  const prediction = sweep.prediction?.shape;
  return {
    id: sweep.id,
    startedAt: sweep.startedAt,
    runs: sweep.runs.length,
    mean: summary.overall.mean,
    std: summary.overall.std,
    fractionAbove: summary.overall.fractionAbove,
    shape: hasRuns ? summary.shape.shape : undefined,
    bimodal: hasRuns && summary.shape.bimodal,
    ...(prediction ? { prediction, ...(hasRuns ? { matches: predictionMatches(prediction, summary.shape) } : {}) } : {}),
  };
}

/**
 * The facts of two sweeps side by side, and whether the earlier one's means can be drawn on this
 * one's chart: the same outcome along the same setting, numbers on both or words the current
 * axis has.
 */
export function compareSweeps(
  current: { sweep: SweepResult; summary: SweepSummary },
  earlier: { sweep: SweepResult; summary: SweepSummary },
): Comparison {
  const facts = { current: sweepFacts(current.sweep, current.summary), earlier: sweepFacts(earlier.sweep, earlier.summary) };
  const along = current.summary.shape.along;
  const earlierAlong = earlier.summary.shape.along;
  const other = earlier.sweep.startedAt <= current.sweep.startedAt ? 'the earlier sweep' : 'the later sweep';
  if (current.sweep.exercise !== earlier.sweep.exercise) {
    return { overlay: false, reason: `${other} is of another exercise (${earlier.sweep.exercise})`, ...facts };
  }
  if (current.sweep.outcome !== earlier.sweep.outcome) {
    return { overlay: false, reason: `${other} measured the ${describeOutcome(earlier.sweep.spec)}, this one the ${describeOutcome(current.sweep.spec)}`, ...facts };
  }
  if (along !== earlierAlong) {
    return { overlay: false, reason: `${other} varied ${earlierAlong}, this one ${along}`, ...facts };
  }
  const mine = current.sweep.axes.find((a) => a.name === along);
  const theirs = earlier.sweep.axes.find((a) => a.name === along);
  if (!mine || !theirs) return { overlay: false, reason: `one of the sweeps does not vary ${along}`, ...facts };
  const mineKind = xAxisKind(mine.values);
  const theirKind = xAxisKind(theirs.values);
  if ((mineKind === 'category') !== (theirKind === 'category')) {
    return { overlay: false, reason: `${along} is a number in one sweep and a word in the other`, ...facts };
  }
  if (mineKind === 'category' && !theirs.values.every((v) => mine.values.some((m) => sameValue(m, v)))) {
    return { overlay: false, reason: `${other} tried other values of ${along} (${theirs.values.map(valueText).join(', ')})`, ...facts };
  }
  return { overlay: true, ...facts };
}

/** The line above a finished sweep's checks when they rest on runs not all verified: what, and why. */
export function sweepChecksNotice(sweep: Pick<SweepResult, 'status' | 'checks' | 'verification'>): string | undefined {
  if (sweep.status === 'cancelled') return 'The sweep was stopped: these checks saw only the runs that finished.';
  if (!sweep.checks) return undefined;
  const verification = sweep.verification ?? SWEEP_RECORDED_UNVERIFIED;
  return verification.state === 'verified' ? undefined : `Checks ${verificationNote(verification)}`;
}
