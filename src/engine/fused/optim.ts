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
  /** Copies of what the next steps depend on besides the weights (a checkpoint's optimizer state). */
  state(): FusedOptimizerState;
  /** Puts back a state() of an optimizer of the same kind and block size; else says why not, changing nothing. */
  restore(state: FusedOptimizerState): string | null;
}

/** The steps taken, Adam's beta^t accumulators, and the state blocks the optimizer uses (s1, then s2), whole and padded as in memory. */
export interface FusedOptimizerState {
  steps: number;
  scalars: number[];
  slots: Float32Array[];
}

/** State blocks must start zeroed. The values are completed with the same defaults as the tfjs path's. `mem`: the memory the offsets point into. */
export function createOptimizer(spec: OptimizerSpec, kernels: Kernels, { w, g, s1, s2, len }: ParamBlock, mem: Float32Array): FusedOptimizer {
  const values = completeOptimizerValues(spec);
  let lr = values.learningRate;
  let steps = 0;
  const blocks = [s1, s2];
  const make = (slotCount: number, update: () => void, scalars: { get(): number[]; set(saved: number[]): void } = { get: () => [], set: () => undefined }): FusedOptimizer => ({
    step() {
      update();
      steps++;
    },
    setLearningRate: (rate) => (lr = rate),
    state: () => ({ steps, scalars: scalars.get(), slots: blocks.slice(0, slotCount).map((at) => mem.slice(at / 4, at / 4 + len)) }),
    restore(state) {
      if (state.slots.length !== slotCount || state.scalars.length !== scalars.get().length) return `it holds ${state.slots.length} state blocks and ${state.scalars.length} scalars, and ${values.name} uses ${slotCount} and ${scalars.get().length}`;
      const wrong = state.slots.find((slot) => slot.length !== len);
      if (wrong) return `its state blocks hold ${wrong.length} values, and this net's ${len}`;
      state.slots.forEach((slot, i) => mem.set(slot, blocks[i] / 4));
      scalars.set(state.scalars);
      steps = state.steps;
      return null;
    },
  });
  switch (values.name) {
    case 'sgd':
      return make(0, () => kernels.sgd(w, g, len, -lr));
    case 'momentum': {
      const m = values.momentum!;
      return make(1, () => kernels.momentum(w, g, s1, len, -lr, m));
    }
    case 'adam': {
      const beta1 = values.beta1!, beta2 = values.beta2!, epsilon = values.epsilon!;
      // tfjs keeps beta^t in float32 variables that start at beta and are multiplied after each step.
      let acc1 = f32(beta1), acc2 = f32(beta2);
      return make(2, () => {
        kernels.adam(w, g, s1, s2, len, beta1, 1 - beta1, beta2, 1 - beta2, 1 - acc1, 1 - acc2, epsilon, -lr);
        acc1 = f32(acc1 * f32(beta1));
        acc2 = f32(acc2 * f32(beta2));
      }, { get: () => [acc1, acc2], set: ([a1, a2]) => ((acc1 = a1), (acc2 = a2)) });
    }
    case 'rmsprop': {
      const decay = values.rho!, epsilon = values.epsilon!; // as tfjs's rmsprop with momentum 0 (none carried over), not centered
      return make(1, () => kernels.rmsprop(w, g, s1, len, decay, 1 - decay, lr, epsilon));
    }
  }
}
