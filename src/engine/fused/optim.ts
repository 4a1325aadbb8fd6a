// The four tfjs optimizers (tfjs-core 4.22 optimizers/*.js) with their defaults, as one kernel call over the
// whole parameter block. Scalars are rounded to float32 where tfjs turns them into float32 tensors.
import type { OptimizerSpec } from './spec';
import type { Kernels } from './wasm';

/** Byte offsets of the parameter block, its gradient and two state blocks of the same layout; len in floats. */
export interface ParamBlock {
  w: number;
  g: number;
  s1: number;
  s2: number;
  len: number;
}

/** ENGINE.backend.epsilon() on the cpu and wasm backends (float32): adam's and rmsprop's default. */
const BACKEND_EPSILON = 1e-7;
const f32 = Math.fround;

/** Returns the update to apply after each backward pass. State blocks must start zeroed. */
export function createOptimizer(spec: OptimizerSpec, kernels: Kernels, { w, g, s1, s2, len }: ParamBlock): () => void {
  const lr = spec.learningRate;
  switch (spec.name) {
    case 'sgd':
      return () => kernels.sgd(w, g, len, -lr);
    case 'momentum': {
      const m = spec.momentum ?? 0.9;
      return () => kernels.momentum(w, g, s1, len, -lr, m);
    }
    case 'adam': {
      const beta1 = 0.9, beta2 = 0.999;
      // tfjs keeps beta^t in float32 variables that start at beta and are multiplied after each step.
      let acc1 = f32(beta1), acc2 = f32(beta2);
      return () => {
        kernels.adam(w, g, s1, s2, len, beta1, 1 - beta1, beta2, 1 - beta2, 1 - acc1, 1 - acc2, BACKEND_EPSILON, -lr);
        acc1 = f32(acc1 * f32(beta1));
        acc2 = f32(acc2 * f32(beta2));
      };
    }
    case 'rmsprop': {
      const decay = 0.9; // tfjs defaults: momentum 0 (no moment carried over), not centered
      return () => kernels.rmsprop(w, g, s1, len, decay, 1 - decay, lr, BACKEND_EPSILON);
    }
  }
}
