// Train and eval modes (PyTorch's model.train() / model.eval()): training steps run in training mode,
// every evaluation in evaluation mode, for dropout, batch norm and a class model's forward(x, training).
import * as assert from 'node:assert/strict';
import { createTfjsEngine } from '../src/engine/stepEngines';
import { tfc as tf } from '../src/engine/tf';
import { loadModel, runLearner, trainDirect } from './helpers/training';

const learner = (model: string, settings = "learningRate: 0.05, epochs: 3") => `
import * as tf from '@tensorflow/tfjs';
export const experiment = {
  data: { kind: 'clusters', centers: [[1, 1], [5, 1], [3, -2]], perCluster: 50, blur: 1 },
  loss: 'crossEntropy', optimizer: 'sgd', batchSize: 'full', testFraction: 0.2, ${settings},
};
${model}`;

const sequential = (...layers: string[]) => `export function createModel() {
  return tf.sequential({ layers: [
    tf.layers.dense({ units: 64, inputShape: [2], activation: 'relu' }),
    ${layers.join(',\n    ')}${layers.length ? ',' : ''}
    tf.layers.dense({ units: 3 }),
  ] });
}`;

const EVALUATION_NOTE = /Train metrics each epoch come from a pass over the train split in evaluation mode .*\(dropout off, running batch-norm statistics\)/;

