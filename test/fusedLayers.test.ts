// The fused path's activations and penalties against the tfjs path, step by step from the same start
// (test/helpers/fusedOracle.ts): outputs, losses, the penalty and every weight after each step.
import * as assert from 'node:assert/strict';
import { activationOf, derivativeOf, erf } from '../src/engine/fused/activations';
import { compareWithTfjs } from './helpers/fusedOracle';
import { loadModel } from './helpers/training';

const dense = (units: number, options = '') => `tf.layers.dense({ units: ${units}${options ? `, ${options}` : ''} })`;
const first = (units: number, options = '') => dense(units, `inputShape: [3]${options ? `, ${options}` : ''}`);
const sequential = (...layers: string[]) => `return tf.sequential({ layers: [${layers.join(', ')}] });`;

describe('fused activations vs tfjs', () => {
  const asDense = ['relu6', 'elu', 'selu', 'softplus', 'gelu'];
  for (const activation of asDense) {
    it(`${activation} as a Dense activation (crossEntropy / adam, inputs that reach the kinks)`, async () => {
      const { tfLosses } = await compareWithTfjs({
        model: sequential(first(6, `activation: '${activation}'`), dense(5, `activation: '${activation}'`), dense(3)),
        features: 3, loss: 'crossEntropy', optimizer: 'adam', learningRate: 0.02, rows: 24, xScale: 5, steps: 10,
      });
      assert.ok(Math.abs(tfLosses[0] - tfLosses[9]) > 1e-3, 'training moved the loss');
    });
  }

  for (const alpha of [0.01, 0.3]) {
    it(`tf.layers.leakyReLU({ alpha: ${alpha} }) after linear Dense layers (mse / momentum)`, async () => {
      const run = await compareWithTfjs({
        model: sequential(first(6), `tf.layers.leakyReLU({ alpha: ${alpha} })`, dense(4), `tf.layers.leakyReLU({ alpha: ${alpha} })`, dense(1)),
        features: 3, loss: 'mse', optimizer: 'momentum', learningRate: 0.05, rows: 20, xScale: 2,
      });
      assert.deepEqual(run.spec.layers.map((l) => [l.activation, l.alpha]), [['leakyRelu', alpha], ['leakyRelu', alpha], ['linear', undefined]]);
    });
  }

  it('activation layers (tf.layers.activation, reLU, elu) and a softplus output layer for mse', async () => {
    const run = await compareWithTfjs({
      model: sequential(first(5), "tf.layers.activation({ activation: 'selu' })", dense(5), 'tf.layers.reLU()', dense(4), 'tf.layers.elu()', dense(1, "activation: 'softplus'")),
      features: 3, loss: 'mse', learningRate: 0.05, rows: 16, xScale: 3,
    });
    assert.deepEqual(run.spec.layers.map((l) => l.activation), ['selu', 'relu', 'elu', 'softplus']);
  });

  it('the default slope is tfjs\'s 0.3, said in the run\'s notes with PyTorch\'s 0.01', async () => {
    const model = await loadModel(`import * as tf from '@tensorflow/tfjs';\nexport function createModel() { ${sequential(first(4), 'tf.layers.leakyReLU()', dense(1))} }`, 3);
    const layers = model.denseStack();
    assert.ok(typeof layers !== 'string');
    assert.equal(layers[0].alpha, 0.3);
    assert.equal(model.notes.filter((note) => /Leaky ReLU/.test(note)).length, 1);
    assert.match(model.notes.join('\n'), /slope 0\.3 .*tfjs's is 0\.3, PyTorch's nn\.LeakyReLU 0\.01/);
    model.dispose();
  });

  it('hand-computed values and the conventions at the kinks (tfjs autodiff)', () => {
    const close = (a: number, e: number) => assert.ok(Math.abs(a - e) < 1e-6, `${a} vs ${e}`);
    close(activationOf('leakyRelu', 0.01)(-2), -0.02);
    close(derivativeOf('leakyRelu', 0.01)(0, 0), 0.01); // greater(x, 0): the slope at 0
    close(activationOf('relu6')(7), 6);
    assert.equal(derivativeOf('relu6')(6, 6), 0);
    assert.equal(derivativeOf('relu6')(0, 0), 0);
    close(activationOf('elu')(-1), Math.exp(-1) - 1);
    close(derivativeOf('elu')(-1, Math.exp(-1) - 1), Math.exp(-1));
    close(activationOf('selu')(1), 1.0507009873554805);
    close(activationOf('softplus')(0), Math.log(2));
    close(derivativeOf('softplus')(0, 0), 0.5);
    close(erf(0.5), 0.5204998778);
    close(activationOf('gelu')(1), 0.8413447 * 1);
    close(derivativeOf('gelu')(0, 0), 0.5);
  });
});

