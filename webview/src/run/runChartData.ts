// Pure data shaping for the run view: no DOM, no chart.js. Unit-tested from
// test/webview/runChartData.test.ts (which runs under the root tsconfig, without DOM types).
import type { EpochMetrics, SplitMetrics, TaskKind } from '../../../src/shared/engineView';
import { finiteOrNaN, mixColor, type Point } from '../common/chartData';

// ---------------------------------------------------------------- epoch curves

/** Accuracy (plotted in %) for classification, Pearson r for regression. */
export type MetricKind = 'accuracy' | 'r';

export function metricKindOf(task: TaskKind | undefined, sample?: SplitMetrics): MetricKind {
  if (task === 'regression') return 'r';
  if (task === 'multiclass' || task === 'binary') return 'accuracy';
  return sample && sample.r !== undefined && sample.accuracy === undefined ? 'r' : 'accuracy';
}

/** The plotted metric value of a split: accuracy x 100, or r; NaN when absent. */
export function metricValue(split: SplitMetrics | undefined, kind: MetricKind): number {
  if (!split) return NaN;
  return kind === 'accuracy' ? finiteOrNaN(split.accuracy) * 100 : finiteOrNaN(split.r);
}

export interface EpochSeries {
  trainLoss: Point[];
  devLoss: Point[];
  testLoss: Point[];
  trainMetric: Point[];
  devMetric: Point[];
  testMetric: Point[];
}

export interface SeriesOptions {
  /** Shape only epochs[from...] (for appending to series already plotted). Default 0. */
  from?: number;
  /** For a logarithmic axis: losses <= 0 become NaN (gaps) instead of -Infinity. */
  logLoss?: boolean;
}

/**
 * {x: epoch, y} points for chart.js with `parsing: false` (what the decimation plugin needs):
 * x strictly increasing, non-finite values as NaN. Dev and test series only hold epochs that have
 * that split, so a run without one yields empty series.
 */
export function epochSeries(epochs: readonly EpochMetrics[], metric: MetricKind, options: SeriesOptions = {}): EpochSeries {
  const out: EpochSeries = { trainLoss: [], devLoss: [], testLoss: [], trainMetric: [], devMetric: [], testMetric: [] };
  const loss = (value: unknown) => {
    const y = finiteOrNaN(value);
    return options.logLoss && !(y > 0) ? NaN : y;
  };
  for (let i = Math.max(0, options.from ?? 0); i < epochs.length; i++) {
    const { epoch: x, train, dev, test } = epochs[i];
    out.trainLoss.push({ x, y: loss(train?.loss) });
    out.trainMetric.push({ x, y: metricValue(train, metric) });
    if (dev) {
      out.devLoss.push({ x, y: loss(dev.loss) });
      out.devMetric.push({ x, y: metricValue(dev, metric) });
    }
    if (test) {
      out.testLoss.push({ x, y: loss(test.loss) });
      out.testMetric.push({ x, y: metricValue(test, metric) });
    }
  }
  return out;
}

/**
 * Where the loss chart marks early stopping's best epoch: on the loss curve of the split it monitored,
 * at the nearest epoch the panel kept (long runs are thinned). undefined without a best epoch or that split.
 */
export function bestEpochPoint(epochs: readonly EpochMetrics[], bestEpoch: number | null | undefined, monitor: string | undefined, logLoss = false): Point | undefined {
  if (bestEpoch == null || monitor === undefined) return undefined;
  const split = monitor.startsWith('dev') ? 'dev' : monitor.startsWith('test') ? 'test' : 'train';
  let nearest: EpochMetrics | undefined;
  for (const e of epochs) if (e[split] && (!nearest || Math.abs(e.epoch - bestEpoch) < Math.abs(nearest.epoch - bestEpoch))) nearest = e;
  const y = finiteOrNaN(nearest?.[split]?.loss);
  return nearest && Number.isFinite(y) && !(logLoss && y <= 0) ? { x: nearest.epoch, y } : undefined;
}

/** One named line of a chart that has as many as the model has layers. */
export interface NamedSeries {
  name: string;
  points: Point[];
}

/**
 * Per layer (in the order the epochs name them), its gradient or weight norm over epochs, for a
 * log axis: a norm <= 0 (a layer with no gradient at all) becomes a gap. Empty without norms.
 */
