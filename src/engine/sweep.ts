// Parametric experiments ("sweeps"): the same experiment run over a list, a range or a grid of
// settings, each setting repeated with different seeds, and one outcome measured per run.
//
// This file is pure (no Node, no DOM): the CLI, the extension host and the webview panel all
// import it. It parses and expands sweep specs, records a run's outcome and thinned curves,
// aggregates results per setting, and classifies the shape of the outcome.
//
// Seeds (`seeds` in the spec): the base seed is `--seed` or the experiment's seed.
// - 'perRepeat' (default): repeat r (0-based) of every setting uses seed `baseSeed + r`. Within one
//   repeat every setting starts from the same seed (the same data, split, shuffling and initial
//   weights where the model allows): the settings are compared on equal terms, and the repeats
//   show the spread over seeds.
// - 'perRun': run i (0-based, in plan order: repeat-major, settings in order) uses `baseSeed + i`,
//   so every run has its own initial weights, as when a notebook creates a fresh model per setting
//   in one loop. Use it when the question is how often a setting works.
import type { EpochMetrics, ModelParams, RunError, SplitMetrics, Backend, CheckResult } from './results';
import { parseSettings } from './experiment';
import type { ExperimentSettings } from './settings';
import { Validator } from './validate';

export type SweepValue = number | string | boolean;

/** `{ from, to, count }` (evenly spaced, `scale: 'log'` for a geometric range) or `{ from, to, step }`. */
export interface SweepRange {
  from: number;
  to: number;
  count?: number;
  step?: number;
  scale?: 'linear' | 'log';
  /** Round each value to a whole number (units, layers...). */
  round?: boolean;
}

/** A list of values, or a range. */
export type SweepAxisSpec = SweepValue[] | SweepRange;

/**
 * What each run contributes to the sweep:
 * - `accuracy`, `loss`, `r`: the final value on the test split when the experiment holds out test
 *   data, else on the training data; `trainAccuracy`, `testAccuracy`, `trainLoss`... name the split.
 * - `epochsToThreshold`: the first epoch at which `thresholdMetric` (default `accuracy`) reaches
 *   `threshold`; runs that never reach it have no value (they count in `fractionAbove` as not reaching).
 */
export type OutcomeName =
  | 'accuracy' | 'trainAccuracy' | 'testAccuracy'
  | 'loss' | 'trainLoss' | 'testLoss'
  | 'r' | 'trainR' | 'testR'
  | 'epochsToThreshold';
export const OUTCOME_NAMES: readonly OutcomeName[] = [
  'accuracy', 'trainAccuracy', 'testAccuracy', 'loss', 'trainLoss', 'testLoss', 'r', 'trainR', 'testR', 'epochsToThreshold',
];
export type ThresholdMetric = Exclude<OutcomeName, 'epochsToThreshold' | 'loss' | 'trainLoss' | 'testLoss'>;
const THRESHOLD_METRICS: readonly ThresholdMetric[] = ['accuracy', 'trainAccuracy', 'testAccuracy', 'r', 'trainR', 'testR'];

/** The shapes a learner can predict, and the classifier reports. */
export type SweepShape = 'flat' | 'rising' | 'falling' | 'inverted-U' | 'bimodal';
export const SWEEP_SHAPES: readonly SweepShape[] = ['flat', 'rising', 'falling', 'inverted-U', 'bimodal'];

export interface SweepSpec {
  /** One setting (a line plot) or two (a grid: the first gives the rows, the second the columns). */
  vary: Record<string, SweepAxisSpec>;
  /** Runs per setting, seeds baseSeed + 0, 1, ... (default 1). */
  repeats: number;
  /** Default `accuracy`. */
  outcome: OutcomeName;
  /** `fractionAbove` counts runs whose outcome is above it (for epochsToThreshold: the accuracy to reach). */
  threshold?: number;
  /** For epochsToThreshold: the per-epoch metric that must reach `threshold` (default `accuracy`). */
  thresholdMetric?: ThresholdMetric;
  /** The setting the shape is classified along (default: the first one in `vary`). */
  along?: string;
  /** 'perRepeat' (default): seed baseSeed + repeat; 'perRun': seed baseSeed + run index. */
  seeds?: 'perRepeat' | 'perRun';
}

/** A sweep as declared in exercise.json or a learner file: any field may be missing. */
export type SweepSpecInput = Partial<SweepSpec>;

/** Settings that go to the run's `overrides`; any other name goes to `modelParams`. */
export const SWEEPABLE_SETTINGS = ['learningRate', 'batchSize', 'epochs', 'optimizer', 'momentum', 'loss', 'testFraction'] as const;
export type SweepableSetting = (typeof SWEEPABLE_SETTINGS)[number];
const NOT_SWEEPABLE: Record<string, string> = {
  seed: 'repeats vary the seed: set `repeats` instead',
  data: 'the data recipe is not a single value',
};

export interface SweepAxis {
  name: string;
  target: 'overrides' | 'modelParams';
  values: SweepValue[];
}

export interface SweepPlanRun {
  /** 0-based, in plan order (repeat-major: all settings of repeat 0 first). */
  index: number;
  /** Index into `points`. */
  point: number;
  repeat: number;
  seed: number;
  values: Record<string, SweepValue>;
  overrides: Partial<ExperimentSettings>;
  modelParams: ModelParams;
}

