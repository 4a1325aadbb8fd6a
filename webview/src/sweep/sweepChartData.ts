// Pure data shaping for the sweep view's charts: no DOM, no chart.js. Unit-tested from
// test/webview/sweepChartData.test.ts (which runs under the root tsconfig, without DOM types).
// The numbers, tables and comparison facts are in sweepFacts.ts.
//
// Chart points are {x, y} for chart.js with `parsing: false`. The x of a setting is its value on
// a linear or log axis, or its position (0, 1, ...) when the values are words (`'relu'`) or
// true/false. Accuracy-like outcomes are plotted in % (y x 100).
import {
  isFractionOutcome,
  sameValue,
  type OutcomeName,
  type SweepAxis,
  type SweepAxisSpec,
  type SweepCurve,
  type SweepPointSummary,
  type SweepRunResult,
  type SweepSummary,
  type SweepValue,
} from '../../../src/shared/engineView';
import { finiteOrNaN, parseColor, type Point } from '../common/chartData';
// ---------------------------------------------------------------- values and axes

/** A setting as people write it: 0.00302040816327 -> "0.00302", 'relu' -> "relu". */
export function valueText(value: SweepValue): string {
  return typeof value === 'number' ? String(Number(value.toPrecision(3))) : String(value);
}

export type XAxisKind = 'linear' | 'log' | 'category';

/** Settings spanning at least this ratio (two decades) get a log axis. */
export const LOG_AXIS_RATIO = 100;

/**
 * Words and true/false: a category axis. A range (`{ from, to, count | step }`): its own scale,
 * linear unless it says `scale: 'log'` (evenly spaced values stay evenly spaced, as the course
 * plots them). A list of numbers: a log axis when they are all positive and span two decades or
 * more (batch sizes 2..512), else linear.
 */
export function xAxisKind(values: readonly SweepValue[], spec?: SweepAxisSpec): XAxisKind {
  if (values.length === 0 || values.some((value) => typeof value !== 'number')) return 'category';
  const numbers = values as readonly number[];
  if (spec && !Array.isArray(spec)) return spec.scale ?? 'linear';
  const min = Math.min(...numbers);
  const max = Math.max(...numbers);
  return min > 0 && max / min >= LOG_AXIS_RATIO ? 'log' : 'linear';
}

export interface SweepXAxis {
  name: string;
  kind: XAxisKind;
  values: SweepValue[];
  /** The axis range, a little wider than the values so edge dots are not cut in half. */
  min: number;
  max: number;
}

export function sweepXAxis(axis: Pick<SweepAxis, 'name' | 'values'>, spec?: SweepAxisSpec): SweepXAxis {
  const kind = xAxisKind(axis.values, spec);
  const values = [...axis.values];
  if (kind === 'category') return { name: axis.name, kind, values, min: -0.5, max: Math.max(0, values.length - 1) + 0.5 };
  const numbers = values as number[];
  const lo = Math.min(...numbers);
  const hi = Math.max(...numbers);
  if (kind === 'log') {
    const pad = hi > lo ? (hi / lo) ** 0.03 : 2;
    return { name: axis.name, kind, values, min: lo / pad, max: hi * pad };
  }
  const pad = hi > lo ? (hi - lo) * 0.03 : Math.max(1, Math.abs(lo) * 0.1);
  return { name: axis.name, kind, values, min: lo - pad, max: hi + pad };
}

/** Where a setting sits on the axis; NaN for a value the axis does not have (categories) or a non-number. */
export function xOf(axis: SweepXAxis, value: SweepValue | undefined): number {
  if (value === undefined) return NaN;
  if (axis.kind === 'category') {
    const index = axis.values.findIndex((v) => sameValue(v, value));
    return index < 0 ? NaN : index;
  }
  return typeof value === 'number' && (axis.kind !== 'log' || value > 0) ? value : NaN;
}

/** The label of a category axis tick at position `x`; '' between positions. */
export function categoryLabel(axis: SweepXAxis, x: number): string {
  const value = Number.isInteger(x) ? axis.values[x] : undefined;
  return value === undefined ? '' : valueText(value);
}

export interface LogTick {
  value: number;
  /** 1, 2 and 5 times a power of ten get a label (and a stronger grid line); the rest do not. */
  labelled: boolean;
}

