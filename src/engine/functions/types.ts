// The vocabulary of a function exercise (`"kind": "function"` in exercise.json): the learner file
// exports named functions, the host plans calls of them, the trainer child makes the calls and
// sends back plain values, and the host compares them with the reference's values.
import type { CheckResult, RunError, SandboxState, Verification } from '../results';
import type { DataRecipe, OptimizerName } from '../settings';
import type { SweepAxisSpec } from '../sweep/types';

/** What an export must return, checked in the host: `point` is a number (1-D) or `[x, y]` (2-D); `path` a list of points. */
export type ReturnType = 'number' | 'numbers' | 'point' | 'path' | 'boolean' | 'any';
export const RETURN_TYPES: readonly ReturnType[] = ['number', 'numbers', 'point', 'path', 'boolean', 'any'];

export interface ExportSpec {
  name: string;
  /** As shown in the README and the starter, e.g. `df(x: number): number`. */
  signature: string;
  returns: ReturnType;
  /** False for a constant (`export const answer = ...`): its value is read, not called. Default true. */
  callable: boolean;
}

/** The descent the run shows: `export(start, learningRate, steps)`; the learner's `experiment` export may set these. */
export interface DescentParameters {
  start: number | number[];
  learningRate: number;
  steps: number;
}
export const DESCENT_PARAMETER_NAMES = ['start', 'learningRate', 'steps'] as const;

export interface FunctionSweepSpec {
  /** One or two of start (1-D), learningRate, steps. */
  vary: Partial<Record<(typeof DESCENT_PARAMETER_NAMES)[number], SweepAxisSpec>>;
}

export interface FunctionSpec {
  exports: ExportSpec[];
  /** The reference's export whose values are drawn and used along paths (`f`); none when there is no function to draw. */
  objective?: string;
  /** The reference's derivative, drawn beside the function in 1-D. */
  derivative?: string;
  /** One interval per input: `[[lo, hi]]` (1-D) or `[[x0, x1], [y0, y1]]` (2-D). */
  domain: [number, number][];
  /** The run's own descent, drawn in the panel and printed by `dlx run`. */
  descent?: { export: string; parameters: DescentParameters };
  /** The descent repeated over a grid of parameters, in the same trainer child (final value against start, learning rate x steps). */
  sweep?: FunctionSweepSpec;
  /** Absolute path of the pack file that computes the reference values (default: the solution). */
  reference: string;
}

/** Arguments of one call: a list, or `{ seed, count, ranges }` drawn in the host and hidden from the learner until the check runs. */
export type PointsSpec =
  | { args: unknown[][] }
  | { seed: number; count: number; ranges?: [number, number][]; integers?: number[] };

export type FunctionCheckSpec = { name?: string } & (
  /** The export agrees with the reference's export of the same name (or `reference`) on every point. */
  | { kind: 'compare'; export: string; reference?: string; points: PointsSpec; tolerance: number }
  /** The export's value (called with `args`, or the constant itself) equals `equals`. */
  | { kind: 'value'; export: string; args?: unknown[]; equals: unknown; tolerance: number }
  /** The path the export returns ends within `within` of `endsNear`, in at most `maxSteps` steps. */
  | { kind: 'descent'; export: string; args?: unknown[]; endsNear: number | number[]; within: number; maxSteps?: number }
  /** A property of the path: the objective never rises (descends) or never falls (ascends), the steps shrink, or it stays at its start. */
  | { kind: 'trajectory'; export: string; args?: unknown[]; property: TrajectoryProperty; tolerance: number }
  /**
   * The export is an update rule `(params, grads, state, hyper) => [params, state]`: it trains `model`
   * through the engine, and its loss per epoch agrees with tf.train.<optimizer>'s from the same start
   * (relative `tolerance` at every epoch), and falls.
   */
  | { kind: 'trains'; export: string; optimizer: OptimizerName; hyper: Record<string, number>; model: TrainsModelSpec; tolerance: number }
);
export type TrajectoryProperty = 'descends' | 'ascends' | 'stepShrinks' | 'staysPut';
export const TRAJECTORY_PROPERTIES: readonly TrajectoryProperty[] = ['descends', 'ascends', 'stepShrinks', 'staysPut'];
export const FUNCTION_CHECK_KINDS = ['compare', 'value', 'descent', 'trajectory', 'trains'] as const;

export type TrainsActivation = 'relu' | 'tanh' | 'sigmoid';
export const TRAINS_ACTIVATIONS: readonly TrainsActivation[] = ['relu', 'tanh', 'sigmoid'];

