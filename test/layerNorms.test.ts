// Per-layer weight and gradient norms (issue 13, item 12), on both step engines, against values
// computed by hand; and the symmetry of a zero-initialized net, seen in its weights.
import * as assert from 'node:assert/strict';
import { formatResult } from '../src/cli/format';
import type { DenseLayerSpec } from '../src/engine/fused/spec';
import { layerGroups } from '../src/engine/layerNorms';
import type { TrainableModel } from '../src/engine/model';
import type { ExperimentSettings } from '../src/engine/settings';
import { createFusedEngine, createTfjsEngine, type StepEngine } from '../src/engine/stepEngines';
import type { TrainerToHost } from '../src/trainer/protocol';
import { loadModel, runLearner } from './helpers/training';
import { result as fixtureResult } from './webview/fixtures';

// x = 1 -> h = W1 x + b1 = [1.5, -2] -> out = W2 h = 2.5, target 0: mse 6.25, dL/dout = 5.
const TINY = `import * as tf from '@tensorflow/tfjs';
export function createModel() {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [1] }), tf.layers.dense({ units: 1 })] });
  model.layers[0].setWeights([tf.tensor2d([[1, -2]]), tf.tensor1d([0.5, 0])]);
  model.layers[1].setWeights([tf.tensor2d([[3], [1]]), tf.tensor1d([0])]);
  return model;
}`;
const SETTINGS = { loss: 'mse', optimizer: 'sgd', learningRate: 0.01 } as ExperimentSettings;

/**
 * By hand: dW2 = 5 h = [7.5, -10], db2 = 5: |g2| = sqrt(181.25). dh = 5 W2 = [15, 5] = dW1 = db1: |g1| = sqrt(500).
 * After the step (rate 0.01): W1 = [0.85, -2.05], b1 = [0.35, -0.05]: |w1| = sqrt(5.05);
 * W2 = [2.925, 1.1], b2 = -0.05: |w2| = sqrt(9.768125).
 */
const EXPECTED = [
  { name: 'Dense 1', weightNorm: Math.sqrt(5.05), gradientNorm: Math.sqrt(500) },
  { name: 'Dense 2', weightNorm: Math.sqrt(9.768125), gradientNorm: Math.sqrt(181.25) },
];

function assertNorms(engine: StepEngine): void {
  assert.deepEqual(engine.layerNorms(), [], 'no gradient before the first step');
  engine.trainEpoch(Float32Array.of(1), Float32Array.of(0), 1, 1);
  const norms = engine.layerNorms();
  assert.deepEqual(norms.map((layer) => layer.name), ['Dense 1', 'Dense 2']);
  norms.forEach((layer, i) => {
    assert.ok(Math.abs(layer.weightNorm - EXPECTED[i].weightNorm) < 1e-5, `${layer.name} weights ${layer.weightNorm} vs ${EXPECTED[i].weightNorm}`);
    assert.ok(Math.abs(layer.gradientNorm - EXPECTED[i].gradientNorm) < 1e-4, `${layer.name} gradient ${layer.gradientNorm} vs ${EXPECTED[i].gradientNorm}`);
  });
}

const columnNorms = (layer: { units: number; kernel: ArrayLike<number | null> }): number[] =>
  Array.from({ length: layer.units }, (_, j) => Math.sqrt(Array.from(layer.kernel).filter((_, i) => i % layer.units === j).reduce((sum: number, w) => sum + w! * w!, 0)));

const zeroInitLearner = (hiddenInit: string) => `import * as tf from '@tensorflow/tfjs';
export const experiment = { data: { kind: 'clusters', centers: [[1, 1], [5, 1], [3, -2]], perCluster: 20, blur: 1 }, loss: 'crossEntropy', learningRate: 0.5, epochs: 20 };
export function createModel() {
  return tf.sequential({ layers: [
    tf.layers.dense({ units: 4, inputShape: [2], activation: 'sigmoid', kernelInitializer: '${hiddenInit}' }),
    tf.layers.dense({ units: 3, kernelInitializer: 'zeros' }),
  ] });
}`;

