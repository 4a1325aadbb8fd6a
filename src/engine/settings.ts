// The experiment a learner file describes: data recipe, loss, optimizer, schedule, seed.
// Plain data only, so it crosses process boundaries and lands in run records unchanged.

/** Gaussian blobs ("qwerties"): one cluster per centre, label = index of the centre. */
export interface ClustersRecipe {
  kind: 'clusters';
  centers: number[][];
  perCluster: number;
  blur: number;
}

/**
 * Two concentric rings, the non-separable qwerties of the dropout lesson: class 0 on the inner
 * circle, class 1 on the outer, angles uniform in [0, 2pi), Gaussian noise added to x and y.
 */
export interface RingsRecipe {
  kind: 'rings';
  /** Points per ring (default 200). */
  perClass: number;
  /** [inner, outer] (default [10, 15]). */
  radii: [number, number];
  /** Standard deviation of the noise on each coordinate (default 1). */
  noise: number;
}

/** The regression-slope challenge: x ~ N(0, 1), y = slope * x + noise * N(0, 1). */
export interface LineRecipe {
  kind: 'line';
  slope: number;
  /** Standard deviation of the noise on y (default 0.5, the course's randn/2). */
  noise: number;
  /** Rows (default 50). */
  n: number;
}

export type NormalizeMethod = 'zscore' | 'minmax' | 'none';

/** A CSV shipped in the pack's `data/` folder. */
export interface CsvRecipe {
  kind: 'csv';
  /** Path inside the pack, e.g. `data/winequality-red.csv`. */
  file: string;
  /** Column to predict. */
  target: string;
  /**
   * Feature columns; default: every other numeric column. A name `col^2` is a derived column,
   * the square of `col`'s raw value, scaled afterwards like any other column.
   */
  features?: string[];
  /** Keep only rows where `column < below` (and/or `>= atLeast`). */
  filters?: { column: string; below?: number; atLeast?: number }[];
  /** Columns to z-score: 'all', 'none', or `{ except: [...] }`. Default 'all'. The older spelling of `normalize`. */
  zscore?: 'all' | 'none' | { except: string[] };
  /** How every numeric column is scaled, each by its own statistics; columns in `except` stay raw. Default zscore. */
  normalize?: NormalizeMethod | { method: NormalizeMethod; except: string[] };
  /** Turn the target into a class label 0/1: 1 when `target > threshold`. */
  binarize?: { above: number };
  /** Class names for the target's integer labels, e.g. iris species. Read from a text column. */
  classColumn?: boolean;
}

export type DataRecipe = ClustersRecipe | RingsRecipe | LineRecipe | CsvRecipe;

/**
 * - crossEntropy: model outputs logits (no softmax), labels are class indices (PyTorch nn.CrossEntropyLoss).
 * - binaryCrossEntropy: model outputs probabilities (sigmoid last), labels 0/1 (nn.BCELoss).
 * - binaryCrossEntropyWithLogits: model outputs one logit, labels 0/1 (nn.BCEWithLogitsLoss).
 * - mse: regression (nn.MSELoss).
 */
export type LossName = 'crossEntropy' | 'binaryCrossEntropy' | 'binaryCrossEntropyWithLogits' | 'mse';
export const LOSS_NAMES: readonly LossName[] = ['crossEntropy', 'binaryCrossEntropy', 'binaryCrossEntropyWithLogits', 'mse'];

export type OptimizerName = 'sgd' | 'momentum' | 'adam' | 'rmsprop';
export const OPTIMIZER_NAMES: readonly OptimizerName[] = ['sgd', 'momentum', 'adam', 'rmsprop'];

/**
 * How Dense layers start: 'tfjs' (the default: each layer's own initializers, for dense a glorotNormal
 * kernel and a zero bias) or 'pytorch' (torch.nn.Linear's default, see engine/init.ts).
 */
export type InitName = 'tfjs' | 'pytorch';
export const INIT_NAMES: readonly InitName[] = ['tfjs', 'pytorch'];

