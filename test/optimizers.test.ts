import * as assert from 'node:assert/strict';
import { DlxError } from '../src/engine/errors';
import { describeOptimizer, learningRateAt, optimizerNote, optimizerValues } from '../src/engine/optimizers';

describe('optimizer values and learning-rate schedules', () => {
  it("fills PyTorch's defaults for the values each optimizer uses, and only those", () => {
    assert.deepEqual(optimizerValues({ optimizer: 'sgd', learningRate: 0.1 }), { name: 'sgd', learningRate: 0.1 });
    assert.deepEqual(optimizerValues({ optimizer: 'momentum', learningRate: 0.1 }), { name: 'momentum', learningRate: 0.1, momentum: 0.9 });
    assert.deepEqual(optimizerValues({ optimizer: 'adam', learningRate: 0.1 }), { name: 'adam', learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    assert.deepEqual(optimizerValues({ optimizer: 'rmsprop', learningRate: 0.1 }), { name: 'rmsprop', learningRate: 0.1, epsilon: 1e-8, rho: 0.99 });
    assert.deepEqual(optimizerValues({ optimizer: 'adam', learningRate: 0.1, beta2: 0.99, epsilon: 1e-6 }), { name: 'adam', learningRate: 0.1, beta1: 0.9, beta2: 0.99, epsilon: 1e-6 });
  });

  it('a value the optimizer does not use is an error naming it and the optimizers that do', () => {
    assert.throws(() => optimizerValues({ optimizer: 'sgd', learningRate: 0.1, beta1: 0.8 }),
      (e: unknown) => e instanceof DlxError && e.kind === 'settings' && /sets beta1, which the optimizer 'sgd' does not use: beta1 is for 'adam'\./.test(e.message));
    assert.throws(() => optimizerValues({ optimizer: 'adam', learningRate: 0.1, rho: 0.9 }), /rho is for 'rmsprop'/);
    assert.throws(() => optimizerValues({ optimizer: 'rmsprop', learningRate: 0.1, momentum: 0.9 }), /momentum is for 'momentum'/);
    assert.throws(() => optimizerValues({ optimizer: 'sgd', learningRate: 0.1, epsilon: 1e-8 }), /epsilon is for 'adam' and 'rmsprop'/);
  });

  it("notes where the values differ from PyTorch's or tfjs's defaults", () => {
    assert.equal(optimizerNote(optimizerValues({ optimizer: 'sgd', learningRate: 0.1 })), null);
    assert.equal(optimizerNote(optimizerValues({ optimizer: 'adam', learningRate: 0.1, beta1: 0.8 })),
      "Optimizer adam: beta1 0.8 (PyTorch's default is 0.9), beta2 0.999 (PyTorch's default), epsilon 1e-8 (PyTorch's default; tfjs's is 1e-7).");
    assert.match(optimizerNote(optimizerValues({ optimizer: 'rmsprop', learningRate: 0.1 }))!, /rho 0\.99 \(PyTorch's default; RMSprop alpha; tfjs's decay is 0\.9\)/);
  });

  it('StepLR and ExponentialLR per 1-based epoch (hand-computed)', () => {
    const step = { kind: 'step' as const, every: 3, gamma: 0.5 };
    assert.deepEqual([1, 2, 3, 4, 6, 7, 10].map((epoch) => learningRateAt(0.8, step, epoch)), [0.8, 0.8, 0.8, 0.4, 0.4, 0.2, 0.1]);
    const exponential = { kind: 'exponential' as const, gamma: 0.9 };
    assert.equal(learningRateAt(1, exponential, 1), 1);
    assert.ok(Math.abs(learningRateAt(1, exponential, 3) - 0.81) < 1e-15);
    assert.equal(learningRateAt(0.3, undefined, 50), 0.3);
  });

  it('describes what ran in one line', () => {
    assert.equal(describeOptimizer({ name: 'momentum', learningRate: 0.05, momentum: 0.9, lrSchedule: { kind: 'step', every: 10, gamma: 0.5 } }),
      'momentum lr 0.05, momentum 0.9, lr × 0.5 every 10 epochs');
    assert.equal(describeOptimizer({ name: 'sgd', learningRate: 0.01, lrSchedule: { kind: 'exponential', gamma: 0.95 } }), 'sgd lr 0.01, lr × 0.95 every epoch');
  });
});