/** Ticks of a log axis over [min, max]: every 1..9 times a power of ten, the 1-2-5 ones labelled. */
export function logTicks(min: number, max: number): LogTick[] {
  if (!(min > 0) || !(max > min)) return [];
  const ticks: LogTick[] = [];
  for (let exp = Math.floor(Math.log10(min)); exp <= Math.ceil(Math.log10(max)); exp++) {
    for (let k = 1; k <= 9; k++) {
      // Rounded through toPrecision so 3 x 0.001 is 0.003, not 0.0030000000000000005.
      const value = Number((k * 10 ** exp).toPrecision(6));
      if (value >= min && value <= max) ticks.push({ value, labelled: k === 1 || k === 2 || k === 5 });
    }
  }
  return ticks;
}

/** 100 for accuracies (plotted in %), else 1. */
export function outcomeScale(outcome: OutcomeName): number {
  return isFractionOutcome(outcome) ? 100 : 1;
}

// ---------------------------------------------------------------- colours

/**
 * Where a value sits on the colour scale, 0..1: by rank for words, by log position on a log axis,
 * else by value. A single value sits at 0.
 */
export function colorPosition(value: SweepValue | undefined, values: readonly SweepValue[], kind: XAxisKind): number {
  if (value === undefined || values.length < 2) return 0;
  let t: number;
  if (kind === 'category' || typeof value !== 'number') {
    const index = values.findIndex((v) => sameValue(v, value));
    t = index < 0 ? 0 : index / (values.length - 1);
  } else {
    const numbers = values.filter((v): v is number => typeof v === 'number');
    const log = kind === 'log' && value > 0;
    const f = (v: number) => (log ? Math.log(v) : v);
    const lo = f(Math.min(...numbers));
    const hi = f(Math.max(...numbers));
    t = hi > lo ? (f(value) - lo) / (hi - lo) : 0;
  }
  return Math.min(1, Math.max(0, t));
}

/**
 * The colour at `t` (0..1) of a scale through `stops` (theme colours, evenly spaced), mixed in
 * sRGB like CSS `linear-gradient`, as rgba(). Stops in an unknown format count as grey.
 */
export function rampColor(stops: readonly string[], t: number, alpha = 1): string {
  const rgba = stops.map((stop) => parseColor(stop) ?? [128, 128, 128, 1]);
  if (rgba.length === 0) return `rgba(128, 128, 128, ${alpha})`;
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (rgba.length - 1);
  const i = Math.min(rgba.length - 2, Math.floor(x));
  const f = rgba.length === 1 ? 0 : x - i;
  const a = rgba[Math.max(0, i)];
  const b = rgba[Math.min(rgba.length - 1, i + 1)];
  const mix = (k: number) => Math.round(a[k] + (b[k] - a[k]) * f);
  const alphaOut = Math.round((a[3] + (b[3] - a[3]) * f) * alpha * 1000) / 1000;
  return `rgba(${mix(0)}, ${mix(1)}, ${mix(2)}, ${alphaOut})`;
}

/** Up to this many values get a list of swatches as legend; more get a gradient bar. */
export const MAX_LISTED_VALUES = 8;

export interface ColorKey {
  name: string;
  kind: XAxisKind;
  values: SweepValue[];
  /** A list of swatches (few values) or a gradient with its two ends. */
  style: 'list' | 'gradient';
}

export function colorKey(axis: Pick<SweepAxis, 'name' | 'values'>, spec?: SweepAxisSpec): ColorKey {
  const kind = xAxisKind(axis.values, spec);
  const style = kind === 'category' || axis.values.length <= MAX_LISTED_VALUES ? 'list' : 'gradient';
  return { name: axis.name, kind, values: [...axis.values], style };
}

// ---------------------------------------------------------------- outcome vs setting

/** Completed and diverged runs count in the statistics; failed, stopped and cancelled ones do not. */
export function isCounted(run: Pick<SweepRunResult, 'status'>): boolean {
  return run.status === 'completed' || run.status === 'diverged';
}

export interface RunPoint extends Point {
  /** The run's index in the sweep (`run.index`). */
  run: number;
  seed: number;
  /** Position on the colour scale, 0..1. */
  color: number;
}

export interface RunDots {
  points: RunPoint[];
  /** Counted runs without an outcome (NaN, threshold never reached): in the statistics, not on the chart. */
  withoutOutcome: number;
}

/** A fixed offset in [-width/2, width/2) per run index (golden-ratio sequence): dots spread out, the same on every repaint. */
export function jitter(index: number, width: number): number {
  return (((index * 0.6180339887498949) % 1) - 0.5) * width;
}

/**
 * One dot per counted run with an outcome, at its setting along `axis`. `color` gives each run's
 * colour position (default 0). `spread` spreads the dots of a category sideways by up to that
 * width (dozens of runs at two values would hide each other).
 */
