// The engine's vocabulary: what a run reports (metrics, checks, timings) and how it fails.
// The trainer protocol, the run store, the CLI and the panel all speak it.

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
}

export interface EpochMetrics {
  /** 1-based. */
  epoch: number;
  train: TrainMetrics;
  /** The dev (validation) set, with devFraction. */
  dev?: SplitMetrics;
  test?: SplitMetrics;
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
  /** Only with experiment.earlyStopping. */
  earlyStopping?: EarlyStoppingOutcome;
  evaluation: Evaluation;
  checks: CheckResult[];
  passed: boolean;
  /** Plain-language observations about the run (chance-level accuracy, divergence...). */
  diagnosis: string[];
}

/** A finished run's metrics per split, in evaluation mode. */
export interface RunMetrics {
  train: SplitMetrics;
  dev?: SplitMetrics;
  test?: SplitMetrics;
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
