// The engine's vocabulary: what a run reports (metrics, checks, timings) and how it fails.
// The trainer protocol, the run store, the CLI and the panel all speak it.

import type { Advice } from './advice';
import type { OptimizerValues } from './optimizers';
import type { LrSchedule, MonitorName } from './settings';

export type TfjsBackend = 'tensorflow' | 'wasm' | 'cpu';
/** What actually computed the training: the fused Float32Array path or a tfjs backend. */
export type Backend = 'fused' | TfjsBackend;
export type BackendChoice = 'auto' | Backend;
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'fused', 'tensorflow', 'wasm', 'cpu'];

export type ModelParams = Record<string, number | string | boolean>;

export interface SplitMetrics {
  loss: number;
  /** Fraction correct, 0..1 (classification). */
  accuracy?: number;
  /** Pearson correlation of prediction and truth (regression). */
  r?: number;
  /** Macro averages over the classes (classification; the run's final metrics only, in inference mode). */
  precision?: number;
  recall?: number;
  f1?: number;
  /** Precision, recall and F1 of each class (with the macro values above). */
  perClass?: ClassMetrics[];
}

/** The one-number metrics of a split, as checks and sweep outcomes name them. */
export type MetricName = 'loss' | 'accuracy' | 'r' | 'precision' | 'recall' | 'f1';
export const METRIC_NAMES: readonly MetricName[] = ['loss', 'accuracy', 'r', 'precision', 'recall', 'f1'];
/** The metrics a class of its own has (ClassMetrics). */
export const CLASS_METRIC_NAMES = ['precision', 'recall', 'f1'] as const;

export interface ClassMetrics {
  /** The class's name, as in the data's classes. */
  class: string;
  precision: number;
  recall: number;
  f1: number;
  /** Rows whose true label is this class. */
  support: number;
}

export interface EpochMetrics {
  /** 1-based. */
  epoch: number;
  train: TrainMetrics;
  /** The dev (validation) set, with devFraction. */
  dev?: SplitMetrics;
  test?: SplitMetrics;
  /** The learning rate this epoch's steps used; only with a learning-rate schedule. */
  learningRate?: number;
  /** Per trainable layer, in order: its weight and gradient norms (src/engine/layerNorms.ts). */
  layers?: LayerNorms[];
}

/** One trainable layer's size in an epoch: the L2 norm over its kernel and bias together. */
export interface LayerNorms {
  name: string;
  /** Of the weights at the end of the epoch. */
  weightNorm: number;
  /** Of the gradient of the epoch's last step (of the loss minimized, penalties included), before its update. */
  gradientNorm: number;
}

/** `loss` is the data loss alone, as without regularization. */
export interface TrainMetrics extends SplitMetrics {
  /** What weightDecay, l1 and the layers' regularizers added to the training loss: the mean over the epoch's steps. Only with regularization. */
  penalty?: number;
}

export interface DatasetSummary {
  rows: number;
  trainRows: number;
  /** Only with a dev set. */
  devRows?: number;
  testRows: number;
  features: string[];
  target: string;
  /** Class names, for classification. */
  classes?: string[];
  /** Pearson correlation between all columns of the table (CSV data), for the heatmap. */
  correlation?: { columns: string[]; matrix: number[][] };
}

export interface ModelSummary {
  style: 'layers' | 'class';
  /** Trainable variable shapes in creation order. */
  variableShapes: number[][];
  parameters: number;
  outputUnits: number;
  /** The last layer's activation as tfjs names it ('softmax', 'linear'...), for a layers model; a class model's forward(x) does not say. */
  outputActivation?: string;
}

export type Evaluation =
  | { kind: 'confusion'; split: 'train' | 'test'; classes: string[]; matrix: number[][] }
  | { kind: 'scatter'; split: 'train' | 'test'; points: [truth: number, prediction: number][]; r: number };

export interface CheckResult {
  name: string;
  passed: boolean;
  message: string;
}

export interface Timings {
  /** Process start (or request receipt in-process) to the first message. */
  startupMs: number;
  compileMs: number;
  dataMs: number;
  /** From the start of training to the end of the first epoch. */
  firstEpochMs: number;
  trainMs: number;
  steps: number;
  msPerStep: number;
}

export type RunStatus = 'completed' | 'stopped' | 'diverged';

/** How learner code is confined in this run (src/host/sandbox.ts, src/host/memoryWatch.ts). */
export interface SandboxState {
  /** Node's permission model is in force in the trainer. */
  on: boolean;
  /** Why it is on or off, and what it lets through. */
  reason: string;
  /** The host ends the trainer when its resident memory (not only the heap) passes the limit. */
  memoryWatch: { on: boolean; reason: string };
}

