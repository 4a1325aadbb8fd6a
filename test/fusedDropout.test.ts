// Dropout on the fused path: tfjs's inverted scaling (x * floor(u + keep) / keep), in training only, masks
// from the run's seeded stream. Against tfjs with the same masks (a seeded tf.layers.dropout draws the same
// uniforms at every step, which the fused net takes through its test hook), the edge rates, and statistics.
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { createFusedNet } from '../src/engine/fused/net';
import { createOp } from '../src/engine/fused/postOps';
import { instantiate } from '../src/engine/fused/wasm';
import type { FusedNetSpec } from '../src/engine/fused/spec';
import { compareWithTfjs, oracleData, seededUniform } from './helpers/fusedOracle';

const TFJS_SEEDS = [11, 23];
/** The uniforms tfjs's dropout draws with a fixed seed: the same at every call. */
const tfjsUniforms = (op: number, count: number) => tf.tidy(() => tf.randomUniform([count], 0, 1, 'float32', TFJS_SEEDS[op]).dataSync());

const model = (rate: number, seeded = true) => `return tf.sequential({ layers: [
  tf.layers.dense({ units: 16, inputShape: [3], activation: 'relu' }),
  tf.layers.dropout({ rate: ${rate}${seeded ? `, seed: ${TFJS_SEEDS[0]}` : ''} }),
  tf.layers.dense({ units: 8, activation: 'tanh' }),
  tf.layers.dropout({ rate: ${rate}${seeded ? `, seed: ${TFJS_SEEDS[1]}` : ''} }),
  tf.layers.dense({ units: 3 }),
] });`;

function spec(rate: number | null, seed = 5, hidden: 'sigmoid' | 'relu' = 'sigmoid'): FusedNetSpec {
  const rand = seededUniform(9);
  const weights = (n: number) => new Float32Array(n).map(() => rand() - 0.5);
  const after = rate === null ? undefined : [{ kind: 'dropout' as const, rate }];
  return {
    layers: [
      { inputSize: 3, units: 16, activation: 'relu', kernel: weights(48), bias: weights(16), ...(after ? { after } : {}) },
      { inputSize: 16, units: 8, activation: hidden, kernel: weights(128), bias: weights(8), ...(after ? { after } : {}) },
      { inputSize: 8, units: 3, activation: 'linear', kernel: weights(24), bias: weights(3) },
    ],
    loss: 'crossEntropy', optimizer: { name: 'adam', learningRate: 0.01 }, dropoutSeed: seed,
  };
}

function train(s: FusedNetSpec, steps = 10) {
  const net = createFusedNet(s, 32);
  const { x, y } = oracleData({ model: '', features: 3, loss: 'crossEntropy', rows: 32 }, 3);
  const losses = Array.from({ length: steps }, () => net.trainStep(x, y, 32));
  return { net, losses, x, y };
}

const sameValues = (a: ArrayLike<number>, b: ArrayLike<number>, what: string) => {
  assert.equal(a.length, b.length, what);
  for (let i = 0; i < a.length; i++) assert.ok(a[i] === b[i], `${what}[${i}]: ${a[i]} vs ${b[i]}`);
};

describe('fused dropout', () => {
  for (const rate of [0.5, 0.2]) {
    it(`rate ${rate}: the same masks as tfjs give the same outputs, losses and weights step by step (sgd, momentum)`, async () => {
      await compareWithTfjs({ model: model(rate), features: 3, loss: 'crossEntropy', rows: 24, steps: 8, learningRate: 0.1, uniforms: tfjsUniforms });
      await compareWithTfjs({ model: model(rate), features: 3, loss: 'crossEntropy', optimizer: 'momentum', rows: 24, steps: 8, learningRate: 0.05, uniforms: tfjsUniforms });
    });
  }

  it('rate 0.99 (scale 100): the same masks as tfjs, step by step', async () => {
    await compareWithTfjs({ model: model(0.99), features: 3, loss: 'crossEntropy', rows: 24, steps: 6, learningRate: 0.01, uniforms: tfjsUniforms, rtol: 2e-4 });
  });

  it('rate 0 is exactly no dropout: the same losses and weights, bit for bit (relu layers: the same float ops either way)', () => {
    const [dropped, plain] = [train(spec(0, 5, 'relu')), train(spec(null, 5, 'relu'))];
    sameValues(dropped.losses, plain.losses, 'losses');
    dropped.net.weights().forEach((w, i) => sameValues(w, plain.net.weights()[i], `weights[${i}]`));
  });

  it('is off in evaluation: the trained net evaluates exactly as the same weights without dropout', () => {
    const { net, x, y } = train(spec(0.5));
    const copy = spec(null);
    const weights = net.weights();
    copy.layers.forEach((layer, l) => ((layer.kernel = weights[2 * l]), (layer.bias = weights[2 * l + 1])));
    const [a, b] = [new Float32Array(96), new Float32Array(96)];
    assert.equal(net.evaluate(x, y, 32, a), createFusedNet(copy, 32).evaluate(x, y, 32, b));
    sameValues(a, b, 'outputs');
  });

  it('masks come from the run\'s seed: the same seed trains the same, another seed differently', () => {
    const [first, again, other] = [train(spec(0.5, 5)), train(spec(0.5, 5)), train(spec(0.5, 6))];
    sameValues(first.losses, again.losses, 'losses');
    assert.notDeepEqual(first.losses, other.losses);
  });

  it('statistics: a keep fraction of 1 - rate, scaled by 1 / (1 - rate) so the mean activation stays (8000 draws)', () => {
    const rows = 1000, u = 8, rate = 0.3, { kernels, buffer } = instantiate((3 * rows * u + 16) * 4), mem = new Float32Array(buffer);
    let top = 0;
    const rand = seededUniform(3);
    const op = createOp({ kind: 'dropout', rate }, {
      mem, kernels, u, stride: u, alloc: (floats) => ((top += floats), top - floats),
      parameters: { gamma: null, beta: null, gradGamma: null, gradBeta: null },
      uniforms: (count) => Float64Array.from({ length: count }, rand),
    }, rows);
    const input = top;
    mem.fill(1, input, input + rows * u);
    assert.equal(op.forward(input, rows, false), input, 'evaluation passes the input through');
    const out = op.forward(input, rows, true);
    const values = mem.subarray(out, out + rows * u);
    const kept = values.filter((v) => v !== 0);
    assert.ok(kept.every((v) => v === Math.fround(1 / Math.fround(0.7))), 'kept values are scaled by 1/keep in float32');
    // Binomial: sd of the keep fraction sqrt(0.21 / 8000) = 0.0051; of the mean sqrt((rate / keep) / 8000) = 0.0073.
    assert.ok(Math.abs(kept.length / values.length - 0.7) < 0.02, `keep fraction ${kept.length / values.length}`);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    assert.ok(Math.abs(mean - 1) < 0.03, `mean ${mean}`);
    // Backward: gradients pass where the unit was kept, times the same scale.
    const d = top;
    top += rows * u;
    mem.fill(1, d, d + rows * u);
    op.backward(d, rows);
    sameValues(mem.subarray(d, d + rows * u), values, 'gradient mask');
  });
});