export function outcomeDots(runs: readonly SweepRunResult[], axis: SweepXAxis, outcome: OutcomeName, color?: (run: SweepRunResult) => number, spread = 0): RunDots {
  const scale = outcomeScale(outcome);
  const points: RunPoint[] = [];
  let withoutOutcome = 0;
  for (const run of runs) {
    if (!isCounted(run)) continue;
    const x = xOf(axis, run.values[axis.name]);
    const y = run.outcome === null ? NaN : finiteOrNaN(run.outcome) * scale;
    if (!Number.isFinite(y)) {
      withoutOutcome++;
      continue;
    }
    if (!Number.isFinite(x)) continue;
    points.push({ x: spread ? x + jitter(run.index, spread) : x, y, run: run.index, seed: run.seed, color: color ? color(run) : 0 });
  }
  return { points, withoutOutcome };
}

export interface MeanPoint extends Point {
  /** Standard deviation (in the plotted unit) and runs with an outcome at this setting. */
  sd: number;
  n: number;
}

export interface MeanBand {
  mean: MeanPoint[];
  /** mean + sd and mean - sd, clamped to 0..100 for accuracies. */
  upper: Point[];
  lower: Point[];
}

/** The mean per setting and a mean ± standard deviation band, in the settings' order; settings without an outcome are left out. */
export function meanBand(points: readonly SweepPointSummary[], axis: SweepXAxis, outcome: OutcomeName): MeanBand {
  const scale = outcomeScale(outcome);
  const clamp = (y: number) => (scale === 100 ? Math.min(100, Math.max(0, y)) : y);
  const band: MeanBand = { mean: [], upper: [], lower: [] };
  const sorted = points
    .map((p) => ({ p, x: xOf(axis, p.values[axis.name]) }))
    .filter(({ p, x }) => p.mean !== null && Number.isFinite(x))
    .sort((a, b) => a.x - b.x);
  for (const { p, x } of sorted) {
    const mean = p.mean! * scale;
    const sd = (p.std ?? 0) * scale;
    band.mean.push({ x, y: mean, sd, n: p.n });
    band.upper.push({ x, y: clamp(mean + sd) });
    band.lower.push({ x, y: clamp(mean - sd) });
  }
  return band;
}

export interface OutcomeSeries {
  /** "layers 2"; "mean" for the one series of a line sweep. */
  label: string;
  /** The other setting's value (grids), else undefined. */
  value?: SweepValue;
  color: number;
  band: MeanBand;
  /** Draw the ± sd band (one series only: several bands on top of each other are unreadable). */
  showBand: boolean;
}

/**
 * The mean lines of the outcome chart. A line sweep, or a grid whose other setting has many
 * values: the mean per value of `along` (pooled over the other setting) with its band. A grid
 * whose other setting has at most MAX_LISTED_VALUES values: one mean line per value of it.
 */
export function outcomeSeries(summary: SweepSummary, axis: SweepXAxis, key: ColorKey | undefined): OutcomeSeries[] {
  // The settings of a random search over several axes differ in all of them at once: a line
  // joining them along one axis would draw a trend that is not there. The dots are the plot.
  if (summary.search === 'random' && summary.axes.length > 1) return [];
  if (key && key.style === 'list' && summary.axes.length === 2) {
    return key.values.map((value) => ({
      label: `${key.name} ${valueText(value)}`,
      value,
      color: colorPosition(value, key.values, key.kind),
      band: meanBand(summary.points.filter((p) => sameValue(p.values[key.name], value)), axis, summary.outcome),
      showBand: false,
    }));
  }
  const line = summary.marginals[axis.name] ?? [];
  return [{ label: 'mean', color: 0, band: meanBand(line, axis, summary.outcome), showBand: true }];
}

/** The other setting of a grid, or a random search's first other one (what colours the dots); undefined for a line sweep. */
export function otherAxis(axes: readonly SweepAxis[], along: string): SweepAxis | undefined {
  return axes.length >= 2 ? axes.find((axis) => axis.name !== along) : undefined;
}

// ---------------------------------------------------------------- outcome vs parameters

/** Counted runs with an outcome and a parameter count: x = trainable parameters. */
export function parameterDots(runs: readonly SweepRunResult[], outcome: OutcomeName, color?: (run: SweepRunResult) => number): RunPoint[] {
  const scale = outcomeScale(outcome);
  const points: RunPoint[] = [];
  for (const run of runs) {
    if (!isCounted(run) || run.outcome === null || !(run.parameters! > 0)) continue;
    const y = finiteOrNaN(run.outcome) * scale;
    if (Number.isFinite(y)) points.push({ x: run.parameters!, y, run: run.index, seed: run.seed, color: color ? color(run) : 0 });
  }
  return points;
}

