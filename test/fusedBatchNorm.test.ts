// Batch norm on the fused path against tfjs-layers' BatchNormalization, step by step from the same start:
// batch statistics and the running update in training (Keras's momentum, the weight of the old value),
// the running statistics in evaluation, gamma and beta trained (and penalized) like any weight.
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { compareWithTfjs, assertClose } from './helpers/fusedOracle';

const bn = (options = '') => `tf.layers.batchNormalization({ ${options} })`;
const sequential = (...layers: string[]) => `return tf.sequential({ layers: [${layers.join(', ')}] });`;

/** After training: evaluation mode on both sides (tfjs: the layer's moving mean and variance). */
function evaluationAgrees(run: Awaited<ReturnType<typeof compareWithTfjs>>, features: number, rows: number) {
  const units = run.model.summary.outputUnits;
  const fused = new Float32Array(rows * units);
  run.net.evaluate(run.x, run.y, rows, fused);
  const expected = tf.tidy(() => run.model.forward(tf.tensor2d(run.x.subarray(0, rows * features), [rows, features]), false).dataSync());
  assertClose(fused, expected, 'evaluation outputs');
}

describe('fused batch norm vs tfjs', () => {
  it("relu -> BN (momentum 0.9 = PyTorch's 0.1, epsilon 1e-5) -> Dense: training steps and evaluation", async () => {
    const run = await compareWithTfjs({
      model: sequential("tf.layers.dense({ units: 8, inputShape: [3], activation: 'relu' })", bn('momentum: 0.9, epsilon: 1e-5'), 'tf.layers.dense({ units: 3 })'),
      features: 3, loss: 'crossEntropy', learningRate: 0.1, rows: 32, batchSize: 16, steps: 10, xScale: 2,
    });
    evaluationAgrees(run, 3, 32);
    // The running statistics moved away from their start (mean 0, variance 1).
    const [, , , , movingMean, movingVariance] = run.net.weights();
    assert.ok(movingMean.some((v) => Math.abs(v) > 0.05) && movingVariance.some((v) => Math.abs(v - 1) > 0.05));
  });

  it("tfjs's defaults (momentum 0.99, epsilon 1e-3), two batch norms, a momentum of 0.5", async () => {
    await compareWithTfjs({
      model: sequential("tf.layers.dense({ units: 6, inputShape: [3], activation: 'tanh' })", bn(), "tf.layers.dense({ units: 5, activation: 'relu' })", bn('momentum: 0.5'), 'tf.layers.dense({ units: 1 })'),
      features: 3, loss: 'mse', learningRate: 0.05, rows: 24, batchSize: 12, steps: 8,
    });
    const run = await compareWithTfjs({
      model: sequential("tf.layers.dense({ units: 6, inputShape: [3], activation: 'sigmoid' })", bn('momentum: 0.5'), 'tf.layers.dense({ units: 1 })'),
      features: 3, loss: 'mse', learningRate: 0.05, rows: 24, batchSize: 12, steps: 8,
    });
    evaluationAgrees(run, 3, 24);
  });

  it('Keras order: linear Dense -> BN -> Activation(relu), and the wine shape 11-16-BN-32-BN-20-1 (bce with logits, minibatches)', async () => {
    await compareWithTfjs({
      model: sequential("tf.layers.dense({ units: 8, inputShape: [3] })", bn('momentum: 0.9'), "tf.layers.activation({ activation: 'relu' })", 'tf.layers.dense({ units: 3 })'),
      // sgd: the bias before a batch norm has a gradient of 0 up to rounding, which adam would blow up to +-lr.
      features: 3, loss: 'crossEntropy', optimizer: 'momentum', learningRate: 0.05, rows: 24, batchSize: 8, steps: 9,
    });
    const run = await compareWithTfjs({
      model: sequential(
        "tf.layers.dense({ units: 16, inputShape: [11], activation: 'relu' })", bn('momentum: 0.9'),
        "tf.layers.dense({ units: 32, activation: 'relu' })", bn('momentum: 0.9'),
        "tf.layers.dense({ units: 20, activation: 'relu' })", 'tf.layers.dense({ units: 1 })'),
      features: 11, loss: 'binaryCrossEntropyWithLogits', optimizer: 'adam', learningRate: 0.01, rows: 64, batchSize: 32, steps: 8, rtol: 2e-4,
    });
    evaluationAgrees(run, 11, 64);
  });

  it("the kernels' edges: 7 features (a pad lane), batches of 5, one row and chunks in evaluation, a batch of one in training", async () => {
    const model = sequential("tf.layers.dense({ units: 7, inputShape: [3], activation: 'relu' })", bn('momentum: 0.8'), 'tf.layers.dense({ units: 2 })');
    const run = await compareWithTfjs({ model, features: 3, loss: 'crossEntropy', learningRate: 0.1, rows: 15, batchSize: 5, steps: 6, xScale: 2 });
    evaluationAgrees(run, 3, 1);
    // 13 rows through buffers of 5: chunks of 5, 5 and 3.
    evaluationAgrees(run, 3, 13);
    // The padded parameter block (kernel0 4x8, bias0 8, gamma 8, beta 8, kernel1 8x4, bias1 4) and the running
    // statistics hold 21 + 7 + 7 + 7 + 14 + 2 + 2 * 7 values; every pad is still 0 after the steps.
    const snapshot = run.net.snapshotParameters();
    assert.equal(snapshot.length, 32 + 8 + 8 + 8 + 32 + 4 + 2 * 7);
    assert.ok(snapshot.filter((v) => v !== 0).length <= 21 + 7 + 7 + 7 + 14 + 2 + 2 * 7, 'a pad became nonzero');
    // One row: its variance is 0, so the normalized value is 0 and every output is the Dense layer applied to beta.
    const single = await compareWithTfjs({ model, features: 3, loss: 'crossEntropy', learningRate: 0.1, rows: 3, batchSize: 1, steps: 3 });
    evaluationAgrees(single, 3, 1);
    // Further steps on the fused net alone, checked by hand.
    const outputs = new Float32Array(2);
    for (let r = 0; r < 3; r++) {
      const [, , , beta, , , kernel, bias] = single.net.weights();
      single.net.trainStep(single.x.subarray(r * 3), single.y.subarray(r), 1, outputs);
      const expected = [0, 1].map((j) => beta.reduce((sum, b, i) => sum + b * kernel[i * 2 + j], bias[j]));
      assertClose(outputs, expected, `row ${r}: the outputs from beta alone`);
    }
  });

  it('with dropout after it, weightDecay (gamma and beta decay too) and l1 (gamma counted, beta not)', async () => {
    await compareWithTfjs({
      model: sequential("tf.layers.dense({ units: 8, inputShape: [3], activation: 'relu' })", bn('momentum: 0.9'), 'tf.layers.dropout({ rate: 0.3, seed: 4 })', 'tf.layers.dense({ units: 3 })'),
      features: 3, loss: 'crossEntropy', optimizer: 'adam', learningRate: 0.01, rows: 24, batchSize: 12, steps: 8,
      settings: { weightDecay: 0.05, l1: 0.02 },
      uniforms: (_op, count) => tf.tidy(() => tf.randomUniform([count], 0, 1, 'float32', 4).dataSync()),
    });
  });

  it('a snapshot (early stopping\'s best epoch) holds the running statistics too', async () => {
    const run = await compareWithTfjs({
      model: sequential("tf.layers.dense({ units: 4, inputShape: [3], activation: 'relu' })", bn('momentum: 0.5'), 'tf.layers.dense({ units: 1 })'),
      features: 3, loss: 'mse', rows: 16, batchSize: 8, steps: 2,
    });
    const snapshot = run.net.snapshotParameters();
    const before = run.net.weights();
    for (let i = 0; i < 3; i++) run.net.trainStep(run.x, run.y, 8);
    assert.notDeepEqual(run.net.weights()[4], before[4], 'training moved the running mean');
    run.net.restoreParameters(snapshot);
    assert.deepEqual(run.net.weights(), before);
  });
});