export interface SweepPlan {
  spec: SweepSpec;
  axes: SweepAxis[];
  /** Every combination of axis values; for a grid row-major (first axis outer). */
  points: Record<string, SweepValue>[];
  baseSeed: number;
  runs: SweepPlanRun[];
}

/** A thinned per-epoch curve of one run, for overlay plots. */
export interface SweepCurve {
  epoch: number[];
  trainLoss: number[];
  testLoss?: number[];
  trainAccuracy?: number[];
  testAccuracy?: number[];
  trainR?: number[];
  testR?: number[];
}

export const MAX_CURVE_POINTS = 200;

/** `failed`: no result (an error, a crash, a time-out); `cancelled`: the sweep was stopped first. */
export type SweepRunStatus = 'completed' | 'stopped' | 'diverged' | 'failed' | 'cancelled';

export interface SweepRunSettings {
  learningRate: number;
  batchSize: number | 'full';
  epochs: number;
  optimizer: string;
  momentum?: number;
  loss: string;
  testFraction: number;
}

export interface SweepRunResult {
  index: number;
  point: number;
  repeat: number;
  values: Record<string, SweepValue>;
  seed: number;
  status: SweepRunStatus;
  /** The run's outcome; null when it has none (failed, NaN, threshold never reached). */
  outcome: number | null;
  /** Epochs actually trained. */
  epochs?: number;
  metrics?: { train: SplitMetrics; test?: SplitMetrics };
  curve?: SweepCurve;
  /** Trainable parameters of the run's model. */
  parameters?: number;
  variableShapes?: number[][];
  settings?: SweepRunSettings;
  backend?: Backend;
  /** The exercise's per-run checks on this run. */
  checks?: CheckResult[];
  /** From the moment a worker took the run to its result. */
  wallMs?: number;
  /** The training loop alone. */
  trainMs?: number;
  error?: RunError;
}

export interface SweepStats {
  /** Runs of this setting. */
  runs: number;
  /** Runs that produced a numeric outcome. */
  n: number;
  failed: number;
  mean: number | null;
  /** Sample standard deviation (n - 1); 0 for a single value. */
  std: number | null;
  min: number | null;
  max: number | null;
  /** Fraction of runs with outcome > threshold (epochsToThreshold: of finished runs, those that reached it). */
  fractionAbove: number | null;
}

export interface SweepPointSummary extends SweepStats {
  point: number;
  values: Record<string, SweepValue>;
  /** Trainable parameters of this setting's model (from its first run that built one). */
  parameters?: number;
}

export interface SweepGrid {
  rows: string;
  columns: string;
  rowValues: SweepValue[];
  columnValues: SweepValue[];
  mean: (number | null)[][];
  fractionAbove: (number | null)[][];
  n: number[][];
}

export interface ObservedShape {
  shape: SweepShape;
  /** The runs' outcomes fall into two separated groups (whatever the trend). */
  bimodal: boolean;
  /** Spearman rank correlation of the setting's position and the mean outcome. */
  rho: number | null;
  along: string;
  detail: string;
}

export interface SweepSummary {
  outcome: OutcomeName;
  threshold?: number;
  axes: SweepAxis[];
  points: SweepPointSummary[];
  /** Per value of each axis, pooled over the other axis (a 1-D sweep: the same as `points`). */
  marginals: Record<string, SweepPointSummary[]>;
  overall: SweepStats;
  grid?: SweepGrid;
  shape: ObservedShape;
  counts: Record<SweepRunStatus, number>;
  /** When the model's size differs between runs: how the outcome goes with the number of trainable parameters. */
  parameters?: { min: number; max: number; rho: number | null; runs: number };
}

export interface SweepPrediction {
  shape: SweepShape;
  note?: string;
  /** ms since the Unix epoch; before the first run started. */
  recordedAt: number;
}

/** What a finished (or cancelled) sweep leaves: saved by the host, shown by the CLI and the panel. */
export interface SweepResult {
  version: 1;
  /** Random, unique per sweep. */
  id: string;
  exercise: string;
  learnerFile: string;
  learnerFileHash?: string;
  status: 'running' | 'completed' | 'cancelled';
  startedAt: number;
  finishedAt?: number;
  wallMs?: number;
  workers: number;
  /** The sweep as declared (exercise.json merged with the learner's export). */
  spec: SweepSpec;
  /** True when the reduced sizes of `dlx validate` ran instead of the declared ones. */
  quick: boolean;
  /** Repeats that ran (the declared ones unless `quick`). */
  repeats: number;
  seeds: 'perRepeat' | 'perRun';
  baseSeed: number;
  axes: SweepAxis[];
  outcome: OutcomeName;
  threshold?: number;
  prediction?: SweepPrediction;
  runs: SweepRunResult[];
  summary?: SweepSummary;
  checks?: CheckResult[];
  passed?: boolean;
  /** Why the sweep stopped early: an error every run would hit (a syntax error...). */
  error?: RunError;
}

// ---------------------------------------------------------------------------------- parsing

function parseValue(raw: unknown, path: string, v: Validator): SweepValue {
  if (typeof raw === 'number') return v.number(raw, path);
  if (typeof raw === 'boolean') return raw;
  return v.string(raw, path);
}