describe('per-layer weight and gradient norms', () => {
  let model: TrainableModel;
  beforeEach(async () => {
    model = await loadModel(TINY, 1);
  });
  afterEach(() => model.dispose());

  it('tfjs path: the weights after the epoch and the last step\'s gradient, per layer, as computed by hand', () => {
    assertNorms(createTfjsEngine(model, SETTINGS, 1));
  });

  it('fused path: the same numbers', () => {
    const spec = { layers: model.denseStack() as DenseLayerSpec[], loss: SETTINGS.loss, optimizer: { name: 'sgd' as const, learningRate: 0.01 } };
    assertNorms(createFusedEngine(spec, 1, 1, layerGroups(model).map((group) => group.name)));
  });

  it('names tfjs made up become positions; a name the learner gave stays', async () => {
    const named = await loadModel(`import * as tf from '@tensorflow/tfjs';
export function createModel() { return tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [1], name: 'hidden' }), tf.layers.dropout({ rate: 0.1 }), tf.layers.dense({ units: 1 })] }); }`, 1);
    assert.deepEqual(layerGroups(named).map((group) => [group.name, group.variables.length]), [['hidden', 2], ['Dense 2', 2]]);
    named.dispose();
  });

  for (const backend of ['auto', 'cpu'] as const) {
    it(`every epoch carries them (${backend}), and a zero-initialized net stays symmetric: its hidden units learn the same weights`, async () => {
      const zero = await runLearner(zeroInitLearner('zeros'), backend);
      assert.equal(zero.result.backend, backend === 'auto' ? 'fused' : 'cpu');
      assert.equal(zero.epochs.length, 20);
      for (const epoch of zero.epochs) {
        assert.deepEqual(epoch.layers!.map((layer) => layer.name), ['Dense 1', 'Dense 2']);
        assert.ok(epoch.layers!.every((layer) => Number.isFinite(layer.weightNorm) && Number.isFinite(layer.gradientNorm)));
      }
      assert.ok(zero.epochs[19].layers![0].weightNorm > 0, 'the zero layer did learn');
      const hidden = trainedLayers(zero.messages)[0];
      const norms = columnNorms(hidden);
      assert.ok(norms.every((norm) => Math.abs(norm - norms[0]) < 1e-6 && norm > 0), `equal per-unit norms: ${norms}`);
      // Glorot's random start breaks the symmetry.
      const random = columnNorms(trainedLayers((await runLearner(zeroInitLearner('glorotNormal'), backend)).messages)[0]);
      assert.ok(Math.max(...random) - Math.min(...random) > 0.01, `distinct per-unit norms: ${random}`);
    });
  }
});

function trainedLayers(messages: TrainerToHost[]) {
  const last = messages[messages.length - 1];
  assert.ok(last.type === 'finished' && 'layers' in last.trained);
  return (last.trained as { layers: { units: number; kernel: (number | null)[] }[] }).layers;
}

describe('dlx run prints what the epochs carry', () => {
  it('the penalty, the learning rate, the checkpoints, the start and the layer norms of the last epoch', () => {
    const result = { ...fixtureResult(), checkpoints: { best: { epoch: 40, monitor: 'devLoss' as const, value: 0.123456 }, last: { epoch: 50 } }, startedFrom: { epoch: 20, resume: true } };
    const last = { epoch: 50, train: { loss: 0.5, penalty: 0.25 }, learningRate: 0.00125, layers: [{ name: 'Dense 1', weightNorm: 1.2345, gradientNorm: 0.000123 }, { name: 'out', weightNorm: 2, gradientNorm: 3 }] };
    const text = formatResult(result, last);
    assert.match(text, /\n {2}penalty: 0\.2500 at epoch 50 \(train loss 0\.5000 reported, loss \+ penalty 0\.7500 minimized\)\n/);
    assert.match(text, /\n {2}learning rate: 0\.00125 at epoch 50\n/);
    assert.match(text, /\n {2}started from: the checkpoint of epoch 20, resumed \(epochs counted on\)\n/);
    assert.match(text, /\n {2}checkpoints: best epoch 40 \(devLoss 0\.1235\), last epoch 50\n/);
    assert.match(text, /\n {2}layer norms at epoch 50 \(weights \| gradient\): Dense 1 1\.23 \| 0\.000123; out 2\.00 \| 3\.00\n/);
    assert.doesNotMatch(formatResult(fixtureResult()), /penalty|learning rate|checkpoints|layer norms/);
  });
});
