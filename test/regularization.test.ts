// Weight regularization: the experiment's weightDecay (PyTorch's weight_decay) and l1 (the course's
// L1 term), and the layers' own kernelRegularizer / biasRegularizer / constraints, on the tfjs path.
import * as assert from 'node:assert/strict';
import { trainingPenalty } from '../src/engine/losses';
import type { ExperimentSettings } from '../src/engine/settings';
import { createTfjsEngine } from '../src/engine/stepEngines';
import { tfc as tf } from '../src/engine/tf';
import { loadModel, runLearner, trainDirect, valuesOf } from './helpers/training';
import { QWERTY_LEARNER } from './helpers/fixtures';

/** One unit on two inputs, w = [0.5, 0.5], b = 1, and layer options. */
const unit = (options = '') => `import * as tf from '@tensorflow/tfjs';
export function createModel() {
  return tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2],
    kernelInitializer: tf.initializers.constant({ value: 0.5 }), biasInitializer: tf.initializers.constant({ value: 1 }) ${options} })] });
}`;

/**
 * One full-batch SGD step on x = [[1, 0], [0, 1]], y = [1, 0] with mse. By hand: outputs [1.5, 1.5],
 * residuals [0.5, 1.5], data loss (0.25 + 2.25) / 2 = 1.25, gradients dL/dw = [0.5, 1.5], dL/db = 2.
 */
async function oneStep(options: string, settings: Partial<ExperimentSettings>) {
  const model = await loadModel(unit(options), 2);
  const engine = createTfjsEngine(model, { loss: 'mse', optimizer: 'sgd', learningRate: 0.1, ...settings } as ExperimentSettings, 2);
  const outcome = engine.trainEpoch(new Float32Array([1, 0, 0, 1]), new Float32Array([1, 0]), 2, 1);
  const [kernel, bias] = valuesOf(model);
  model.dispose();
  return { loss: outcome.losses[0], penalty: outcome.penalties?.[0], kernel: Array.from(kernel), bias: bias[0] };
}

const close = (actual: number | number[] | undefined, expected: number | number[], what: string) => {
  const [a, e] = [[actual].flat(), [expected].flat()];
  assert.equal(a.length, e.length, what);
  e.forEach((value, i) => assert.ok(Math.abs((a[i] as number) - value) < 1e-6, `${what}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`));
};

const QWERTY_MODEL = (options = '') => `export function createModel() {
  return tf.sequential({ layers: [
    tf.layers.dense({ units: 4, inputShape: [2], activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) ${options} }),
    tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
  ] });
}`;
const norm = (values: Float32Array[]) => Math.sqrt(values.reduce((sum, v) => sum + v.reduce((a, b) => a + b * b, 0), 0));
const kernelsOf = (values: Float32Array[]) => [values[0], values[2]].flatMap((v) => Array.from(v));