function parseAxis(raw: unknown, path: string, v: Validator): SweepAxisSpec {
  if (Array.isArray(raw)) {
    if (raw.length === 0) v.fail(path, 'must list at least one value.');
    const values = raw.map((value, i) => parseValue(value, `${path}[${i}]`, v));
    if (new Set(values.map((value) => JSON.stringify(value))).size !== values.length) v.fail(path, 'lists a value twice.');
    return values;
  }
  const object = v.object(raw, path);
  v.onlyKeys(object, path, ['from', 'to', 'count', 'step', 'scale', 'round']);
  const range: SweepRange = { from: v.number(object.from, `${path}.from`), to: v.number(object.to, `${path}.to`) };
  if ((object.count === undefined) === (object.step === undefined)) v.fail(path, 'needs either "count" (evenly spaced values) or "step", not both.');
  if (object.count !== undefined) range.count = v.number(object.count, `${path}.count`, { min: 1, max: 10_000, integer: true });
  if (object.step !== undefined) {
    range.step = v.number(object.step, `${path}.step`);
    if (range.step <= 0) v.fail(`${path}.step`, `must be above 0, got ${range.step}.`);
    if ((range.to - range.from) / range.step > 10_000) v.fail(path, 'has more than 10000 values.');
  }
  if (object.scale !== undefined) range.scale = v.oneOf(object.scale, `${path}.scale`, ['linear', 'log'] as const);
  if (range.scale === 'log') {
    if (range.step !== undefined) v.fail(`${path}.scale`, 'log needs "count", not "step".');
    if (range.from <= 0 || range.to <= 0) v.fail(path, 'a log range needs "from" and "to" above 0.');
  }
  if (object.round !== undefined) {
    if (typeof object.round !== 'boolean') v.fail(`${path}.round`, 'must be true or false.');
    range.round = object.round;
  }
  if (range.to < range.from && range.step !== undefined) v.fail(path, '"to" must not be below "from" with a step.');
  return range;
}

/** Validates whichever fields are present (exercise.json or a learner's `sweep` export). */
export function parseSweepSpec(raw: unknown, path: string, v: Validator): SweepSpecInput {
  const object = v.object(raw, path);
  v.onlyKeys(object, path, ['vary', 'repeats', 'outcome', 'threshold', 'thresholdMetric', 'along', 'seeds']);
  const spec: SweepSpecInput = {};
  if (object.vary !== undefined) {
    const vary = v.object(object.vary, `${path}.vary`);
    const names = Object.keys(vary);
    if (names.length === 0 || names.length > 2) {
      v.fail(`${path}.vary`, `must name one setting (a line) or two (a grid), got ${names.length}.`);
    }
    spec.vary = {};
    for (const name of names) {
      if (name in NOT_SWEEPABLE) v.fail(`${path}.vary.${name}`, `cannot be varied: ${NOT_SWEEPABLE[name]}.`);
      if (!/^[A-Za-z_$][\w$]*$/.test(name)) v.fail(`${path}.vary`, `has the name "${name}"; use a plain identifier like units or learningRate.`);
      spec.vary[name] = parseAxis(vary[name], `${path}.vary.${name}`, v);
      if ((SWEEPABLE_SETTINGS as readonly string[]).includes(name)) {
        // Validate every value as a setting now, not in the middle of the sweep.
        for (const value of expandAxis(spec.vary[name])) parseSettings({ [name]: value }, `${path}.vary.${name}`, v);
      }
    }
  }
  if (object.repeats !== undefined) spec.repeats = v.number(object.repeats, `${path}.repeats`, { min: 1, max: 10_000, integer: true });
  if (object.outcome !== undefined) spec.outcome = v.oneOf(object.outcome, `${path}.outcome`, OUTCOME_NAMES);
  if (object.threshold !== undefined) spec.threshold = v.number(object.threshold, `${path}.threshold`);
  if (object.thresholdMetric !== undefined) spec.thresholdMetric = v.oneOf(object.thresholdMetric, `${path}.thresholdMetric`, THRESHOLD_METRICS);
  if (object.along !== undefined) spec.along = v.string(object.along, `${path}.along`);
  if (object.seeds !== undefined) spec.seeds = v.oneOf(object.seeds, `${path}.seeds`, ['perRepeat', 'perRun'] as const);
  return spec;
}

/**
 * The learner's sweep over the exercise's: each field the learner sets wins (`vary` as a whole).
 * Fills the defaults and checks that the result is complete.
 */
export function resolveSweepSpec(exercise: SweepSpecInput | undefined, learner: SweepSpecInput | undefined, v: Validator): SweepSpec {
  const merged: SweepSpecInput = { ...exercise, ...learner };
  if (!merged.vary) v.fail('sweep', 'does not say what to vary: add `vary: { learningRate: { from: 0.001, to: 0.1, count: 50 } }` (or a list, or two settings for a grid) to `export const sweep = { ... }`.');
  const spec: SweepSpec = { vary: merged.vary, repeats: merged.repeats ?? 1, outcome: merged.outcome ?? 'accuracy' };
  if (merged.threshold !== undefined) spec.threshold = merged.threshold;
  if (merged.thresholdMetric !== undefined) spec.thresholdMetric = merged.thresholdMetric;
  if (merged.along !== undefined) spec.along = merged.along;
  if (merged.seeds !== undefined) spec.seeds = merged.seeds;
  if (spec.outcome === 'epochsToThreshold' && spec.threshold === undefined) v.fail('sweep.threshold', 'is needed for the outcome epochsToThreshold: the accuracy (or r) each run must reach.');
  if (spec.along !== undefined && !(spec.along in spec.vary)) v.fail('sweep.along', `names "${spec.along}", which the sweep does not vary (it varies ${Object.keys(spec.vary).join(', ')}).`);
  return spec;
}

