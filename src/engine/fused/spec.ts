// The fused fast path's input: a plain description of a dense stack, taken from a tfjs model's
// own initial weights, and the training recipe. Everything it cannot express runs on tfjs.
import type { OptimizerValues } from '../optimizers';
import type { LossName } from '../settings';

export type DenseActivation = 'linear' | 'relu' | 'sigmoid' | 'tanh';

export interface DenseLayerSpec {
  inputSize: number;
  units: number;
  activation: DenseActivation;
  /** Row-major [inputSize, units], as tfjs stores a Dense kernel. Copied, never aliased. */
  kernel: Float32Array;
  /** Length `units`, or null for `useBias: false`. */
  bias: Float32Array | null;
}

/** The optimizer's values; those left out take the engine's defaults (optimizers.ts), as on tfjs. */
export type OptimizerSpec = OptimizerValues;

export interface FusedNetSpec {
  layers: DenseLayerSpec[];
  loss: LossName;
  optimizer: OptimizerSpec;
}