export interface ExperimentSettings {
  data: DataRecipe;
  loss: LossName;
  optimizer: OptimizerName;
  learningRate: number;
  /** Only for `momentum` (default 0.9): PyTorch's SGD momentum, dampening 0. */
  momentum?: number;
  /** adam (PyTorch's defaults 0.9, 0.999; tfjs's too), each in [0, 1). */
  beta1?: number;
  beta2?: number;
  /** adam, rmsprop: > 0, default 1e-8 (PyTorch's; tfjs's is 1e-7). */
  epsilon?: number;
  /** rmsprop: PyTorch's `alpha`, in [0, 1), default 0.99 (tfjs's `decay` defaults to 0.9). */
  rho?: number;
  /** The learning rate per epoch: PyTorch's StepLR / ExponentialLR, stepped after each epoch. */
  lrSchedule?: LrSchedule;
  /**
   * PyTorch's `weight_decay`: every step's gradient gets `weightDecay * w`, for weights and biases
   * (the same as adding `weightDecay / 2 * sum(w^2)` to the loss; for adam, L2 as torch.optim.Adam, not AdamW).
   */
  weightDecay?: number;
  /** The course's L1 term: `l1 * sum|W| / (number of weights)` added to the loss, biases excluded. */
  l1?: number;
  /** Examples per step, or 'full' for full-batch gradient descent. */
  batchSize: number | 'full';
  epochs: number;
  /** Fraction of the data held out for testing (0 = train on everything). */
  testFraction: number;
  /** Fraction held out as a dev (validation) set, evaluated every epoch; default 0 (none). */
  devFraction?: number;
  /** How rows go to train/dev/test; default 'random' (see SPLIT_KINDS). */
  split?: SplitKind;
  /** Stop when the monitored metric stops improving (Keras's EarlyStopping); absent = train every epoch. */
  earlyStopping?: EarlyStoppingSettings;
  /** Save the weights during training, under the run's record in `.dlx/runs/` (src/engine/checkpoint.ts); absent = none. */
  checkpoint?: CheckpointSettings;
  seed: number;
  /** Default 'tfjs'. */
  init?: InitName;
}

export type LrSchedule = { kind: 'step'; every: number; gamma: number } | { kind: 'exponential'; gamma: number };

/**
 * - random: one shuffle of all rows (the default; scikit-learn's train_test_split).
 * - stratified: each class split in the same proportions (classification only).
 * - ordered: no shuffle: the first rows train, then dev, then test (the course's manual separation).
 */
export type SplitKind = 'random' | 'stratified' | 'ordered';
export const SPLIT_KINDS: readonly SplitKind[] = ['random', 'stratified', 'ordered'];

export type MonitorName = 'devLoss' | 'devAccuracy' | 'trainLoss' | 'trainAccuracy' | 'testLoss' | 'testAccuracy';
export const MONITOR_NAMES: readonly MonitorName[] = ['devLoss', 'devAccuracy', 'trainLoss', 'trainAccuracy', 'testLoss', 'testAccuracy'];

export interface EarlyStoppingSettings {
  /** The epoch metric watched: a loss must fall, an accuracy rise. */
  monitor: MonitorName;
  /** Epochs without improvement before stopping (Keras's default 0 is refused: it would stop at the first flat epoch). */
  patience: number;
  /** An improvement smaller than this does not count; default 0 as in Keras. */
  minDelta?: number;
  /** Put back the weights of the best epoch when training ends, however it ends; default true (Keras: false, and only on a patience stop). */
  restoreBestWeights?: boolean;
  /** Epochs before this one (1-based) neither stop nor count as best; default 1 (Keras's start_from_epoch counts from 0). */
  startFromEpoch?: number;
}

/**
 * At least one of the two. `every: N`: the weights at epochs N, 2N, ... are saved as `last` (each
 * replaces the one before). `best`: the epoch with the best value of that metric is saved as `best`,
 * looked for at the `every` epochs when both are given (the course's "every 50 epochs, keep the best"),
 * else at every epoch. Either way, `last` is written again when training ends.
 */
export interface CheckpointSettings {
  every?: number;
  best?: MonitorName;
}

export type SettingName = keyof ExperimentSettings;
export const SETTING_NAMES: readonly SettingName[] = [
  'data', 'loss', 'optimizer', 'learningRate', 'momentum', 'beta1', 'beta2', 'epsilon', 'rho', 'lrSchedule', 'weightDecay', 'l1', 'batchSize', 'epochs', 'testFraction', 'devFraction', 'split', 'earlyStopping', 'checkpoint', 'seed', 'init',
];

export type TaskKind = 'multiclass' | 'binary' | 'regression';

export function taskOf(loss: LossName): TaskKind {
  if (loss === 'crossEntropy') return 'multiclass';
  if (loss === 'mse') return 'regression';
  return 'binary';
}

export const LIMITS = {
  epochs: { min: 1, max: 1_000_000 },
  learningRate: { min: 1e-7, max: 10 },
  testFraction: { min: 0, max: 0.9 },
  devFraction: { min: 0, max: 0.9 },
  penalty: { min: 0 },
} as const;