export interface RunResult {
  exercise: string;
  backend: Backend;
  backendReason: string;
  sandbox: SandboxState;
  seed: number;
  /** Epochs actually trained. */
  epochs: number;
  status: RunStatus;
  wallMs: number;
  timings: Timings;
  peakRssMb: number;
  metrics: RunMetrics;
  /** The optimizer's values as they ran (defaults filled in), and the schedule when there is one. Every run has it; records from before it do not. */
  optimizer?: OptimizerValues & { lrSchedule?: LrSchedule };
  /** Only with experiment.earlyStopping. */
  earlyStopping?: EarlyStoppingOutcome;
  /** Only with experiment.checkpoint: the epoch of each checkpoint kept (the files are the host's: src/host/checkpointStore.ts). */
  checkpoints?: CheckpointsSaved;
  /** A run that started from a checkpoint: `resume` went on counting its epochs, else the epochs count from 1 on its weights. */
  startedFrom?: { epoch: number; resume: boolean };
  evaluation: Evaluation;
  checks: CheckResult[];
  passed: boolean;
  /** Plain-language observations about the run (chance-level accuracy, divergence...): facts, from the trainer. */
  diagnosis: string[];
  /** What to try next (src/engine/advice.ts), added by the host; absent in the trainer's own report and older records. */
  advice?: Advice[];
  /** Whether the verdict was decided outside the learner's process (src/engine/verify.ts), and why not. */
  verification: Verification;
}

/**
 * verified: the host rebuilt the trained model and recomputed metrics and checks; they agree with
 * the trainer's report. mismatch: they do not, and the run fails. unverified: the host could not
 * rebuild it; the results are the trainer's own.
 */
export interface Verification {
  state: 'verified' | 'unverified' | 'mismatch';
  reason: string;
}

/** One Dense layer as the trainer reports it: plain numbers, so it crosses IPC as JSON (NaN arrives as null). */
export interface ReportedDenseLayer {
  inputSize: number;
  units: number;
  activation: string;
  /** leakyRelu's slope. */
  alpha?: number;
  /** Row-major [inputSize, units]. */
  kernel: (number | null)[];
  bias: (number | null)[] | null;
}

/** What the trainer trained, for the verifier: the final dense chain, or why it cannot describe one. */
export type TrainedModelReport =
  | { style: 'layers' | 'class'; layers: ReportedDenseLayer[] }
  | { style: 'layers' | 'class'; unavailable: string };

/** A finished run's metrics per split, in evaluation mode. */
export interface RunMetrics {
  train: SplitMetrics;
  dev?: SplitMetrics;
  test?: SplitMetrics;
}

export type CheckpointKind = 'best' | 'last';

/** A checkpoint's weights (src/engine/checkpoint.ts) as tfjs's ModelArtifacts, JSON-safe: what `tf.io.fromMemory` takes once weightData is decoded. */
export interface CheckpointArtifacts {
  /** `model.toJSON()` of a layers model; null for a class model, whose checkpoint holds its weights only. */
  modelTopology: object | null;
  weightSpecs: { name: string; shape: number[]; dtype: 'float32' }[];
  /** Every weight (trainable or not, as Keras's get_weights()) in weightSpecs order: float32 little-endian, base64. */
  weightData: string;
}

export interface Checkpoint {
  kind: CheckpointKind;
  /** The epoch whose end these weights are (1-based). */
  epoch: number;
  /** For `best`: the metric it was chosen on, and its value that epoch. */
  monitor?: { name: MonitorName; value: number };
  artifacts: CheckpointArtifacts;
  /** The optimizer's state at that epoch (absent in checkpoints of older versions): a resumed run restores it. */
  optimizerState?: OptimizerState;
}

/**
 * An optimizer's state (PyTorch's optimizer.state_dict()): what a resumed run needs to take the very steps
 * the uninterrupted one would have taken. Plain SGD has none but its step count.
 */
export interface OptimizerState {
  /** The step engine whose layout the slots are in: 'tfjs', one per trainable variable and accumulator in
   *  optimizer.getWeights() order; 'fused', the fused net's padded state blocks (src/engine/fused/optim.ts). */
  engine: 'fused' | 'tfjs';
  optimizer: OptimizerValues['name'];
  /** Optimizer steps taken so far (tfjs's iterations). */
  steps: number;
  /** Adam's running beta1^t and beta2^t as float32 values, restored as they were rather than recomputed; empty otherwise. */
  scalars: number[];
  /** Each slot's name and length in floats, in order. */
  slots: { name: string; size: number }[];
  /** The slots' values one after the other: float32 little-endian, base64. */
  data: string;
}

export interface CheckpointsSaved {
  best?: { epoch: number; monitor: MonitorName; value: number };
  last?: { epoch: number };
}

export interface EarlyStoppingOutcome {
  /** The epoch whose end stopped training (the patience ran out), or null when the epoch budget (or a cancel) ended it. */
  stoppedEpoch: number | null;
  /** The epoch with the best monitored value, or null when none was eligible (all before startFromEpoch, or NaN). */
  bestEpoch: number | null;
  /** The weights of bestEpoch were put back before the final evaluation. */
  restored: boolean;
}

export interface SourceLocation {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export type ErrorKind =
  | 'syntax'
  | 'exports'
  | 'settings'
  | 'runtime'
  | 'shape'
  | 'pack'
  | 'data'
  | 'environment'
  | 'crash'
  | 'timeout'
  | 'internal';

export interface RunError {
  kind: ErrorKind;
  /** One paragraph, in the learner's terms. */
  message: string;
  location?: SourceLocation;
  hint?: string;
}