// ---------------------------------------------------------------- learning curves

export type CurveColumn = 'trainLoss' | 'devLoss' | 'testLoss' | 'trainAccuracy' | 'devAccuracy' | 'testAccuracy' | 'trainR' | 'devR' | 'testR';
/** A column, or train and test of one metric together. */
export type CurveChoice = CurveColumn | 'loss' | 'accuracy' | 'r';

const CURVE_COLUMNS: readonly CurveColumn[] = ['trainLoss', 'devLoss', 'testLoss', 'trainAccuracy', 'devAccuracy', 'testAccuracy', 'trainR', 'devR', 'testR'];
const METRICS = [
  { pair: 'loss', train: 'trainLoss', dev: 'devLoss', test: 'testLoss', label: 'loss' },
  { pair: 'accuracy', train: 'trainAccuracy', dev: 'devAccuracy', test: 'testAccuracy', label: 'accuracy' },
  { pair: 'r', train: 'trainR', dev: 'devR', test: 'testR', label: 'r' },
] as const;

export interface CurveOption {
  value: CurveChoice;
  label: string;
}

/** The curve columns the runs recorded, each metric's train, dev, test, and train and test together when there are both. */
export function curveChoices(runs: readonly SweepRunResult[]): CurveOption[] {
  const present = new Set<CurveColumn>();
  for (const run of runs) {
    if (!run.curve) continue;
    for (const column of CURVE_COLUMNS) if (run.curve[column]) present.add(column);
    if (present.size === CURVE_COLUMNS.length) break;
  }
  const options: CurveOption[] = [];
  for (const metric of METRICS) {
    const train = present.has(metric.train);
    const test = present.has(metric.test);
    if (train) options.push({ value: metric.train, label: `train ${metric.label}` });
    if (present.has(metric.dev)) options.push({ value: metric.dev, label: `dev ${metric.label}` });
    if (test) options.push({ value: metric.test, label: `test ${metric.label}` });
    if (train && test) options.push({ value: metric.pair, label: `train and test ${metric.label}` });
  }
  return options;
}

/** The choice that shows the outcome's own curve (test accuracy for `accuracy` when there is a test split). */
export function defaultCurveChoice(outcome: OutcomeName, options: readonly CurveOption[]): CurveChoice | undefined {
  const has = (value: CurveChoice) => options.some((o) => o.value === value);
  const metric = /loss/i.test(outcome) ? 'Loss' : /r$/i.test(outcome) && !/accuracy/i.test(outcome) ? 'R' : 'Accuracy';
  const split = (['train', 'dev', 'test'] as const).filter((name) => outcome.startsWith(name));
  if (split.length === 0) split.push('test', 'train');
  for (const s of split) if (has(`${s}${metric}` as CurveColumn)) return `${s}${metric}` as CurveColumn;
  return options[0]?.value;
}

export function curveColumns(choice: CurveChoice): CurveColumn[] {
  const metric = METRICS.find((m) => m.pair === choice);
  return metric ? [metric.train, metric.test] : [choice as CurveColumn];
}

export function curveKind(choice: CurveChoice): 'loss' | 'accuracy' | 'r' {
  return /loss/i.test(choice) ? 'loss' : /accuracy/i.test(choice) ? 'accuracy' : 'r';
}

export interface CurveLine {
  column: CurveColumn;
  points: Point[];
}

/**
 * A run's curve(s) for a choice: accuracy in %, non-finite values as NaN (gaps); with `logLoss`
 * losses <= 0 are gaps too. Columns the run did not record are left out.
 */
export function curveLines(curve: SweepCurve | undefined, choice: CurveChoice, options: { logLoss?: boolean } = {}): CurveLine[] {
  if (!curve) return [];
  const lines: CurveLine[] = [];
  for (const column of curveColumns(choice)) {
    const values = curve[column];
    if (!values) continue;
    const scale = column.endsWith('Accuracy') ? 100 : 1;
    const log = options.logLoss && column.endsWith('Loss');
    const points = curve.epoch.map((x, i) => {
      const y = finiteOrNaN(values[i]) * scale;
      return { x, y: log && !(y > 0) ? NaN : y };
    });
    lines.push({ column, points });
  }
  return lines;
}
