// The sweep's vocabulary: what a spec declares, what a plan holds, what each run and the
// whole sweep leave behind. Shared by the CLI, the extension host and the panel.
import type { Backend, CheckResult, ModelParams, RunError, RunMetrics, Verification } from '../results';
import type { ExperimentSettings } from '../settings';

export type SweepValue = number | string | boolean;

/**
 * `{ from, to, count }` (evenly spaced, `scale: 'log'` for a geometric range) or `{ from, to, step }`;
 * in a random search `{ from, to }` with neither: each sample is drawn from the interval
 * (uniformly, or log-uniformly with `scale: 'log'`).
 */
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
 * - `f1`, `trainF1`, `testF1`: the final macro F1 of a classification (not measured per epoch, so
 *   neither a threshold metric nor a curve).
 * - `epochsToThreshold`: the first epoch at which `thresholdMetric` (default `accuracy`) reaches
 *   `threshold`; runs that never reach it have no value (they count in `fractionAbove` as not reaching).
 */
export type OutcomeName =
  | 'accuracy' | 'trainAccuracy' | 'devAccuracy' | 'testAccuracy'
  | 'loss' | 'trainLoss' | 'devLoss' | 'testLoss'
  | 'r' | 'trainR' | 'devR' | 'testR'
  | 'f1' | 'trainF1' | 'devF1' | 'testF1'
  | 'epochsToThreshold';
export const OUTCOME_NAMES: readonly OutcomeName[] = [
  'accuracy', 'trainAccuracy', 'devAccuracy', 'testAccuracy', 'loss', 'trainLoss', 'devLoss', 'testLoss', 'r', 'trainR', 'devR', 'testR', 'f1', 'trainF1', 'devF1', 'testF1', 'epochsToThreshold',
];
export type ThresholdMetric = Exclude<OutcomeName, 'epochsToThreshold' | 'loss' | 'trainLoss' | 'devLoss' | 'testLoss' | 'f1' | 'trainF1' | 'devF1' | 'testF1'>;
export const THRESHOLD_METRICS: readonly ThresholdMetric[] = ['accuracy', 'trainAccuracy', 'devAccuracy', 'testAccuracy', 'r', 'trainR', 'devR', 'testR'];

/** The shapes a learner can predict, and the classifier reports. */
export type SweepShape = 'flat' | 'rising' | 'falling' | 'inverted-U' | 'bimodal';
export const SWEEP_SHAPES: readonly SweepShape[] = ['flat', 'rising', 'falling', 'inverted-U', 'bimodal'];

/** 'grid': every combination of the axes' values; 'random': `samples` settings drawn from the axes. */
export type SweepSearch = 'grid' | 'random';
export const SWEEP_SEARCHES: readonly SweepSearch[] = ['grid', 'random'];
/** At most this many settings a random search varies at once. */
export const MAX_RANDOM_AXES = 6;

export interface SweepSpec {
  /**
   * A grid: one setting (a line plot) or two (the first gives the rows, the second the columns).
   * A random search: one to MAX_RANDOM_AXES settings, each a range or a list to draw from.
   */
  vary: Record<string, SweepAxisSpec>;
  /** Default 'grid'. */
  search?: SweepSearch;
  /** A random search's number of settings drawn (seeded by the sweep's base seed); each runs `repeats` times. */
  samples?: number;
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

/** Settings that go to the run's `overrides`; `data.<field>` to its `dataFields`; any other name goes to `modelParams`. */
export const SWEEPABLE_SETTINGS = ['learningRate', 'batchSize', 'epochs', 'optimizer', 'momentum', 'beta1', 'beta2', 'epsilon', 'rho', 'weightDecay', 'l1', 'loss', 'testFraction', 'devFraction', 'split', 'init'] as const;
export type SweepableSetting = (typeof SWEEPABLE_SETTINGS)[number];

export interface SweepAxis {
  name: string;
  target: 'overrides' | 'data' | 'modelParams';
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
  /** Fields of the experiment's data recipe, by field name (the axis `data.slope` -> `slope`). */
  dataFields: Record<string, SweepValue>;
  modelParams: ModelParams;
}

export interface SweepPlan {
  spec: SweepSpec;
  /** A random search's axes list the distinct values drawn, in ascending order. */
  axes: SweepAxis[];
  /** A grid: every combination of axis values, row-major (first axis outer); a random search: the settings drawn, in draw order. */
  points: Record<string, SweepValue>[];
  baseSeed: number;
  runs: SweepPlanRun[];
}

/** A thinned per-epoch curve of one run, for overlay plots. */
export interface SweepCurve {
  epoch: number[];
  trainLoss: number[];
  devLoss?: number[];
  testLoss?: number[];
  trainAccuracy?: number[];
  devAccuracy?: number[];
  testAccuracy?: number[];
  trainR?: number[];
  devR?: number[];
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
  weightDecay?: number;
  l1?: number;
  loss: string;
  testFraction: number;
  devFraction?: number;
  split?: string;
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
  metrics?: RunMetrics;
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
  /** The host verifier's verdict on this run (src/host/verifyOutcome.ts); absent in records made before sweeps were verified. */
  verification?: Verification;
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
  /** Present for a random search (its points are the settings drawn, and there is no grid). */
  search?: 'random';
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
  /** A random search's settings drawn (SweepPlan.points); absent for a grid, whose points are every combination of `axes`. */
  points?: Record<string, SweepValue>[];
  outcome: OutcomeName;
  threshold?: number;
  prediction?: SweepPrediction;
  runs: SweepRunResult[];
  summary?: SweepSummary;
  checks?: CheckResult[];
  passed?: boolean;
  /** What the sweep's verdict rests on (sweepVerification of its runs); absent in records made before sweeps were verified. */
  verification?: Verification;
  /** Why the sweep stopped early: an error every run would hit (a syntax error...). */
  error?: RunError;
}