// -------------------------------------------------------------------------------- expansion

/** Trims float noise (0.1 + 0.2) without changing meaningful digits. */
function tidy(value: number): number {
  return Number(value.toPrecision(12));
}

export function expandAxis(axis: SweepAxisSpec): SweepValue[] {
  if (Array.isArray(axis)) return [...axis];
  const { from, to, round } = axis;
  let values: number[];
  if (axis.step !== undefined) {
    const count = Math.floor((to - from) / axis.step + 1e-9) + 1;
    values = Array.from({ length: count }, (_, i) => tidy(from + i * axis.step!));
  } else {
    const count = axis.count!;
    values = Array.from({ length: count }, (_, i) => {
      if (count === 1) return from;
      const t = i / (count - 1);
      return tidy(axis.scale === 'log' ? from * (to / from) ** t : from + t * (to - from));
    });
  }
  if (round) values = [...new Set(values.map((value) => Math.round(value)))];
  return values;
}

/** At most `max` values, evenly spaced over the list, first and last kept (dlx validate's reduced sizes). */
export function thinValues<T>(values: T[], max: number): T[] {
  if (max >= values.length) return [...values];
  if (max <= 1) return [values[0]];
  const picked = new Set<number>();
  for (let i = 0; i < max; i++) picked.add(Math.round((i * (values.length - 1)) / (max - 1)));
  return [...picked].sort((a, b) => a - b).map((i) => values[i]);
}

export interface ExpandOptions {
  baseSeed: number;
  /** Reduced sizes (dlx validate): at most this many values per axis (or per named axis), and this many repeats. */
  quick?: SweepQuick;
}

export interface SweepQuick {
  maxValues?: number | Record<string, number>;
  repeats?: number;
}

export function axisTarget(name: string): SweepAxis['target'] {
  return (SWEEPABLE_SETTINGS as readonly string[]).includes(name) ? 'overrides' : 'modelParams';
}

export function expandSweep(spec: SweepSpec, options: ExpandOptions): SweepPlan {
  const axes: SweepAxis[] = Object.entries(spec.vary).map(([name, axis]) => {
    const values = expandAxis(axis);
    const limit = options.quick?.maxValues;
    const max = typeof limit === 'number' ? limit : limit?.[name];
    return { name, target: axisTarget(name), values: max ? thinValues(values, max) : values };
  });
  const repeats = Math.min(spec.repeats, options.quick?.repeats ?? spec.repeats);
  let points: Record<string, SweepValue>[] = [{}];
  for (const axis of axes) points = points.flatMap((point) => axis.values.map((value) => ({ ...point, [axis.name]: value })));
  const runs: SweepPlanRun[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    points.forEach((values, point) => {
      const overrides: Record<string, unknown> = {};
      const modelParams: ModelParams = {};
      for (const axis of axes) (axis.target === 'overrides' ? overrides : modelParams)[axis.name] = values[axis.name];
      const seed = spec.seeds === 'perRun' ? options.baseSeed + runs.length : options.baseSeed + repeat;
      runs.push({ index: runs.length, point, repeat, seed, values, overrides: overrides as Partial<ExperimentSettings>, modelParams });
    });
  }
  return { spec: { ...spec, repeats }, axes, points, baseSeed: options.baseSeed, runs };
}

// --------------------------------------------------------------------------------- outcomes

type SplitName = 'train' | 'test';

function splitOf(name: OutcomeName | ThresholdMetric, hasTest: boolean): SplitName {
  if (name.startsWith('train')) return 'train';
  if (name.startsWith('test')) return 'test';
  return hasTest ? 'test' : 'train';
}