export function layerNormSeries(epochs: readonly EpochMetrics[], which: 'gradientNorm' | 'weightNorm', from = 0): NamedSeries[] {
  const byName = new Map<string, Point[]>();
  for (let i = Math.max(0, from); i < epochs.length; i++) {
    for (const layer of epochs[i].layers ?? []) {
      const y = finiteOrNaN(layer[which]);
      let points = byName.get(layer.name);
      if (!points) byName.set(layer.name, (points = []));
      points.push({ x: epochs[i].epoch, y: y > 0 ? y : NaN });
    }
  }
  return [...byName].map(([name, points]) => ({ name, points }));
}

/** The learning rate of each epoch that reports one (a schedule's); empty without a schedule. */
export function learningRateSeries(epochs: readonly EpochMetrics[], from = 0): Point[] {
  const points: Point[] = [];
  for (let i = Math.max(0, from); i < epochs.length; i++) {
    const rate = epochs[i].learningRate;
    if (rate !== undefined) points.push({ x: epochs[i].epoch, y: finiteOrNaN(rate) });
  }
  return points;
}

// ---------------------------------------------------------------- confusion matrix

export interface ConfusionRow {
  /** True class. */
  label: string;
  /** counts[j]: examples of this class predicted as class j. */
  counts: number[];
  /** counts / row total (0 for an empty row). */
  normalized: number[];
  total: number;
  /** The diagonal count. */
  correct: number;
  /** Per-class accuracy (recall): correct / total; null for a class with no examples. */
  accuracy: number | null;
}

export interface ConfusionTable {
  classes: string[];
  rows: ConfusionRow[];
  /** Column sums: how often each class was predicted. */
  predictedTotals: number[];
  total: number;
  correct: number;
  /** Overall accuracy; null without examples. */
  accuracy: number | null;
}

/** Rows are true classes, columns predicted classes (as the trainer builds the matrix). */
export function confusionTable(evaluation: { classes: readonly string[]; matrix: readonly (readonly number[])[] }): ConfusionTable {
  const n = evaluation.matrix.length;
  const classes = Array.from({ length: n }, (_, i) => evaluation.classes[i] ?? String(i));
  const predictedTotals = new Array<number>(n).fill(0);
  let total = 0;
  let correct = 0;
  const rows = evaluation.matrix.map((row, i): ConfusionRow => {
    const counts = Array.from({ length: n }, (_, j) => {
      const count = Number(row[j]);
      return Number.isFinite(count) ? count : 0;
    });
    const rowTotal = counts.reduce((sum, c) => sum + c, 0);
    counts.forEach((c, j) => (predictedTotals[j] += c));
    total += rowTotal;
    correct += counts[i];
    return {
      label: classes[i],
      counts,
      normalized: counts.map((c) => (rowTotal > 0 ? c / rowTotal : 0)),
      total: rowTotal,
      correct: counts[i],
      accuracy: rowTotal > 0 ? counts[i] / rowTotal : null,
    };
  });
  return { classes, rows, predictedTotals, total, correct, accuracy: total > 0 ? correct / total : null };
}

export interface ClassMetricsRow {
  /** The class's name, or "macro average". */
  label: string;
  precision: string;
  recall: string;
  f1: string;
  /** Rows of the class; the split's rows for the macro row. */
  support: number;
  macro: boolean;
}

/** The per-class precision / recall / F1 table beside the confusion matrix, the macro averages last; null without them. */
export function classMetricsRows(metrics: SplitMetrics | undefined): ClassMetricsRow[] | null {
  if (!metrics?.perClass || metrics.perClass.length === 0) return null;
  const text = (value: number | null | undefined) => (typeof value === 'number' && Number.isFinite(value) ? value.toFixed(2) : '–');
  const rows = metrics.perClass.map((m): ClassMetricsRow => ({ label: m.class, precision: text(m.precision), recall: text(m.recall), f1: text(m.f1), support: m.support, macro: false }));
  const support = metrics.perClass.reduce((sum, m) => sum + m.support, 0);
  return [...rows, { label: 'macro average', precision: text(metrics.precision), recall: text(metrics.recall), f1: text(metrics.f1), support, macro: true }];
}

// ---------------------------------------------------------------- predicted vs true

