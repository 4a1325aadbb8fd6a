// The fused fast path's input: a plain description of a dense stack, taken from a tfjs model's
// own initial weights, and the training recipe. Everything it cannot express runs on tfjs.
import type { OptimizerValues } from '../optimizers';
import type { LossName } from '../settings';

/** tfjs's names; 'leakyRelu' is tf.layers.leakyReLU (its slope in `alpha`), 'gelu' tfjs's erf form. */
export type DenseActivation = 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'leakyRelu' | 'relu6' | 'elu' | 'selu' | 'softplus' | 'gelu';

/** A penalty on one tensor: l1 * sum|w| + l2 * sum(w^2), tfjs's L1L2 (no 1/2). */
export interface RegularizerSpec {
  l1: number;
  l2: number;
}

/** tf.layers.batchNormalization over the features (axis -1), Keras's momentum convention (weight of the old value). */
export interface BatchNormSpec {
  kind: 'batchNorm';
  /** null for `scale: false` / `center: false`. */
  gamma: Float32Array | null;
  beta: Float32Array | null;
  movingMean: Float32Array;
  movingVariance: Float32Array;
  momentum: number;
  epsilon: number;
}

/** What follows a Dense layer before the next one, in order: activation layers, dropout (training only), batch norm. */
export type PostOp =
  | { kind: 'activation'; activation: DenseActivation; alpha?: number }
  | { kind: 'dropout'; rate: number }
  | BatchNormSpec;

export interface DenseLayerSpec {
  inputSize: number;
  units: number;
  activation: DenseActivation;
  /** leakyRelu's slope for x < 0 (tfjs's default 0.3, PyTorch's 0.01): always stated, never defaulted here. */
  alpha?: number;
  /** Row-major [inputSize, units], as tfjs stores a Dense kernel. Copied, never aliased. */
  kernel: Float32Array;
  /** Length `units`, or null for `useBias: false`. */
  bias: Float32Array | null;
  kernelRegularizer?: RegularizerSpec;
  biasRegularizer?: RegularizerSpec;
  /** Layers applied to this layer's output before the next Dense layer. */
  after?: PostOp[];
}

/** The optimizer's values; those left out take the engine's defaults (optimizers.ts), as on tfjs. */
export type OptimizerSpec = OptimizerValues;

export interface FusedNetSpec {
  layers: DenseLayerSpec[];
  loss: LossName;
  optimizer: OptimizerSpec;
  /** The experiment's penalties, as the tfjs path's trainingPenalty (losses.ts) applies them. */
  penalties?: { weightDecay?: number; l1?: number };
  /** Seeds the dropout masks (the run's own stream), so a fused dropout run is reproducible. */
  dropoutSeed?: number;
}
