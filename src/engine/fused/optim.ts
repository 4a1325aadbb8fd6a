// The four tfjs optimizers (tfjs-core 4.22 optimizers/*.js), with the engine's values, as one kernel call over the
// whole parameter block. Scalars are rounded to float32 where tfjs turns them into float32 tensors.
import { completeOptimizerValues } from '../optimizers';
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

const f32 = Math.fround;

export interface FusedOptimizer {
  /** The update to apply after each backward pass. */
  step(): void;
  /** For a learning-rate schedule: the next steps use this rate. */
  setLearningRate(learningRate: number): void;
}

/** State blocks must start zeroed. The values are completed with the same defaults as the tfjs path's. */
export function createOptimizer(spec: OptimizerSpec, kernels: Kernels, { w, g, s1, s2, len }: ParamBlock): FusedOptimizer {
  const values = completeOptimizerValues(spec);
  let lr = values.learningRate;
  const withRate = (step: () => void): FusedOptimizer => ({ step, setLearningRate: (rate) => (lr = rate) });
  switch (values.name) {
    case 'sgd':
      return withRate(() => kernels.sgd(w, g, len, -lr));
    case 'momentum': {
      const m = values.momentum!;
      return withRate(() => kernels.momentum(w, g, s1, len, -lr, m));
    }
    case 'adam': {
      const beta1 = values.beta1!, beta2 = values.beta2!, epsilon = values.epsilon!;
      // tfjs keeps beta^t in float32 variables that start at beta and are multiplied after each step.
      let acc1 = f32(beta1), acc2 = f32(beta2);
      return withRate(() => {
        kernels.adam(w, g, s1, s2, len, beta1, 1 - beta1, beta2, 1 - beta2, 1 - acc1, 1 - acc2, epsilon, -lr);
        acc1 = f32(acc1 * f32(beta1));
        acc2 = f32(acc2 * f32(beta2));
      });
    }
    case 'rmsprop': {
      const decay = values.rho!, epsilon = values.epsilon!; // as tfjs's rmsprop with momentum 0 (none carried over), not centered
      return withRate(() => kernels.rmsprop(w, g, s1, len, decay, 1 - decay, lr, epsilon));
    }
  }
}