describe('weight regularization', () => {
  describe('one step, by hand', () => {
    it('no penalty: w - lr * g, and no penalty is reported', async () => {
      const step = await oneStep('', {});
      close(step.loss, 1.25, 'loss');
      close(step.kernel, [0.45, 0.35], 'kernel');
      close(step.bias, 0.8, 'bias');
      assert.equal(step.penalty, undefined);
    });

    it('weightDecay: w - lr * (g + lambda * w), biases too (PyTorch\'s SGD weight_decay)', async () => {
      const step = await oneStep('', { weightDecay: 0.2 });
      close(step.kernel, [0.5 - 0.1 * (0.5 + 0.2 * 0.5), 0.5 - 0.1 * (1.5 + 0.2 * 0.5)], 'kernel');
      close(step.bias, 1 - 0.1 * (2 + 0.2 * 1), 'bias');
      close(step.loss, 1.25, 'the reported loss is the data loss');
      close(step.penalty, (0.2 / 2) * (0.25 + 0.25 + 1), 'penalty lambda/2 * sum(w^2)');
    });

    it('l1: loss + l1 * sum|W| / (number of weights), biases excluded (the course\'s form)', async () => {
      const step = await oneStep('', { l1: 0.4 });
      close(step.penalty, (0.4 * (0.5 + 0.5)) / 2, 'penalty');
      close(step.kernel, [0.5 - 0.1 * (0.5 + 0.4 / 2), 0.5 - 0.1 * (1.5 + 0.4 / 2)], 'kernel: gradient l1 * sign(w) / 2');
      close(step.bias, 1 - 0.1 * 2, 'bias: no l1 term');
      close(step.loss, 1.25, 'loss');
    });

    it('kernelRegularizer l2 and biasRegularizer l1 (tfjs\'s own terms, without a 1/2)', async () => {
      const step = await oneStep(', kernelRegularizer: tf.regularizers.l2({ l2: 0.5 }), biasRegularizer: tf.regularizers.l1({ l1: 0.3 })', {});
      close(step.penalty, 0.5 * (0.25 + 0.25) + 0.3 * 1, 'penalty');
      close(step.kernel, [0.5 - 0.1 * (0.5 + 2 * 0.5 * 0.5), 0.5 - 0.1 * (1.5 + 2 * 0.5 * 0.5)], 'kernel');
      close(step.bias, 1 - 0.1 * (2 + 0.3), 'bias');
    });

    it('kernelConstraint: the weights are projected after the step (nonNeg)', async () => {
      const step = await oneStep(', kernelConstraint: tf.constraints.nonNeg()', { learningRate: 0.5 });
      close(step.kernel, [0.25, 0], 'kernel: 0.5 - 0.5 * 1.5 < 0 is projected to 0');
      close(step.bias, 0, 'bias');
    });
  });

  describe('over a training run', () => {
    it('a weight decay of 1 gives visibly smaller weights and another loss than 0', async () => {
      const plain = await trainDirect(QWERTY_MODEL(), { epochs: 300 });
      const decayed = await trainDirect(QWERTY_MODEL(), { epochs: 300, weightDecay: 1 });
      const [plainNorm, decayedNorm] = [norm(valuesOf(plain.model)), norm(valuesOf(decayed.model))];
      assert.ok(decayedNorm < plainNorm / 5, `weight norms: ${decayedNorm} with decay, ${plainNorm} without`);
      assert.ok(Math.abs(decayed.epochs.at(-1)!.train.loss - plain.epochs.at(-1)!.train.loss) > 0.05);
      assert.ok(decayed.epochs.every((e) => e.train.penalty! > 0) && plain.epochs.every((e) => e.train.penalty === undefined));
      plain.model.dispose();
      decayed.model.dispose();
    });

    it('l1 (course form) drives the weights to near zero', async () => {
      const plain = await trainDirect(QWERTY_MODEL(), { epochs: 300 });
      const sparse = await trainDirect(QWERTY_MODEL(), { epochs: 300, l1: 5 });
      const largest = (values: Float32Array[]) => Math.max(...kernelsOf(values).map(Math.abs));
      assert.ok(largest(valuesOf(sparse.model)) < 0.05, `largest |w| with l1: ${largest(valuesOf(sparse.model))}`);
      assert.ok(largest(valuesOf(plain.model)) > 0.5);
      plain.model.dispose();
      sparse.model.dispose();
    });

    it('a class model\'s layer regularizers count too', async () => {
      const model = await loadModel(`import * as tf from '@tensorflow/tfjs';
export class Model {
  layers = [tf.layers.dense({ units: 2, kernelInitializer: 'ones', kernelRegularizer: tf.regularizers.l1({ l1: 0.25 }) })];
  forward(x: tf.Tensor) { return this.layers[0].apply(x) as tf.Tensor; }
}`, 2);
      const penalty = trainingPenalty(model, {})!;
      close(tf.tidy(() => penalty().dataSync()[0]), 0.25 * 4, 'penalty of a 2x2 kernel of ones');
      assert.deepEqual(model.nonBiasVariables.map((v) => v.shape), [[2, 2]]);
      model.dispose();
    });

    it('l1 on a model whose variables are all biases is refused, not divided by zero', async () => {
      const bias = tf.variable(tf.zeros([3]));
      assert.throws(() => trainingPenalty({ variables: [bias], nonBiasVariables: [], layerPenalties: [] }, { l1: 0.1 }), /"l1" penalises weights, but every variable of this model is a bias/);
      bias.dispose();
    });
  });

  describe('in the trainer', () => {
    const learner = (settings: string, options = '') => QWERTY_LEARNER.replace(/export function createModel\(\) \{[\s\S]*$/, QWERTY_MODEL(options)).replace('epochs: 30,', `epochs: 200, ${settings}`);

    /**
     * The fast path and tfjs (cpu) from the same start: the same penalties epoch by epoch and the same final
     * metrics (a class's epoch train loss comes from an evaluation pass on tfjs, from the steps on the fast path).
     */
    const sameOnBothPaths = (fused: Awaited<ReturnType<typeof runLearner>>, tfjs: Awaited<ReturnType<typeof runLearner>>) => {
      const near = (a: number, e: number, what: string) => assert.ok(Math.abs(a - e) <= 1e-3 * Math.abs(e) + 1e-6, `${what}: ${a} vs ${e}`);
      assert.equal(fused.started.backend, 'fused');
      assert.equal(tfjs.started.backend, 'cpu');
      assert.equal(fused.epochs.length, tfjs.epochs.length);
      fused.epochs.forEach((e, i) => near(e.train.penalty!, tfjs.epochs[i].train.penalty!, `epoch ${i + 1} penalty`));
      near(fused.result.metrics.train.loss, tfjs.result.metrics.train.loss, 'final train loss');
    };

    it('kernelRegularizer l2({ l2: 100 }) changes the result, runs on the fast path as on tfjs, and reports its penalty apart', async () => {
      const slow = (source: string) => source.replace('learningRate: 0.05', 'learningRate: 0.001');
      const plain = await runLearner(slow(learner('')));
      const regularized = await runLearner(slow(learner('', ', kernelRegularizer: tf.regularizers.l2({ l2: 100 })')));
      assert.equal(regularized.result.status, 'completed');
      assert.equal(plain.started.backend, 'fused');
      sameOnBothPaths(regularized, await runLearner(slow(learner('', ', kernelRegularizer: tf.regularizers.l2({ l2: 100 })')), 'cpu'));
      assert.ok(Math.abs(regularized.result.metrics.train.loss - plain.result.metrics.train.loss) > 0.05, `${regularized.result.metrics.train.loss} vs ${plain.result.metrics.train.loss}`);
      assert.ok(regularized.epochs.every((e) => e.train.penalty! > 0));
      assert.match(regularized.started.warnings.join(' '), /train loss is the data loss alone; what weightDecay, l1 and layer regularizers add .* reported apart/);
    });

    for (const setting of ['weightDecay: 0.01', 'l1: 0.01']) {
      it(`${setting} runs on the fast path with the same losses and penalties as on tfjs`, async () => {
        const fused = await runLearner(learner(`${setting},`));
        sameOnBothPaths(fused, await runLearner(learner(`${setting},`), 'cpu'));
        assert.ok(fused.epochs.every((e) => e.train.penalty! > 0));
      });
    }

    it('a dense class with a kernelRegularizer runs on the fast path, as on tfjs', async () => {
      const source = QWERTY_LEARNER.replace(/export function createModel\(\) \{[\s\S]*$/, `export class Model {
  hidden = tf.layers.dense({ units: 4, kernelRegularizer: tf.regularizers.l2({ l2: 0.1 }) });
  out = tf.layers.dense({ units: 3 });
  forward(x: tf.Tensor) { return this.out.apply(tf.relu(this.hidden.apply(x) as tf.Tensor)) as tf.Tensor; }
}`);
      sameOnBothPaths(await runLearner(source), await runLearner(source, 'cpu'));
    });
  });
});
