// Host <-> trainer child process. One union per direction; both ends import this file.
import type { Checkpoint, CheckpointArtifacts, OptimizerState, BackendChoice, Backend, DatasetSummary, EpochMetrics, ModelParams, ModelSummary, RunError, RunResult, SandboxState, TrainedModelReport } from '../engine/results';
import type { ExperimentSettings, TaskKind } from '../engine/settings';
import type { CallReport, CallRequest } from '../engine/functions/types';

export interface RunRequest {
  /** Absolute path of the exercise folder (inside a pack). */
  exerciseDir: string;
  /** Absolute path of the learner file to train. */
  learnerFile: string;
  seed?: number;
  epochs?: number;
  backend: BackendChoice;
  /** Settings a sweep varies; they win over the learner's and the exercise's values. */
  overrides?: Partial<ExperimentSettings>;
  /** Fields of the data recipe a sweep varies (`data.slope` -> `{ slope }`); each must be a field of the recipe's kind. */
  dataFields?: Record<string, number | string | boolean>;
  /** Passed to `createModel(params)` / `new Model(params)`: what a sweep varies in the model (units, layers...). */
  modelParams?: ModelParams;
  /**
   * Weights to start from, read by the host from a checkpoint (`dlx run --from-checkpoint`, `--resume`).
   * resume: training goes on after `epoch`, counting on; else it trains `epochs` from them (0: evaluates only).
   */
  startFrom?: { artifacts: CheckpointArtifacts; epoch: number; resume: boolean; optimizerState?: OptimizerState };
}

export type HostToTrainer =
  | { type: 'run'; request: RunRequest }
  | { type: 'cancel' }
  | { type: 'probe' }
  /** A function exercise: call the file's exports with these arguments and send the values back. */
  | { type: 'call'; request: CallRequest };

/** The messages the model trainer (core.ts) handles; `call` goes to functionCore.ts. */
export type ModelTrainerMessage = Exclude<HostToTrainer, { type: 'call' }>;

/** What `dlx doctor` asks the trainer: its runtime, backends and sandbox, as the trainer finds them. */
export interface TrainerProbe {
  node: string;
  execPath: string;
  electron?: string;
  platform: string;
  arch: string;
  backends: { backend: Backend; available: boolean; detail: string }[];
  /** What `auto` picks for a dense stack, and why. */
  autoForDense: { backend: Backend; reason: string };
  sandbox: SandboxState;
}

export interface RunStarted {
  exercise: string;
  backend: Backend;
  backendReason: string;
  sandbox: SandboxState;
  settings: ExperimentSettings;
  task: TaskKind;
  dataset: DatasetSummary;
  model: ModelSummary;
  /** Learner settings the exercise overrode, unsupported-by-fast-path notes, and the like. */
  warnings: string[];
}

export type TrainerToHost =
  | { type: 'started'; run: RunStarted }
  | { type: 'progress'; epochs: EpochMetrics[] }
  | { type: 'log'; text: string }
  /** Weights to keep (experiment.checkpoint), for the host to write under the run's record. */
  | { type: 'checkpoint'; checkpoint: Checkpoint }
  /** `trained`: the final weights, for the host's verifier; `result.verification` is the host's to set. */
  | { type: 'finished'; result: RunResult; trained: TrainedModelReport }
  | { type: 'failed'; error: RunError }
  | { type: 'probed'; probe: TrainerProbe }
  /** Sent before each call of a function exercise, so that a call that never returns can be named. */
  | { type: 'calling'; id: string }
  /** The values of a `call` request; the host decides what they mean. */
  | { type: 'called'; report: CallReport };