describe('fused penalties vs tfjs (weightDecay, l1, layer regularizers)', () => {
  const hidden = (options = '') => sequential(first(6, `activation: 'relu'${options ? `, ${options}` : ''}`), dense(4, "activation: 'tanh'"), dense(3));

  for (const optimizer of ['sgd', 'momentum', 'adam'] as const) {
    it(`weightDecay 0.01 (PyTorch's weight_decay, weights and biases) with ${optimizer}`, async () => {
      const run = await compareWithTfjs({ model: hidden(), features: 3, loss: 'crossEntropy', optimizer, learningRate: 0.05, rows: 24, settings: { weightDecay: 0.01 } });
      assert.ok(run.fusedPenalties.every((p) => p > 0));
    });
  }

  it("the course's l1 (l1 * sum|W| / weights, biases excluded) and a heavy weightDecay", async () => {
    await compareWithTfjs({ model: hidden(), features: 3, loss: 'crossEntropy', learningRate: 0.1, rows: 24, settings: { l1: 0.05 } });
    await compareWithTfjs({ model: hidden(), features: 3, loss: 'crossEntropy', learningRate: 0.1, rows: 24, settings: { weightDecay: 1, l1: 0.01 } });
  });

  it('kernelRegularizer / biasRegularizer l1, l2, l1l2 (tfjs forms, no 1/2), with the experiment\'s terms too', async () => {
    const regs = "kernelRegularizer: tf.regularizers.l1l2({ l1: 0.01, l2: 0.02 }), biasRegularizer: tf.regularizers.l2({ l2: 0.1 })";
    const model = sequential(first(6, `activation: 'relu', ${regs}`), dense(4, "activation: 'tanh', kernelRegularizer: tf.regularizers.l1({ l1: 0.03 })"), dense(1));
    const run = await compareWithTfjs({ model, features: 3, loss: 'mse', optimizer: 'adam', learningRate: 0.02, rows: 20, settings: { weightDecay: 0.02, l1: 0.01 } });
    assert.deepEqual(run.spec.layers[0].kernelRegularizer, { l1: 0.01, l2: 0.02 });
    assert.deepEqual(run.spec.layers[0].biasRegularizer, { l1: 0, l2: 0.1 });
  });

  it('L1 on zero weights: tfjs\'s abs\' is -1 at 0, and the fused path does the same', async () => {
    const zeros = "kernelInitializer: 'zeros', kernelRegularizer: tf.regularizers.l1({ l1: 0.1 })";
    await compareWithTfjs({ model: sequential(first(4, `activation: 'relu', ${zeros}`), dense(1)), features: 3, loss: 'mse', rows: 12, steps: 3 });
  });

  it('by hand: one unit, w = [0.5, 0.5], b = 1, weightDecay 0.2 + l1 0.1 => penalty 0.1*(0.25+0.25+1) + 0.1*(1/2)', async () => {
    const model = "return tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], kernelInitializer: tf.initializers.constant({ value: 0.5 }), biasInitializer: tf.initializers.constant({ value: 1 }) })] });";
    const run = await compareWithTfjs({ model, features: 2, loss: 'mse', rows: 4, steps: 1, settings: { weightDecay: 0.2, l1: 0.1 } });
    assert.ok(Math.abs(run.fusedPenalties[0] - (0.1 * 1.5 + 0.05)) < 1e-6, String(run.fusedPenalties[0]));
  });
});