function metricOf(name: OutcomeName | ThresholdMetric): keyof SplitMetrics {
  const lower = name.toLowerCase();
  if (lower.endsWith('accuracy')) return 'accuracy';
  if (lower.endsWith('loss')) return 'loss';
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
  const split = spec.outcome.startsWith('train') ? 'train ' : spec.outcome.startsWith('test') ? 'test ' : '';
  return `final ${split}${metric}`;
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
    outcome(metrics: { train: SplitMetrics; test?: SplitMetrics }): number | null {
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
  metrics: { train: SplitMetrics; test?: SplitMetrics },
  reachedAt: number | null = null,
): number | null {
  if (spec.outcome === 'epochsToThreshold') return reachedAt;
  return finite(metrics[splitOf(spec.outcome, metrics.test !== undefined)]?.[metricOf(spec.outcome)]);
}

/** At most `max` epochs, evenly spaced, the first and the last kept. NaN becomes null in JSON. */
export function thinCurve(epochs: EpochMetrics[], max = MAX_CURVE_POINTS): SweepCurve {
  const kept = thinValues(epochs, max);
  const curve: SweepCurve = { epoch: kept.map((e) => e.epoch), trainLoss: kept.map((e) => e.train.loss) };
  const column = (pick: (e: EpochMetrics) => number | undefined) => (kept.some((e) => pick(e) !== undefined) ? kept.map((e) => pick(e) ?? Number.NaN) : undefined);
  const optional: [keyof SweepCurve, (e: EpochMetrics) => number | undefined][] = [
    ['testLoss', (e) => e.test?.loss],
    ['trainAccuracy', (e) => e.train.accuracy],
    ['testAccuracy', (e) => e.test?.accuracy],
    ['trainR', (e) => e.train.r],
    ['testR', (e) => e.test?.r],
  ];
  for (const [key, pick] of optional) {
    const values = column(pick);
    if (values) (curve as unknown as Record<string, number[]>)[key] = values;
  }
  return curve;
}

// ------------------------------------------------------------------------------ aggregation

export function stats(outcomes: (number | null)[], threshold: number | undefined, options: { failed?: number; reachFraction?: boolean } = {}): SweepStats {
  const values = outcomes.filter((value): value is number => value !== null && Number.isFinite(value));
  const n = values.length;
  const mean = n ? values.reduce((sum, value) => sum + value, 0) / n : null;
  const std = n === 0 ? null : n === 1 ? 0 : Math.sqrt(values.reduce((sum, value) => sum + (value - mean!) ** 2, 0) / (n - 1));
  let fractionAbove: number | null = null;
  if (options.reachFraction) fractionAbove = outcomes.length ? n / outcomes.length : null;
  else if (threshold !== undefined && n > 0) fractionAbove = values.filter((value) => value > threshold).length / n;
  return {
    runs: outcomes.length + (options.failed ?? 0),
    n,
    failed: options.failed ?? 0,
    mean,
    std,
    min: n ? Math.min(...values) : null,
    max: n ? Math.max(...values) : null,
    fractionAbove,
  };
}

const counted = (run: SweepRunResult) => run.status === 'completed' || run.status === 'diverged';

/**
 * Stats over a set of runs: completed and diverged runs count; failed, stopped and cancelled do not.
 * `value` picks another number per run than its outcome (see runValue).
 */
export function statsOfRuns(runs: SweepRunResult[], outcome: OutcomeName, threshold: number | undefined, value?: (run: SweepRunResult) => number | null): SweepStats {
  const used = runs.filter(counted);
  return stats(used.map((run) => (value ? value(run) : run.outcome)), threshold, { failed: runs.length - used.length, reachFraction: !value && outcome === 'epochsToThreshold' });
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
  const key = `${split}${{ accuracy: 'Accuracy', loss: 'Loss', r: 'R' }[metricOf(metric)]}` as keyof SweepCurve;
  const column = curve[key] as number[] | undefined;
  if (!column) return null;
  let best = 0;
  for (let i = 1; i < curve.epoch.length; i++) if (Math.abs(curve.epoch[i] - atEpoch) < Math.abs(curve.epoch[best] - atEpoch)) best = i;
  return finite(column[best]);
}

export function sameValue(a: SweepValue, b: SweepValue): boolean {
  return a === b || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a)));
}

/** Aggregates a sweep's runs per setting, per axis value and overall, and classifies the shape. */
export function summarizeSweep(result: Pick<SweepResult, 'axes' | 'outcome' | 'threshold' | 'runs'> & { spec?: Pick<SweepSpec, 'along'> }): SweepSummary {
  const { axes, outcome, threshold, runs } = result;
  let points: Record<string, SweepValue>[] = [{}];
  for (const axis of axes) points = points.flatMap((point) => axis.values.map((value) => ({ ...point, [axis.name]: value })));
  const pointSummaries = points.map((values, point): SweepPointSummary => {
    const own = runs.filter((run) => axes.every((axis) => sameValue(run.values[axis.name], values[axis.name])));
    const parameters = own.find((run) => run.parameters !== undefined)?.parameters;
    return { point, values, ...statsOfRuns(own, outcome, threshold), ...(parameters !== undefined ? { parameters } : {}) };
  });
  const marginals: Record<string, SweepPointSummary[]> = {};
  for (const axis of axes) {
    marginals[axis.name] = axis.values.map((value, point) => ({
      point,
      values: { [axis.name]: value },
      ...statsOfRuns(runs.filter((run) => sameValue(run.values[axis.name], value)), outcome, threshold),
    }));
  }
  let grid: SweepGrid | undefined;
  if (axes.length === 2) {
    const [rows, columns] = axes;
    const cell = (i: number, j: number) => pointSummaries[i * columns.values.length + j];
    grid = {
      rows: rows.name,
      columns: columns.name,
      rowValues: rows.values,
      columnValues: columns.values,
      mean: rows.values.map((_, i) => columns.values.map((__, j) => cell(i, j).mean)),
      fractionAbove: rows.values.map((_, i) => columns.values.map((__, j) => cell(i, j).fractionAbove)),
      n: rows.values.map((_, i) => columns.values.map((__, j) => cell(i, j).n)),
    };
  }
  const counts: Record<SweepRunStatus, number> = { completed: 0, stopped: 0, diverged: 0, failed: 0, cancelled: 0 };
  for (const run of runs) counts[run.status]++;
  const sized = runs.filter((run) => counted(run) && run.parameters !== undefined && run.outcome !== null);
  const sizes = sized.map((run) => run.parameters!);
  const parameters = sizes.length > 0 && Math.min(...sizes) !== Math.max(...sizes)
    ? { min: Math.min(...sizes), max: Math.max(...sizes), rho: spearman(sizes, sized.map((run) => run.outcome!)), runs: sized.length }
    : undefined;
  const along = result.spec?.along ?? axes[0]?.name ?? '';
  const line = marginals[along] ?? [];
  const alongAxis = axes.find((axis) => axis.name === along);
  return {
    outcome,
    threshold,
    axes,
    points: pointSummaries,
    marginals,
    overall: statsOfRuns(runs, outcome, threshold),
    grid,
    shape: {
      ...classifyShape(alongAxis ? outcomesAlong(runs, alongAxis) : [], { tolerance: shapeTolerance(outcome, line.map((p) => p.mean)) }),
      along,
    },
    counts,
    ...(parameters ? { parameters } : {}),
  };
}

