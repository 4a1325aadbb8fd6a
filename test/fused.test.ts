// The fused trainer against tfjs itself: same initial weights, same batches, tfjs-layers model +
// computeLoss + tf.train.* on the cpu backend as the oracle; per-step losses and final weights must agree.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { computeLoss, PROBABILITY_EPSILON } from '../src/engine/losses';
import { createFusedNet, fusedUnsupportedReason, type FusedNet, type FusedSpecShape } from '../src/engine/fused/net';
import { PROBABILITY_EPSILON as FUSED_EPSILON } from '../src/engine/fused/loss';
import { BATCH_NORM_WAT_SHA256 } from '../src/engine/fused/batchNorm.wasm';
import { KERNELS_WAT_SHA256 } from '../src/engine/fused/kernels.wasm';
import type { DenseActivation, FusedNetSpec, OptimizerSpec } from '../src/engine/fused/spec';
import { LOSS_NAMES, OPTIMIZER_NAMES, type LossName } from '../src/engine/settings';
import { createTfjsOptimizer, setTfjsLearningRate } from '../src/engine/stepEngines';

/** The activations the kernels apply themselves (the others: test/fusedLayers.test.ts). */
type KernelActivation = Extract<DenseActivation, 'linear' | 'relu' | 'sigmoid' | 'tanh'>;
const ACTS: KernelActivation[] = ['relu', 'sigmoid', 'tanh', 'linear'];
// rmsprop's alpha 0.99 (PyTorch's) makes its first steps ~3x those of tfjs's 0.9: a third of the rate keeps them comparable.
const LR: Record<string, number> = { sgd: 0.1, momentum: 0.05, adam: 0.01, rmsprop: 0.0015 };

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Case {
  sizes: number[];
  hidden: KernelActivation;
  last: KernelActivation;
  bias: boolean;
  loss: LossName;
  optimizer: OptimizerSpec;
  rows: number;
  maxBatch?: number;
  steps?: number;
  seed?: number;
  /** Multiplies x (large values saturate sigmoids). */
  xScale?: number;
  zeroBias?: boolean;
  /** Rows (indices) set to all-zero features. */
  zeroRows?: number[];
  /** A learning rate per step (0-based), set on both before the step: a schedule. */
  rateAt?: (step: number) => number;
}

function makeData(c: Case) {
  const rand = rng(c.seed ?? 1);
  const k = c.sizes[0], units = c.sizes[c.sizes.length - 1];
  const x = new Float32Array(c.rows * k).map(() => (rand() * 2 - 1) * (c.xScale ?? 1));
  for (const r of c.zeroRows ?? []) x.fill(0, r * k, (r + 1) * k);
  const labels = new Float32Array(c.rows).map((_, r) => {
    const s = x[r * k] + 0.5 * x[r * k + 1];
    if (c.loss === 'crossEntropy') return Math.min(units - 1, Math.floor(rand() * units));
    if (c.loss === 'mse') return s + 0.3 * rand();
    return s > 0 ? 1 : 0;
  });
  const weights: Float32Array[] = [];
  for (let l = 1; l < c.sizes.length; l++) {
    const [a, b] = [c.sizes[l - 1], c.sizes[l]], lim = Math.sqrt(6 / (a + b));
    weights.push(new Float32Array(a * b).map(() => (rand() * 2 - 1) * lim));
    if (c.bias) weights.push(new Float32Array(b).map(() => (c.zeroBias ? 0 : (rand() * 2 - 1) * 0.2)));
  }
  return { x, labels, weights };
}

function tfModel(c: Case, weights: Float32Array[]) {
  const model = tfl.sequential();
  for (let l = 1; l < c.sizes.length; l++) {
    model.add(tfl.layers.dense({
      units: c.sizes[l],
      activation: l === c.sizes.length - 1 ? c.last : c.hidden,
      useBias: c.bias,
      ...(l === 1 ? { inputShape: [c.sizes[0]] } : {}),
    }));
  }
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(weights[i], w.shape)));
  return model;
}