export interface ScatterShape {
  /** x = true value, y = prediction. Non-finite pairs dropped. */
  points: Point[];
  /** Common range of both axes (so the identity line is the diagonal), on multiples of `step`. */
  min: number;
  max: number;
  /** Tick spacing: 1, 2, 2.5 or 5 times a power of ten, about 6 ticks over the range. */
  step: number;
  r: number;
  /** The y = x reference line across the range. */
  identity: [Point, Point];
}

/** A "nice" tick step of at least `raw`: 1, 2, 2.5 or 5 times a power of ten. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

export function scatterShape(evaluation: { points: readonly (readonly [number, number])[]; r: number }, ticks = 6): ScatterShape {
  const points: Point[] = [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const [truth, prediction] of evaluation.points) {
    if (!Number.isFinite(truth) || !Number.isFinite(prediction)) continue;
    points.push({ x: truth, y: prediction });
    lo = Math.min(lo, truth, prediction);
    hi = Math.max(hi, truth, prediction);
  }
  if (points.length === 0) {
    lo = -1;
    hi = 1;
  }
  if (hi === lo) {
    lo -= 1;
    hi += 1;
  }
  const step = niceStep((hi - lo) / ticks);
  // Round away from the data, with a little room so edge points are not cut in half.
  const min = Math.floor((lo - step * 0.05) / step) * step;
  const max = Math.ceil((hi + step * 0.05) / step) * step;
  return { points, min, max, step, r: finiteOrNaN(evaluation.r), identity: [{ x: min, y: min }, { x: max, y: max }] };
}

// ---------------------------------------------------------------- correlation heatmap

/** Diverging scale for a correlation in [-1, 1]: red for positive, blue for negative. */
export function heatColor(value: number): string {
  if (!Number.isFinite(value)) return 'transparent';
  return mixColor(value >= 0 ? '--vscode-charts-red' : '--vscode-charts-blue', Math.abs(value));
}

export interface HeatmapCell {
  value: number;
  /** Two decimals, e.g. "0.67", "-0.26"; "" when not a number. */
  text: string;
  color: string;
  /** On the diagonal (always 1). */
  diagonal: boolean;
}

export interface HeatmapRow {
  label: string;
  /** The row of the column being predicted: emphasised. */
  highlighted: boolean;
  cells: HeatmapCell[];
}

export interface Heatmap {
  columns: string[];
  /** Index of `highlight` in columns, or -1. */
  highlightedColumn: number;
  rows: HeatmapRow[];
}

export function heatmap(correlation: { columns: readonly string[]; matrix: readonly (readonly number[])[] }, highlight?: string): Heatmap {
  const columns = [...correlation.columns];
  const highlightedColumn = highlight === undefined ? -1 : columns.indexOf(highlight);
  const rows = columns.map((label, i): HeatmapRow => ({
    label,
    highlighted: i === highlightedColumn,
    cells: columns.map((_, j): HeatmapCell => {
      const value = finiteOrNaN(correlation.matrix[i]?.[j]);
      const text = Number.isFinite(value) ? (Math.abs(value) < 0.005 ? 0 : value).toFixed(2) : '';
      return { value, text, color: heatColor(value), diagonal: i === j };
    }),
  }));
  return { columns, highlightedColumn, rows };
}

// ---------------------------------------------------------------- model and data summary

/**
 * Layer widths of a dense stack from its variable shapes ([[2,4],[4],[4,3],[3]] -> [2,4,3]):
 * the 2-D kernels in order, each taking the previous one's output. undefined when the shapes
 * are not such a chain (custom class models, convolutions...).
 */
export function layerWidths(variableShapes: readonly (readonly number[])[]): number[] | undefined {
  const kernels = variableShapes.filter((shape) => shape.length === 2);
  if (kernels.length === 0) return undefined;
  const widths = [kernels[0][0]];
  for (const [input, output] of kernels) {
    if (input !== widths[widths.length - 1]) return undefined;
    widths.push(output);
  }
  return widths;
}

/** Chance-level accuracy in % for `classes` balanced classes (binary: 50), undefined if unknown. */
export function chanceAccuracy(classes: number | undefined): number | undefined {
  return classes !== undefined && classes >= 2 ? 100 / classes : undefined;
}