// ---------------------------------------------------------------------------------- shapes

/** The outcomes of the counted runs at each value of `axis` (pooled over any other axis). */
export function outcomesAlong(runs: SweepRunResult[], axis: SweepAxis): number[][] {
  return axis.values.map((value) => runs
    .filter((run) => counted(run) && run.outcome !== null && sameValue(run.values[axis.name], value))
    .map((run) => run.outcome!));
}

/** 0.03 for accuracy and r (fractions); otherwise 5% of the largest mean's size. */
export function shapeTolerance(outcome: OutcomeName, means: (number | null)[]): number {
  if (metricOf(outcome) !== 'loss' && outcome !== 'epochsToThreshold') return 0.03;
  const sizes = means.filter((m): m is number => m !== null).map(Math.abs);
  return sizes.length ? 0.05 * Math.max(...sizes) || 1e-9 : 1e-9;
}

function ranks(values: number[]): number[] {
  const order = values.map((value, i) => ({ value, i })).sort((a, b) => a.value - b.value);
  const result = new Array<number>(values.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && order[end + 1].value === order[start].value) end++;
    for (let k = start; k <= end; k++) result[order[k].i] = (start + end) / 2;
    start = end + 1;
  }
  return result;
}

/** Spearman's rank correlation (Pearson on ranks, ties get their mean rank); null without variance. */
export function spearman(a: number[], b: number[]): number | null {
  if (a.length !== b.length || a.length < 2) return null;
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const ma = mean(ra);
  const mb = mean(rb);
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < ra.length; i++) {
    cov += (ra[i] - ma) * (rb[i] - mb);
    va += (ra[i] - ma) ** 2;
    vb += (rb[i] - mb) ** 2;
  }
  return va === 0 || vb === 0 ? null : cov / Math.sqrt(va * vb);
}

/**
 * Bimodal: the outcomes split into two groups far apart compared with their own spread. The best
 * split of the sorted outcomes (least within-group sum of squares, at least 10% of the runs and 2
 * on each side) must leave the group means at least 4 pooled within-group standard deviations
 * apart, and more than 2 tolerances. (One normal or uniform cloud gives at most about 2.7 and 3.5.)
 */
export function isBimodal(outcomes: number[], tolerance: number): boolean {
  const sorted = outcomes.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  const n = sorted.length;
  if (n < 4) return false;
  const minSide = Math.max(2, Math.ceil(n * 0.1));
  const prefix = [0];
  const prefixSq = [0];
  for (const x of sorted) {
    prefix.push(prefix[prefix.length - 1] + x);
    prefixSq.push(prefixSq[prefixSq.length - 1] + x * x);
  }
  const ss = (from: number, to: number) => {
    const count = to - from;
    const sum = prefix[to] - prefix[from];
    return Math.max(0, prefixSq[to] - prefixSq[from] - (sum * sum) / count);
  };
  let best: { k: number; within: number } | undefined;
  for (let k = minSide; k <= n - minSide; k++) {
    const within = ss(0, k) + ss(k, n);
    if (!best || within < best.within) best = { k, within };
  }
  if (!best) return false;
  const low = (prefix[best.k] - prefix[0]) / best.k;
  const high = (prefix[n] - prefix[best.k]) / (n - best.k);
  const pooledSd = Math.sqrt(best.within / Math.max(1, n - 2));
  return high - low > 2 * tolerance && high - low >= 4 * pooledSd;
}

/** Mean and standard error (sample sd / sqrt(n); 0 for one value) of a group of outcomes. */
function meanAndError(values: number[]): { mean: number; se: number; n: number } {
  const n = values.length;
  const mean = values.reduce((s, x) => s + x, 0) / n;
  const se = n < 2 ? 0 : Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1) / n);
  return { mean, se, n };
}

/**
 * The observed shape of the outcome along a setting. `groups[i]` holds the outcomes of the runs
 * at the i-th value of the setting (in the setting's order). Rules, first match wins (tol: the
 * tolerance, 0.03 for accuracy and r; A is "clearly above" B when mean(A) - mean(B) > tol and
 * > 2 standard errors of that difference, so noise from seeds does not make a shape):
 * 1. fewer than 2 settings with outcomes, or max - min of the setting means <= tol: **flat**;
 * 2. two settings: **rising** / **falling** when the second is clearly above / below the first;
 * 3. split the settings into a first, middle and last third (k = max(1, floor(n/3)) settings at
 *    each end, the rest in the middle), pooling their runs:
 *    **inverted-U**: the middle is clearly above both the first and the last third;
 * 4. **rising**: the last third is above the first by more than tol, the first is not clearly
 *    above the middle, and either the last third is clearly above the first, or the runs'
 *    outcomes rise with the setting's position beyond chance (Spearman rho over the runs,
 *    rho * sqrt(runs - 1) >= 3: a saturating curve whose rise sits in the first third);
 *    **falling**: the mirror image;
 * 5. **bimodal**: the runs' outcomes are bimodal (two groups far apart, see isBimodal);
 * 6. otherwise **flat**.
 * `bimodal` is also reported on its own, whatever the trend; `rho` is Spearman's rank correlation
 * of the setting's position and its mean outcome.
 */