function specOf(c: Case, weights: Float32Array[]): FusedNetSpec {
  let i = 0;
  return {
    layers: c.sizes.slice(1).map((units, l) => ({
      inputSize: c.sizes[l],
      units,
      activation: l === c.sizes.length - 2 ? c.last : c.hidden,
      kernel: weights[i++],
      bias: c.bias ? weights[i++] : null,
    })),
    loss: c.loss,
    optimizer: c.optimizer,
  };
}

function labelTensor(loss: LossName, labels: Float32Array) {
  return loss === 'crossEntropy' ? tf.tensor1d(Int32Array.from(labels), 'int32') : tf.tensor2d(labels, [labels.length, 1]);
}

/** Batches cycle through the rows in slices of maxBatch (the last one shorter). */
function batches(rows: number, maxBatch: number, steps: number) {
  const out: [number, number][] = [];
  for (let s = 0, start = 0; s < steps; s++) {
    const n = Math.min(maxBatch, rows - start);
    out.push([start, n]);
    start = start + n >= rows ? 0 : start + n;
  }
  return out;
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, rtol = 1e-4, atol = 1e-5) {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i], e = expected[i];
    assert.ok(Number.isFinite(e), `${what}[${i}]: oracle gave ${e}`);
    assert.ok(Math.abs(a - e) <= atol + rtol * Math.abs(e), `${what}[${i}]: fused ${a} vs tfjs ${e}`);
  }
}

/** Trains both; returns the fused net and the oracle's per-step losses for extra checks. */
function compare(c: Case) {
  const { x, labels, weights } = makeData(c);
  const k = c.sizes[0], units = c.sizes[c.sizes.length - 1];
  const maxBatch = c.maxBatch ?? c.rows, steps = c.steps ?? 20;
  const net = createFusedNet(specOf(c, weights), maxBatch);
  const model = tfModel(c, weights);
  // The engine's own tfjs optimizer: both paths complete the values with the same defaults.
  const opt = createTfjsOptimizer(c.optimizer);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const fusedLosses: number[] = [], tfLosses: number[] = [];
  const outputs = new Float32Array(maxBatch * units);
  for (const [start, n] of batches(c.rows, maxBatch, steps)) {
    if (c.rateAt) {
      setTfjsLearningRate(opt, c.rateAt(fusedLosses.length));
      net.setLearningRate(c.rateAt(fusedLosses.length));
    }
    const xb = x.subarray(start * k, (start + n) * k), yb = labels.subarray(start, start + n);
    const xt = tf.tensor2d(xb, [n, k]), yt = labelTensor(c.loss, yb);
    const expectedOut = tf.tidy(() => (model.predict(xt) as tf.Tensor).dataSync());
    const cost = opt.minimize(() => computeLoss(c.loss, model.apply(xt) as tf.Tensor, yt), true, vars)!;
    tfLosses.push(cost.dataSync()[0]);
    tf.dispose([xt, yt, cost]);
    fusedLosses.push(net.trainStep(xb, yb, n, outputs));
    assertClose(outputs.subarray(0, n * units), expectedOut, `outputs at step ${fusedLosses.length}`);
  }
  assertClose(fusedLosses, tfLosses, 'losses');
  const tfWeights = model.getWeights().map((w) => w.dataSync());
  net.weights().forEach((w, i) => assertClose(w, tfWeights[i], `weights[${i}]`));
  opt.dispose();
  model.dispose();
  return { net, tfLosses, x, labels };
}

/** The oracle runs on the cpu backend; whatever backend other test files chose comes back afterwards. */
function onCpuBackend() {
  let previous: string | undefined;
  before(async () => {
    previous = tf.getBackend();
    await tf.setBackend('cpu');
  });
  after(async () => {
    if (previous && previous !== 'cpu') await tf.setBackend(previous);
  });
}