describe('train and eval modes', () => {
  describe('dropout', () => {
    it('is off in evaluation: at a learning rate of 1e-7 dropout 0.9 gives the test loss of no dropout, run after run', async () => {
      const tiny = "learningRate: 1e-7, epochs: 1";
      const runs = [];
      for (const source of [learner(sequential("tf.layers.dropout({ rate: 0.9 })"), tiny), learner(sequential(), tiny)]) {
        for (let repeat = 0; repeat < 2; repeat++) runs.push(await runLearner(source, 'cpu'));
      }
      const [reference] = runs.slice(2);
      for (const { result, epochs } of runs) {
        assert.ok(Math.abs(result.metrics.test!.loss - reference.result.metrics.test!.loss) < 1e-6, `${result.metrics.test!.loss} vs ${reference.result.metrics.test!.loss}`);
        assert.ok(Math.abs(epochs[0].test!.loss - reference.epochs[0].test!.loss) < 1e-6);
        assert.ok(Math.abs(epochs[0].train.loss - reference.epochs[0].train.loss) < 1e-6, 'the epoch\'s train metrics are evaluation-mode too');
      }
      assert.match(runs[0].started.warnings.join(' '), EVALUATION_NOTE);
      assert.doesNotMatch(runs[2].started.warnings.join(' '), EVALUATION_NOTE, 'a plain dense stack keeps the cheap train metrics');
    });

    it('is on in training: the same model learns differently with dropout than without', async () => {
      const withDropout = await runLearner(learner(sequential("tf.layers.dropout({ rate: 0.5 })")), 'cpu');
      const without = await runLearner(learner(sequential()), 'cpu');
      assert.notEqual(withDropout.result.metrics.test!.loss, without.result.metrics.test!.loss);
    });

    it('runs on the fast path too: off in evaluation, and its seeded masks make a run reproducible', async () => {
      const tiny = "learningRate: 1e-7, epochs: 1";
      const [first, second] = [await runLearner(learner(sequential("tf.layers.dropout({ rate: 0.9 })"), tiny)), await runLearner(learner(sequential("tf.layers.dropout({ rate: 0.9 })"), tiny))];
      const without = await runLearner(learner(sequential(), tiny));
      assert.equal(first.started.backend, 'fused');
      assert.match(first.started.warnings.join(' '), EVALUATION_NOTE);
      assert.ok(Math.abs(first.result.metrics.test!.loss - without.result.metrics.test!.loss) < 1e-6, `${first.result.metrics.test!.loss} vs ${without.result.metrics.test!.loss}`);
      const trained = [await runLearner(learner(sequential("tf.layers.dropout({ rate: 0.5 })")), 'fused'), await runLearner(learner(sequential("tf.layers.dropout({ rate: 0.5 })")), 'fused')];
      assert.equal(trained[0].result.metrics.test!.loss, trained[1].result.metrics.test!.loss, 'the same seed, the same masks');
      assert.notEqual(trained[0].result.metrics.test!.loss, without.result.metrics.test!.loss);
      assert.equal(second.result.metrics.test!.loss, first.result.metrics.test!.loss);
    });
  });

  describe('batch norm', () => {
    const source = `import * as tf from '@tensorflow/tfjs';
export function createModel() {
  return tf.sequential({ layers: [
    tf.layers.dense({ units: 3, inputShape: [2], kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
    tf.layers.batchNormalization({ momentum: 0.9 }),
    tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }),
  ] });
}`;
    const x = [[1, 2], [3, 5], [0, -1], [2, 2]];
    const y = new Float32Array([0, 1, 2, 1]);
    const column = (rows: number[][], j: number) => rows.map((row) => row[j]);
    /** The batch-norm layer's moving mean and variance (the only ones alive: each test disposes its model). */
    const movingStatistics = () => {
      const found = Object.values(tf.engine().registeredVariables).filter((v) => /moving_(mean|variance)$/.test(v.name));
      assert.equal(found.length, 2);
      return found.sort((a, b) => a.name.localeCompare(b.name));
    };
    const settings = { loss: 'crossEntropy', optimizer: 'sgd', learningRate: 0.1 } as const;
    const meanOf = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const denseOf = (rows: number[][], kernel: Float32Array, bias: Float32Array, units: number) =>
      rows.map((row) => Array.from({ length: units }, (_, u) => row.reduce((sum, value, k) => sum + value * kernel[k * units + u], bias[u])));

    it('training updates the running statistics with momentum 0.9 (PyTorch momentum 0.1) and the biased batch variance', async () => {
      const model = await loadModel(source, 2);
      const [k1, b1] = model.variables.slice(0, 2).map((v) => v.dataSync() as Float32Array);
      const hidden = denseOf(x, k1, b1, 3);
      const engine = createTfjsEngine(model, settings as never, 2);
      const moving = movingStatistics();
      assert.deepEqual(moving.map((v) => Array.from(v.dataSync())), [[0, 0, 0], [1, 1, 1]]);
      engine.trainEpoch(new Float32Array(x.flat()), y, 4, 1);
      const [movingMean, movingVariance] = moving.map((v) => Float32Array.from(v.dataSync() as Float32Array));
      for (let u = 0; u < 3; u++) {
        const values = column(hidden, u);
        const m = meanOf(values);
        const variance = meanOf(values.map((v) => (v - m) ** 2));
        assert.ok(Math.abs(movingMean[u] - 0.1 * m) < 1e-5, `mean ${movingMean[u]} vs ${0.1 * m}`);
        assert.ok(Math.abs(movingVariance[u] - (0.9 + 0.1 * variance)) < 1e-5, `variance ${movingVariance[u]} vs ${0.9 + 0.1 * variance}`);
      }
      // Evaluation leaves them alone.
      engine.evaluate(new Float32Array(x.flat()), y, 4);
      assert.deepEqual(Array.from(moving[0].dataSync()), Array.from(movingMean));
      model.dispose();
    });

    it('evaluation normalizes with the running statistics, training with the batch\'s', async () => {
      const model = await loadModel(source, 2);
      const engine = createTfjsEngine(model, settings as never, 2);
      for (let step = 0; step < 3; step++) engine.trainEpoch(new Float32Array(x.flat()), y, 4, 1);
      const [k1, b1, gamma, beta, k2, b2] = model.variables.map((v) => v.dataSync() as Float32Array);
      const [movingMean, movingVariance] = movingStatistics().map((v) => v.dataSync() as Float32Array);
      const hidden = denseOf(x, k1, b1, 3);
      const normalize = (mean: ArrayLike<number>, variance: ArrayLike<number>) =>
        hidden.map((row) => row.map((h, u) => gamma[u] * (h - mean[u]) / Math.sqrt(variance[u] + 1e-3) + beta[u]));
      const expectEqual = (actual: tf.Tensor, expected: number[][]) => {
        const values = actual.dataSync();
        expected.flat().forEach((value, i) => assert.ok(Math.abs(values[i] - value) < 1e-4, `${values[i]} vs ${value}`));
      };
      const input = tf.tensor2d(x);
      expectEqual(model.forward(input, false), denseOf(normalize(movingMean, movingVariance), k2, b2, 3));
      const batchMean = [0, 1, 2].map((u) => meanOf(column(hidden, u)));
      const batchVariance = [0, 1, 2].map((u) => meanOf(column(hidden, u).map((h) => (h - batchMean[u]) ** 2)));
      expectEqual(model.forward(input, true), denseOf(normalize(batchMean, batchVariance), k2, b2, 3));
      model.dispose();
    });

    it('trains in the trainer on the fast path as on tfjs, with evaluation-mode train metrics', async () => {
      const source = learner(sequential('tf.layers.batchNormalization()'), 'learningRate: 0.05, epochs: 20');
      const { started, result } = await runLearner(source);
      const onTfjs = await runLearner(source, 'cpu');
      assert.equal(started.backend, 'fused');
      for (const split of ['train', 'test'] as const) {
        const [a, e] = [result.metrics[split]!.loss, onTfjs.result.metrics[split]!.loss];
        assert.ok(Math.abs(a - e) <= 1e-3 * e, `${split} loss: fused ${a} vs tfjs ${e}`);
      }
      assert.match(started.warnings.join(' '), EVALUATION_NOTE);
      assert.ok(result.metrics.train.accuracy! > 0.5, JSON.stringify(result.metrics));
    });
  });

  describe('a class model', () => {
    const classModel = (fields: string, forward: string, settings?: string) => learner(`export class Model {
  ${fields}
  forward(x: tf.Tensor, training: boolean): tf.Tensor { ${forward} }
}`, settings);

    it('gets training = true in training steps and false in every evaluation', async () => {
      const { result, logs } = await runLearner(classModel(
        "hidden = tf.layers.dense({ units: 8, activation: 'relu' }); drop = tf.layers.dropout({ rate: 0.5 }); out = tf.layers.dense({ units: 3 });",
        "console.log(`mode ${training}`); return this.out.apply(this.drop.apply(this.hidden.apply(x))) as tf.Tensor;",
      ));
      const modes = logs.filter((line) => line.startsWith('mode ')).map((line) => line.slice(5));
      assert.deepEqual([...new Set(modes)].sort(), ['false', 'true']);
      assert.equal(modes.filter((m) => m === 'true').length, result.timings.steps, 'one training-mode pass per step');
      // Per epoch: the train and the test split; at the end: both again; before training: the probes.
      assert.ok(modes.filter((m) => m === 'false').length >= 2 * result.epochs + 2);
    });

    it('its layers follow the mode like PyTorch submodules; an explicit { training } wins', async () => {
      const model = await loadModel(`import * as tf from '@tensorflow/tfjs';
export class Model {
  dense = tf.layers.dense({ units: 200, kernelInitializer: 'ones', biasInitializer: 'ones' });
  drop = tf.layers.dropout({ rate: 0.5 });
  forward(x: tf.Tensor) { return this.drop.apply(this.dense.apply(x)) as tf.Tensor; }
}`, 2);
      const input = tf.tensor2d([[1, 1]]);
      const trained = Array.from(model.forward(input, true).dataSync());
      assert.ok(trained.every((v) => v === 0 || Math.abs(v - 6) < 1e-5), 'dropped units are 0, kept ones scaled by 1/(1-rate)');
      assert.ok(trained.some((v) => v === 0) && trained.some((v) => v !== 0));
      assert.ok(Array.from(model.forward(input, false).dataSync()).every((v) => Math.abs(v - 3) < 1e-5), 'no dropout in evaluation');
      const held = await loadModel(`import * as tf from '@tensorflow/tfjs';
export class Model {
  dense = tf.layers.dense({ units: 50, kernelInitializer: 'ones' });
  drop = tf.layers.dropout({ rate: 0.5 });
  forward(x: tf.Tensor) { return this.drop.apply(this.dense.apply(x), { training: false }) as tf.Tensor; }
}`, 2);
      assert.ok(Array.from(held.forward(input, true).dataSync()).every((v) => Math.abs(v - 2) < 1e-5));
      model.dispose();
      held.dispose();
    });

    it('tf.dropout behind `if (training)` keeps a dense class off the fast path, which would drop it', async () => {
      const { started } = await runLearner(classModel(
        "hidden = tf.layers.dense({ units: 8 }); out = tf.layers.dense({ units: 3 });",
        "let h = tf.relu(this.hidden.apply(x) as tf.Tensor); if (training) h = tf.dropout(h, 0.5); return this.out.apply(h) as tf.Tensor;",
      ));
      assert.notEqual(started.backend, 'fused');
      assert.match(started.backendReason, /does more than a dense stack after layer 1/);
      assert.match(started.warnings.join(' '), EVALUATION_NOTE);
    });

    it('tf.dropout without a mode makes evaluation random: the run says so', async () => {
      const { started } = await runLearner(classModel(
        "hidden = tf.layers.dense({ units: 8 }); out = tf.layers.dense({ units: 3 });",
        "return this.out.apply(tf.dropout(tf.relu(this.hidden.apply(x) as tf.Tensor), 0.5)) as tf.Tensor;",
      ));
      assert.match(started.warnings.join(' '), /different outputs for the same input in evaluation mode .*`training \? tf\.dropout\(x, rate\) : x`/);
    });

    it('a dense chain class still takes the fast path, with the cheap train metrics', async () => {
      const { started } = await runLearner(classModel(
        "hidden = tf.layers.dense({ units: 8 }); out = tf.layers.dense({ units: 3 });",
        "return this.out.apply(tf.relu(this.hidden.apply(x) as tf.Tensor)) as tf.Tensor;",
      ));
      assert.equal(started.backend, 'fused');
      assert.doesNotMatch(started.warnings.join(' '), EVALUATION_NOTE);
    });
  });

  it('a plain dense stack on tfjs keeps the cheap train metrics: the steps\' own outputs, before each update', async () => {
    const source = `export function createModel() {
  return tf.sequential({ layers: [
    tf.layers.dense({ units: 4, inputShape: [2], activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
    tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
  ] });
}`;
    const one = await trainDirect(source, { epochs: 1, learningRate: 0.5 });
    const two = await trainDirect(source, { epochs: 2, learningRate: 0.5 });
    assert.equal(one.engine.stepOutputsMatchEvaluation, true);
    const afterFirst = one.engine.evaluate(one.split.train.x, one.split.train.y, one.split.train.rows).loss;
    assert.ok(Math.abs(one.epochs[0].train.loss - afterFirst) > 1e-3, 'epoch 1 reports the loss before its update');
    assert.ok(Math.abs(two.epochs[1].train.loss - afterFirst) < 1e-6, 'epoch 2 reports the loss at the weights epoch 1 left');
    one.model.dispose();
    two.model.dispose();
  });
});