export function classifyShape(groups: number[][], options: { tolerance?: number } = {}): Omit<ObservedShape, 'along'> {
  const tol = options.tolerance ?? 0.03;
  const used = groups.map((g) => g.filter((x) => Number.isFinite(x))).filter((g) => g.length > 0);
  const all = used.flat();
  const bimodal = isBimodal(all, tol);
  const fmt = (x: number) => Number(x.toPrecision(3)).toString();
  const means = used.map((g) => meanAndError(g).mean);
  if (used.length < 2) return { shape: 'flat', bimodal, rho: null, detail: 'fewer than two settings with a result' };
  const rho = spearman(means.map((_, i) => i), means);
  const range = Math.max(...means) - Math.min(...means);
  if (range <= tol) return { shape: 'flat', bimodal, rho, detail: `the means differ by at most ${fmt(range)} (tolerance ${fmt(tol)})` };
  const above = (a: number[], b: number[]) => {
    const x = meanAndError(a);
    const y = meanAndError(b);
    return x.mean - y.mean > tol && x.mean - y.mean > 2 * Math.sqrt(x.se ** 2 + y.se ** 2);
  };
  if (used.length === 2) {
    if (above(used[1], used[0])) return { shape: 'rising', bimodal, rho, detail: `from ${fmt(means[0])} to ${fmt(means[1])}` };
    if (above(used[0], used[1])) return { shape: 'falling', bimodal, rho, detail: `from ${fmt(means[0])} to ${fmt(means[1])}` };
  } else {
    const k = Math.max(1, Math.floor(used.length / 3));
    const first = used.slice(0, k).flat();
    const middle = used.slice(k, used.length - k).flat();
    const last = used.slice(used.length - k).flat();
    const thirds = `first third ${fmt(meanAndError(first).mean)}, middle ${fmt(meanAndError(middle).mean)}, last third ${fmt(meanAndError(last).mean)}`;
    if (above(middle, first) && above(middle, last)) return { shape: 'inverted-U', bimodal, rho, detail: `${thirds}: the middle is above both ends` };
    const positions = used.flatMap((g, i) => g.map(() => i));
    const runRho = spearman(positions, all) ?? 0;
    const z = runRho * Math.sqrt(all.length - 1);
    const gap = meanAndError(last).mean - meanAndError(first).mean;
    if (gap > tol && !above(first, middle) && (above(last, first) || z >= 3)) return { shape: 'rising', bimodal, rho, detail: `${thirds}; Spearman rho over the runs ${fmt(runRho)}` };
    if (-gap > tol && !above(middle, first) && (above(first, last) || z <= -3)) return { shape: 'falling', bimodal, rho, detail: `${thirds}; Spearman rho over the runs ${fmt(runRho)}` };
    if (bimodal) return { shape: 'bimodal', bimodal, rho, detail: `no clear trend (${thirds}); the runs split into two separate groups of outcomes` };
    return { shape: 'flat', bimodal, rho, detail: `no clear trend (${thirds}): the differences are within the tolerance or the spread over seeds` };
  }
  if (bimodal) return { shape: 'bimodal', bimodal, rho, detail: 'no clear trend; the runs split into two separate groups of outcomes' };
  return { shape: 'flat', bimodal, rho, detail: `no clear difference (${means.map(fmt).join(' vs ')})` };
}

/** A prediction matches when it names the observed trend, or `bimodal` when the outcomes are bimodal. */
export function predictionMatches(prediction: SweepShape, observed: Pick<ObservedShape, 'shape' | 'bimodal'>): boolean {
  return prediction === observed.shape || (prediction === 'bimodal' && observed.bimodal);
}

// --------------------------------------------------------------------- reading a learner file

/**
 * The `sweep` export of a learner file's source, read as data without running the file (learner
 * code runs only in the trainer): `export const sweep = { ... }` written with plain values
 * (numbers, strings, booleans, arrays, objects; `as const` and a type annotation are fine).
 * Undefined when the file declares no sweep; throws a SyntaxError-like message when it is not plain data.
 */
export function readSweepLiteral(source: string): { value: unknown; line: number } | undefined {
  return readExportedLiteral(source, 'sweep');
}

/** An exported `const <name> = <plain data>` of a source file, read without running it (see readSweepLiteral). */
export function readExportedLiteral(source: string, name: string): { value: unknown; line: number } | undefined {
  const blank = blankComments(source);
  // Searched with string contents blanked too, so text inside strings never matches.
  const code = blankComments(source, true);
  const direct = new RegExp(`\\bexport\\s+(?:const|let|var)\\s+${name}\\s*(?::[^=]+)?=`).exec(code);
  let match = direct;
  if (!match) {
    const declared = new RegExp(`\\b(?:const|let|var)\\s+${name}\\s*(?::[^=]+)?=`).exec(code);
    if (!declared || !new RegExp(`\\bexport\\s*\\{[^}]*\\b${name}\\b[^}]*\\}`).test(code)) return undefined;
    match = declared;
  }
  const parser = new LiteralParser(blank, match.index + match[0].length);
  return { value: parser.value(), line: lineAt(source, match.index) };
}