/** The small network a `trains` check trains: a data recipe of the engine, a dense stack, its loss and loop. */
export interface TrainsModelSpec {
  /** `line` (regression, loss mse) or `clusters` / `rings` (qwerties, loss crossEntropy on logits). */
  data: DataRecipe;
  /** Units of each hidden Dense layer; the output layer has 1 unit (regression) or one per class. */
  hidden: number[];
  activation: TrainsActivation;
  epochs: number;
  batchSize: number;
  /** Seeds the data, the initial weights (engine/init.ts, the same on both sides) and the batch order. */
  seed: number;
}

/**
 * The hyper-parameters each tfjs optimizer takes from a `trains` check's `hyper`, all required: the
 * learner's rule is handed exactly these, and tf.train.<optimizer> is built from the same values
 * (rmsprop's `decay` is tfjs's decay, PyTorch's alpha; tfjs's rmsprop runs with momentum 0, uncentred).
 */
export const TRAINS_HYPER: Record<OptimizerName, readonly string[]> = {
  sgd: ['learningRate'],
  momentum: ['learningRate', 'momentum'],
  rmsprop: ['learningRate', 'decay', 'epsilon'],
  adam: ['learningRate', 'beta1', 'beta2', 'epsilon'],
};

/** A `trains` call: train the check's model with the export as the update rule, or (the reference's side) with tf.train.<optimizer>. */
export interface TrainingCall {
  model: TrainsModelSpec;
  hyper: Record<string, number>;
  /** Present on the reference's side: train with this tfjs optimizer instead of an export. */
  optimizer?: OptimizerName;
}

/**
 * A value as it crosses the process boundary: plain JSON data. Numbers JSON cannot carry are
 * tagged (`{ nonFinite: 'NaN' }`); what is not data at all says what it was (`{ unsupported: 'a function' }`).
 */
export type CallValue =
  | number | boolean | string | null
  | CallValue[]
  | { nonFinite: 'NaN' | 'Infinity' | '-Infinity' }
  | { unsupported: string }
  | { object: Record<string, CallValue> };

export interface FunctionCall {
  id: string;
  export: string;
  /** Absent: the export is a constant and its value is read. */
  args?: unknown[];
  /** A `trains` check's training: the value is the loss per epoch (epoch 0 first, before any step). */
  train?: TrainingCall;
}

/** `partial`: what a call that failed part-way had made by then (a `trains` call's losses up to the failing epoch). */
export type CallOutcome = { value: CallValue } | { error: RunError; partial?: CallValue };

/** What the trainer sends back: the type of each export it found and the outcome of each call, by id. */
export interface CallReport {
  exports: Record<string, string>;
  /** How the trainer that made the calls confined them, as it found itself. */
  sandbox: SandboxState;
  results: Record<string, CallOutcome>;
}

export interface CallRequest {
  exerciseDir: string;
  learnerFile: string;
  calls: FunctionCall[];
}

export interface FunctionPath {
  export: string;
  args: unknown[];
  /** Each point as a list of coordinates (one for 1-D). */
  points: number[][];
  /** The reference objective at each point. */
  values: (number | null)[];
}

export type FunctionCurve =
  | { dimensions: 1; xs: number[]; f: (number | null)[]; df?: (number | null)[] }
  | { dimensions: 2; xs: number[]; ys: number[]; f: (number | null)[][] };

export interface FunctionSweepPoint {
  values: Record<string, number>;
  /** The final point and the objective there; null when that call failed (error says why). */
  final: number[] | null;
  value: number | null;
  error?: string;
}

export interface FunctionSweepResult {
  axes: { name: string; values: number[] }[];
  points: FunctionSweepPoint[];
}

/** A `trains` check's two loss curves, one point per epoch (epoch 0: before any step). */
export interface FunctionTraining {
  check: string;
  /** The learner's update rule. */
  export: string;
  /** `tf.train.adam`: what it is compared with. */
  optimizer: string;
  /** In words: "a 1-8-1 network on line data, 20 epochs in batches of 16". */
  model: string;
  /** The learner's losses; with `error`, those of the epochs before its training stopped (or null). */
  learner: number[] | null;
  reference: number[] | null;
  /** Why the learner's curve is missing or stops (the rule threw, returned NaN or the wrong shape). */
  error?: string;
}

export interface FunctionRunResult {
  exercise: string;
  kind: 'function';
  sandbox: SandboxState;
  parameters?: DescentParameters;
  descent?: FunctionPath;
  /** Why the run's own descent has no path (the call failed or returned no path). */
  descentError?: string;
  /** The objective over the domain; absent when the exercise has no objective. */
  curve?: FunctionCurve;
  sweep?: FunctionSweepResult;
  /** The `trains` checks' loss curves, in check order. */
  trainings?: FunctionTraining[];
  checks: CheckResult[];
  passed: boolean;
  verification: Verification;
  wallMs: number;
}