describe('fused net vs tfjs', () => {
  onCpuBackend();
  LOSS_NAMES.forEach((loss, li) => {
    const units = loss === 'crossEntropy' ? 3 : 1;
    const last: KernelActivation = loss === 'binaryCrossEntropy' ? 'sigmoid' : 'linear';
    OPTIMIZER_NAMES.forEach((name, oi) => {
      ACTS.forEach((hidden, ai) => {
        const bias = (li + oi + ai) % 2 === 0;
        it(`${loss} / ${name} / ${hidden} hidden / ${bias ? 'bias' : 'no bias'}`, () => {
          const { tfLosses } = compare({
            sizes: [3, 5, 4, units], hidden, last, bias, loss, rows: 24, seed: 7 + li * 16 + oi * 4 + ai,
            optimizer: { name, learningRate: LR[name], ...(name === 'momentum' ? { momentum: 0.8 } : {}) },
          });
          // The comparison only means something if training moved the loss.
          assert.ok(Math.abs(tfLosses[0] - tfLosses[tfLosses.length - 1]) > 1e-3 * Math.abs(tfLosses[0]));
        });
      });
    });
  });

  it('minibatches smaller than maxBatch (crossEntropy / adam)', () => {
    compare({ sizes: [4, 6, 3], hidden: 'tanh', last: 'linear', bias: true, loss: 'crossEntropy', rows: 40, maxBatch: 16, steps: 12,
      optimizer: { name: 'adam', learningRate: 0.02 } });
  });

  it('minibatches smaller than maxBatch (mse / momentum, default momentum)', () => {
    compare({ sizes: [3, 8, 8, 1], hidden: 'relu', last: 'linear', bias: true, loss: 'mse', rows: 37, maxBatch: 10, steps: 12,
      optimizer: { name: 'momentum', learningRate: 0.05 } });
  });

  for (const last of ['relu', 'sigmoid', 'tanh'] as const) {
    it(`mse through a ${last} last layer`, () => {
      compare({ sizes: [3, 6, 1], hidden: 'tanh', last, bias: true, loss: 'mse', rows: 20, optimizer: { name: 'sgd', learningRate: 0.2 } });
    });
  }

  it('widths that are not multiples of 4 (adam, sigmoid)', () => {
    compare({ sizes: [5, 9, 13, 2], hidden: 'sigmoid', last: 'linear', bias: true, loss: 'crossEntropy', rows: 19, steps: 10,
      optimizer: { name: 'adam', learningRate: 0.05 } });
  });

  it('relu at exactly 0 has gradient 0 (zero rows, zero biases)', () => {
    // Zero features + zero bias make pre-activations exactly 0 in both relu layers.
    const { net } = compare({ sizes: [3, 5, 5, 2], hidden: 'relu', last: 'linear', bias: true, zeroBias: true, loss: 'crossEntropy',
      rows: 12, zeroRows: [0, 1, 2, 3, 4, 5, 6, 7], steps: 1, optimizer: { name: 'sgd', learningRate: 1 } });
    // Biases of the hidden layers only see the zero rows through relu'(0); with 8 of 12 rows zero a
    // wrong convention would move them far beyond the tolerance.
    assert.ok(net.weights()[1].some((b) => b !== 0));
  });

  it('binaryCrossEntropy with saturated sigmoids (clip range, zero gradient outside it)', () => {
    const { net, x, labels } = compare({ sizes: [2, 4, 1], hidden: 'linear', last: 'sigmoid', bias: true, loss: 'binaryCrossEntropy',
      rows: 30, xScale: 40, steps: 10, optimizer: { name: 'sgd', learningRate: 0.05 } });
    const out = new Float32Array(30);
    net.evaluate(x, labels, 30, out);
    assert.ok(out.some((p) => p > 1 - PROBABILITY_EPSILON || p < PROBABILITY_EPSILON), 'some outputs must be clipped');
  });

  it('binaryCrossEntropyWithLogits with large logits', () => {
    compare({ sizes: [2, 4, 1], hidden: 'tanh', last: 'linear', bias: true, loss: 'binaryCrossEntropyWithLogits',
      rows: 30, xScale: 30, steps: 10, optimizer: { name: 'rmsprop', learningRate: 0.01 } });
  });

  it("the optimizers' values: PyTorch's defaults on tfjs (adam eps 1e-8, rmsprop alpha 0.99, eps 1e-8)", () => {
    const config = (o: OptimizerSpec) => {
      const optimizer = createTfjsOptimizer(o);
      const values = optimizer.getConfig();
      optimizer.dispose();
      return values;
    };
    assert.deepEqual(config({ name: 'adam', learningRate: 0.01 }), { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    assert.deepEqual(config({ name: 'rmsprop', learningRate: 0.01 }), { learningRate: 0.01, decay: 0.99, momentum: 0, epsilon: 1e-8, centered: false });
    assert.deepEqual(config({ name: 'momentum', learningRate: 0.01 }), { learningRate: 0.01, momentum: 0.9, useNesterov: false });
    assert.deepEqual(config({ name: 'rmsprop', learningRate: 0.01, rho: 0.9, epsilon: 1e-6 }), { learningRate: 0.01, decay: 0.9, momentum: 0, epsilon: 1e-6, centered: false });
  });

  it('values other than the defaults, and a learning rate changed between steps, agree step by step', () => {
    const halving = (step: number) => 0.02 * 0.5 ** Math.floor(step / 4);
    compare({ sizes: [3, 5, 3], hidden: 'relu', last: 'linear', bias: true, loss: 'crossEntropy', rows: 24, steps: 12, rateAt: halving,
      optimizer: { name: 'adam', learningRate: 0.02, beta1: 0.8, beta2: 0.99, epsilon: 1e-6 } });
    compare({ sizes: [3, 5, 1], hidden: 'tanh', last: 'linear', bias: true, loss: 'mse', rows: 24, steps: 12, rateAt: halving,
      optimizer: { name: 'rmsprop', learningRate: 0.02, rho: 0.9, epsilon: 1e-6 } });
    compare({ sizes: [3, 5, 1], hidden: 'sigmoid', last: 'sigmoid', bias: true, loss: 'binaryCrossEntropy', rows: 24, steps: 12, rateAt: (step) => 0.5 * 0.9 ** step,
      optimizer: { name: 'momentum', learningRate: 0.5, momentum: 0.5 } });
    compare({ sizes: [3, 5, 1], hidden: 'relu', last: 'linear', bias: false, loss: 'mse', rows: 24, steps: 12, rateAt: halving,
      optimizer: { name: 'sgd', learningRate: 0.02 } });
  });

  it('scenario shapes: 2-4-3 full batch of 300, 11-16-32-32-1 relu batch 32', () => {
    compare({ sizes: [2, 4, 3], hidden: 'relu', last: 'linear', bias: true, loss: 'crossEntropy', rows: 300, steps: 5,
      optimizer: { name: 'sgd', learningRate: 0.1 } });
    compare({ sizes: [11, 16, 32, 32, 1], hidden: 'relu', last: 'linear', bias: true, loss: 'mse', rows: 96, maxBatch: 32, steps: 6,
      optimizer: { name: 'sgd', learningRate: 0.01 } });
  });
});

describe('fused net API', () => {
  onCpuBackend();
  const c: Case = { sizes: [3, 4, 3], hidden: 'sigmoid', last: 'linear', bias: true, loss: 'crossEntropy', rows: 10,
    optimizer: { name: 'sgd', learningRate: 0.5 } };

  it('evaluate matches computeLoss on the tfjs forward pass and leaves weights alone', () => {
    const { x, labels, weights } = makeData(c);
    const net = createFusedNet(specOf(c, weights), 10);
    const model = tfModel(c, weights);
    const out = new Float32Array(30);
    const value = net.evaluate(x, labels, 10, out);
    const [expectedOut, expectedLoss] = tf.tidy(() => {
      const y = model.predict(tf.tensor2d(x, [10, 3])) as tf.Tensor;
      return [y.dataSync(), computeLoss('crossEntropy', y, labelTensor('crossEntropy', labels)).dataSync()[0]] as const;
    });
    assertClose(out, expectedOut, 'outputs');
    assertClose([value], [expectedLoss], 'loss');
    net.weights().forEach((w, i) => assert.deepEqual(w, weights[i]));
    // trainStep reports the same pre-update forward pass, then moves the weights.
    const trainOut = new Float32Array(30);
    assert.equal(net.trainStep(x, labels, 10, trainOut), value);
    assert.deepEqual(trainOut, out);
    assert.notDeepEqual(net.weights()[0], weights[0]);
    model.dispose();
  });

  it('evaluate takes more rows than maxBatch, in chunks', () => {
    const big: Case = { ...c, rows: 23, loss: 'mse', sizes: [3, 4, 1], hidden: 'relu' };
    const { x, labels, weights } = makeData(big);
    const net = createFusedNet(specOf(big, weights), 5);
    const model = tfModel(big, weights);
    const out = new Float32Array(23);
    const value = net.evaluate(x, labels, 23, out);
    const [expectedOut, expectedLoss] = tf.tidy(() => {
      const y = model.predict(tf.tensor2d(x, [23, 3])) as tf.Tensor;
      return [y.dataSync(), computeLoss('mse', y, labelTensor('mse', labels)).dataSync()[0]] as const;
    });
    assertClose(out, expectedOut, 'outputs');
    assertClose([value], [expectedLoss], 'loss');
    model.dispose();
  });

  it('weights() are copies and the spec is not aliased', () => {
    const { weights } = makeData(c);
    const spec = specOf(c, weights);
    const net = createFusedNet(spec, 4);
    net.weights()[0].fill(9);
    spec.layers[0].kernel.fill(7);
    assert.deepEqual(net.weights()[0], makeData(c).weights[0]);
  });

  it('rejects batches it has no room for', () => {
    const { x, labels, weights } = makeData(c);
    const net: FusedNet = createFusedNet(specOf(c, weights), 4);
    assert.throws(() => net.trainStep(x, labels, 5), RangeError);
    assert.throws(() => net.evaluate(x, labels, 0), RangeError);
    assert.throws(() => net.evaluate(x.subarray(0, 5), labels, 2), RangeError);
  });

  it('shares the probability clip with losses.ts', () => {
    assert.equal(FUSED_EPSILON, PROBABILITY_EPSILON);
  });

  it('kernels.wasm.ts and batchNorm.wasm.ts are built from the current .wat files (else run build-wasm.mjs)', () => {
    for (const [name, sha256] of [['kernels', KERNELS_WAT_SHA256], ['batchNorm', BATCH_NORM_WAT_SHA256]]) {
      const wat = readFileSync(path.join(__dirname, `../src/engine/fused/${name}.wat`));
      assert.equal(createHash('sha256').update(wat).digest('hex'), sha256, `${name}.wat`);
    }
  });
});

describe('fusedUnsupportedReason', () => {
  const dense = (inputSize: number, units: number, activation = 'linear') => ({ inputSize, units, activation });
  const spec = (loss: string, layers: FusedSpecShape['layers'] = [dense(2, 4, 'relu'), dense(4, 3)],
    optimizer = { name: 'sgd', learningRate: 0.1 }): FusedSpecShape => ({ layers, loss, optimizer });

  it('accepts what it can run', () => {
    assert.equal(fusedUnsupportedReason(spec('crossEntropy')), null);
    assert.equal(fusedUnsupportedReason(spec('binaryCrossEntropy', [dense(2, 3, 'tanh'), dense(3, 1, 'sigmoid')])), null);
    assert.equal(fusedUnsupportedReason(spec('binaryCrossEntropyWithLogits', [dense(2, 1)])), null);
    assert.equal(fusedUnsupportedReason(spec('mse', [dense(2, 3), dense(3, 1, 'relu')], { name: 'adam', learningRate: 0.01 })), null);
  });

  const rejected: [string, FusedSpecShape][] = [
    ['no layers', spec('mse', [])],
    ['softmax activation', spec('crossEntropy', [dense(2, 4, 'softmax'), dense(4, 3)])],
    ['hardSigmoid activation', spec('mse', [dense(2, 4, 'hardSigmoid'), dense(4, 1)])],
    ['leakyRelu without its slope', spec('mse', [dense(2, 4, 'leakyRelu'), dense(4, 1)])],
    ['dropout of rate 1', spec('mse', [{ ...dense(2, 4, 'relu'), after: [{ kind: 'dropout', rate: 1 }] }, dense(4, 1)])],
    ['batch norm after the logits of crossEntropy', spec('crossEntropy', [{ ...dense(2, 3), after: [{ kind: 'batchNorm', gamma: null, beta: null, movingMean: new Float32Array(3), movingVariance: new Float32Array(3), momentum: 0.9, epsilon: 1e-3 }] }])],
    ['a negative weightDecay', { ...spec('mse', [dense(2, 1)]), penalties: { weightDecay: -1 } }],
    ['a NaN regularizer', spec('mse', [{ ...dense(2, 1), kernelRegularizer: { l1: NaN, l2: 0 } }])],
    ['crossEntropy with 1 unit', spec('crossEntropy', [dense(2, 1)])],
    ['crossEntropy after softmax', spec('crossEntropy', [dense(2, 3, 'softmax')])],
    ['crossEntropy after relu', spec('crossEntropy', [dense(2, 3, 'relu')])],
    ['binaryCrossEntropy on a logit', spec('binaryCrossEntropy', [dense(2, 1)])],
    ['binaryCrossEntropy with 2 units', spec('binaryCrossEntropy', [dense(2, 2, 'sigmoid')])],
    ['binaryCrossEntropyWithLogits after sigmoid', spec('binaryCrossEntropyWithLogits', [dense(2, 1, 'sigmoid')])],
    ['mse with 2 units', spec('mse', [dense(2, 2)])],
    ['layer sizes that do not chain', spec('mse', [dense(2, 4), dense(3, 1)])],
    ['fractional size', spec('mse', [dense(2, 1.5)])],
    ['kernel of the wrong length', spec('mse', [{ ...dense(2, 1), kernel: new Float32Array(3) }])],
    ['bias of the wrong length', spec('mse', [{ ...dense(2, 1), bias: new Float32Array(2) }])],
    ['unknown loss', spec('hinge', [dense(2, 1)])],
    ['unknown optimizer', spec('mse', [dense(2, 1)], { name: 'adagrad', learningRate: 0.1 })],
    ['NaN learning rate', spec('mse', [dense(2, 1)], { name: 'sgd', learningRate: NaN })],
  ];
  for (const [what, s] of rejected) {
    it(`rejects ${what}`, () => {
      const reason = fusedUnsupportedReason(s);
      assert.equal(typeof reason, 'string');
      assert.ok(reason!.length > 10);
    });
  }

  it('createFusedNet refuses an unsupported spec', () => {
    const layers = [{ inputSize: 2, units: 3, activation: 'relu' as const, kernel: new Float32Array(6), bias: null }];
    assert.throws(() => createFusedNet({ layers, loss: 'crossEntropy', optimizer: { name: 'sgd', learningRate: 0.1 } }, 8), /crossEntropy/);
  });
});