function lineAt(source: string, offset: number): number {
  return source.slice(0, offset).split('\n').length;
}

/** Comments (and with `strings`, the contents of strings) become spaces; offsets and lines stay. */
function blankComments(source: string, strings = false): string {
  const out = source.split('');
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === '"' || c === "'" || c === '`') {
      i++;
      while (i < source.length && source[i] !== c) {
        const step = source[i] === '\\' ? 2 : 1;
        if (strings) for (let k = i; k < i + step && k < source.length; k++) if (source[k] !== '\n') out[k] = ' ';
        i += step;
      }
      i++;
    } else if (c === '/' && source[i + 1] === '/') {
      while (i < source.length && source[i] !== '\n') out[i++] = ' ';
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? source.length : end + 2;
      for (; i < stop; i++) if (source[i] !== '\n') out[i] = ' ';
    } else {
      i++;
    }
  }
  return out.join('');
}

export class SweepLiteralError extends Error {
  constructor(message: string, readonly line: number, readonly column: number) {
    super(message);
    this.name = 'SweepLiteralError';
  }
}

class LiteralParser {
  constructor(private readonly text: string, private at: number) {}

  private fail(problem: string): never {
    const before = this.text.slice(0, this.at);
    const line = before.split('\n').length;
    const column = this.at - before.lastIndexOf('\n');
    throw new SweepLiteralError(`\`sweep\` must be written as plain data (numbers, strings, true/false, [lists] and { objects }), so it can be read without running your file: ${problem}`, line, column);
  }

  private skip(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at])) this.at++;
  }

  private peek(): string {
    this.skip();
    return this.text[this.at] ?? '';
  }

  private expect(char: string): void {
    if (this.peek() !== char) this.fail(`expected "${char}" but found ${this.found()}.`);
    this.at++;
  }

  private found(): string {
    const rest = this.text.slice(this.at).trimStart();
    return rest ? `"${rest.split(/\s/)[0].slice(0, 20)}"` : 'the end of the file';
  }

  value(): unknown {
    const value = this.bare();
    // TypeScript's `as const` / `satisfies T` after a value.
    this.skip();
    const tail = /^(?:as\s+const\b|as\s+[A-Za-z_$][\w$.]*|satisfies\s+[A-Za-z_$][\w$.]*)/.exec(this.text.slice(this.at));
    if (tail) this.at += tail[0].length;
    return value;
  }

  private bare(): unknown {
    const c = this.peek();
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"' || c === "'" || c === '`') return this.string();
    if (c === '(') {
      this.at++;
      const inner = this.value();
      this.expect(')');
      return inner;
    }
    const rest = this.text.slice(this.at);
    const number = /^[-+]?(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][-+]?\d+)?(?![\w$.])/.exec(rest);
    if (number) {
      this.at += number[0].length;
      return Number(number[0].replace(/_/g, ''));
    }
    const word = /^(true|false|null|undefined)(?![\w$])/.exec(rest);
    if (word) {
      this.at += word[0].length;
      return { true: true, false: false, null: null, undefined }[word[1]];
    }
    return this.fail(`found ${this.found()}, which is code, not a value.`);
  }

  private string(): string {
    const quote = this.text[this.at++];
    let value = '';
    while (this.at < this.text.length && this.text[this.at] !== quote) {
      const c = this.text[this.at++];
      if (quote === '`' && c === '$' && this.text[this.at] === '{') this.fail('a template string with ${...} is code.');
      if (c === '\\') {
        const e = this.text[this.at++];
        value += ({ n: '\n', t: '\t', r: '\r', '0': '\0' } as Record<string, string>)[e] ?? e;
      } else {
        value += c;
      }
    }
    if (this.text[this.at] !== quote) this.fail('a string is not closed.');
    this.at++;
    return value;
  }

  private array(): unknown[] {
    this.expect('[');
    const values: unknown[] = [];
    while (this.peek() !== ']') {
      if (this.peek() === '.') this.fail('a spread (...) is code.');
      values.push(this.value());
      if (this.peek() === ',') this.at++;
      else if (this.peek() !== ']') this.fail(`expected "," or "]" but found ${this.found()}.`);
    }
    this.at++;
    return values;
  }

  private object(): Record<string, unknown> {
    this.expect('{');
    const object: Record<string, unknown> = {};
    while (this.peek() !== '}') {
      let key: string;
      const c = this.peek();
      if (c === '"' || c === "'") key = this.string();
      else {
        const name = /^[A-Za-z_$][\w$]*|^\d+(?:\.\d+)?/.exec(this.text.slice(this.at));
        if (!name) this.fail(`expected a field name but found ${this.found()}.`);
        key = name[0];
        this.at += key.length;
      }
      this.expect(':');
      object[key] = this.value();
      if (this.peek() === ',') this.at++;
      else if (this.peek() !== '}') this.fail(`expected "," or "}" but found ${this.found()}.`);
    }
    this.at++;
    return object;
  }
}
