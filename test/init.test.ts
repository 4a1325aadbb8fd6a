// Initial weights: tfjs's initializers on every path (the fused one starts from the tfjs model's own
// weights), and `init: 'pytorch'`, torch.nn.Linear's default, re-drawn from the seed.
import * as assert from 'node:assert/strict';
import { DlxError } from '../src/engine/errors';
import { initializeLikePytorch, torchLinearBound } from '../src/engine/init';
import { expandSweep, parseSweepSpec } from '../src/engine/sweep';
import { Validator } from '../src/engine/validate';
import { loadModel, runLearner, valuesOf } from './helpers/training';

const learner = (layers: string, settings = '') => `import * as tf from '@tensorflow/tfjs';
export const experiment = {
  data: { kind: 'clusters', centers: [[1, 1], [5, 1], [3, -2]], perCluster: 20, blur: 1 },
  loss: 'crossEntropy', optimizer: 'sgd', learningRate: 0.05, batchSize: 'full', epochs: 20, ${settings}
};
export function createModel() { return tf.sequential({ layers: [${layers}] }); }`;
const STACK = (init = '') => `tf.layers.dense({ units: 16, inputShape: [2], activation: 'relu'${init} }), tf.layers.dense({ units: 3${init} })`;

describe('initializers: tfjs initializers on the fused path and on tfjs', () => {
  it('zeros everywhere: the first epoch\'s loss is ln 3 = 1.098612 on both paths (all logits 0)', async () => {
    for (const backend of ['fused', 'cpu'] as const) {
      const run = await runLearner(learner(STACK(", kernelInitializer: 'zeros'")), backend);
      assert.equal(run.result.backend, backend);
      assert.ok(Math.abs(run.epochs[0].train.loss - Math.log(3)) < 1e-6, `${backend}: ${run.epochs[0].train.loss}`);
    }
  });

  for (const initializer of ["'heNormal'", "'heUniform'", "'glorotNormal'", "'leCunNormal'", "'leCunUniform'", 'tf.initializers.constant({ value: 0.1 })']) {
    it(`${initializer}: the fast path trains from the same start as tfjs, to the same loss`, async () => {
      const source = learner(STACK(`, kernelInitializer: ${initializer}, biasInitializer: tf.initializers.constant({ value: 0.05 })`));
      const [fused, cpu] = [await runLearner(source, 'fused'), await runLearner(source, 'cpu')];
      assert.equal(fused.result.backend, 'fused', fused.result.backendReason);
      assert.ok(Math.abs(fused.epochs[0].train.loss - cpu.epochs[0].train.loss) < 1e-5, `first epoch ${fused.epochs[0].train.loss} vs ${cpu.epochs[0].train.loss}`);
      const [a, b] = [fused.result.metrics.train.loss, cpu.result.metrics.train.loss];
      assert.ok(Math.abs(a - b) < 1e-4 * (1 + Math.abs(b)), `final ${a} vs ${b}`);
    });
  }
});

describe("initializers: init: 'pytorch'", () => {
  it('the bound of kaiming_uniform(a = sqrt(5)) is 1/sqrt(fan_in): gain sqrt(2/6) * sqrt(3/fan_in); fan_in 4 -> 0.5', () => {
    assert.equal(torchLinearBound(4), 0.5);
    for (const fanIn of [1, 2, 16, 100]) assert.ok(Math.abs(Math.sqrt(2 / (1 + 5)) * Math.sqrt(3 / fanIn) - torchLinearBound(fanIn)) < 1e-12);
  });

  it('weights and biases of each Dense layer uniform in +-1/sqrt(fan_in), seeded', async () => {
    const drawn = async (seed: number) => {
      const model = await loadModel(learner(STACK()), 2);
      const notes = initializeLikePytorch(model, seed);
      return { values: valuesOf(model), notes };
    };
    const { values, notes } = await drawn(1);
    assert.deepEqual(values.map((v) => v.length), [32, 16, 48, 3]);
    const bounds = [1 / Math.sqrt(2), 1 / Math.sqrt(2), 0.25, 0.25];
    values.forEach((v, i) => {
      const largest = Math.max(...Array.from(v, Math.abs));
      assert.ok(largest <= bounds[i] && largest > 0.5 * bounds[i], `variable ${i}: max |w| ${largest}, bound ${bounds[i]}`);
    });
    assert.ok(values[1].some((b) => b !== 0), 'biases are drawn too, not zero as in tfjs');
    assert.match(notes[0], /2 Dense layers start as torch\.nn\.Linear does/);
    assert.deepEqual((await drawn(1)).values, values);
    assert.notDeepEqual((await drawn(2)).values, values);
  });

  it('a layer with its own initializer keeps it; the run says what was re-drawn; fused and tfjs agree', async () => {
    const source = learner(`tf.layers.dense({ units: 16, inputShape: [2], activation: 'relu' }), tf.layers.dense({ units: 3, kernelInitializer: 'zeros' })`, "init: 'pytorch',");
    const [fused, cpu] = [await runLearner(source, 'fused'), await runLearner(source, 'cpu')];
    assert.equal(fused.result.backend, 'fused');
    const warnings = fused.started.warnings.join(' ');
    assert.match(warnings, /1 Dense layer starts as torch\.nn\.Linear does/);
    assert.match(warnings, /left 1 Dense layer with its own kernelInitializer or biasInitializer/);
    // The output layer's zero kernel makes every logit its bias: not ln 3 unless the biases stayed 0.
    assert.ok(Math.abs(cpu.epochs[0].train.loss - Math.log(3)) < 1e-6, 'the zero-kernel layer kept zeros (tfjs bias 0)');
    assert.ok(Math.abs(fused.result.metrics.train.loss - cpu.result.metrics.train.loss) < 1e-4);
    const plain = await runLearner(source.replace("init: 'pytorch',", ''), 'cpu');
    assert.notEqual(plain.result.metrics.train.loss, cpu.result.metrics.train.loss, 'the first layer was re-drawn');
  });

  it('a class model: re-drawn on the fast path as on tfjs, the same run on both', async () => {
    const source = `import * as tf from '@tensorflow/tfjs';
export const experiment = {
  data: { kind: 'clusters', centers: [[1, 1], [5, 1], [3, -2]], perCluster: 20, blur: 1 },
  loss: 'crossEntropy', optimizer: 'sgd', learningRate: 0.05, batchSize: 'full', epochs: 20, init: 'pytorch',
};
export class Model {
  hidden = tf.layers.dense({ units: 8, activation: 'relu' });
  out = tf.layers.dense({ units: 3 });
  forward(x: tf.Tensor) { return this.out.apply(this.hidden.apply(x)) as tf.Tensor; }
}`;
    const [fused, cpu] = [await runLearner(source, 'fused'), await runLearner(source, 'cpu')];
    assert.equal(fused.result.backend, 'fused', fused.result.backendReason);
    assert.match(fused.started.warnings.join(' '), /2 Dense layers start as torch\.nn\.Linear does/);
    // (A class on tfjs reports each epoch's train loss after its steps, the fast path before: compare the ends.)
    assert.ok(Math.abs(fused.result.metrics.train.loss - cpu.result.metrics.train.loss) < 1e-4);
    const plain = await runLearner(source.replace(" init: 'pytorch',", ''), 'cpu');
    assert.ok(Math.abs(plain.result.metrics.train.loss - cpu.result.metrics.train.loss) > 1e-3, 'the layers were re-drawn');
  });

  it('a model without Dense layers is an error, not a silent tfjs start', async () => {
    const model = await loadModel(`import * as tf from '@tensorflow/tfjs';
export class Model { w = tf.variable(tf.zeros([2, 3])); forward(x: tf.Tensor) { return tf.matMul(x, this.w); } }`, 2);
    assert.throws(() => initializeLikePytorch(model, 1), (e: DlxError) => e.kind === 'settings' && /your model has no Dense layer/.test(e.message));
  });

  it('a class: its Dense layers re-drawn, a raw tf.variable named as kept', async () => {
    const model = await loadModel(`import * as tf from '@tensorflow/tfjs';
export class Model { dense = tf.layers.dense({ units: 3 }); scale = tf.variable(tf.ones([1, 3])); forward(x: tf.Tensor) { return tf.mul(this.dense.apply(x) as tf.Tensor, this.scale); } }`, 2);
    const notes = initializeLikePytorch(model, 1).join(' ');
    assert.match(notes, /1 Dense layer starts as torch\.nn\.Linear does/);
    assert.match(notes, /1 variable created outside a layer keeps its own initialization/);
  });
});

describe("initializers: a sweep over init", () => {
  it("init is an experiment setting of the sweep, its values validated when the sweep is read", () => {
    const v = new Validator('model.ts', 'settings');
    const plan = expandSweep({ vary: parseSweepSpec({ vary: { init: ['tfjs', 'pytorch'] } }, 'sweep', v).vary!, repeats: 1, outcome: 'accuracy' }, { baseSeed: 1 });
    assert.deepEqual(plan.runs.map((r) => r.overrides), [{ init: 'tfjs' }, { init: 'pytorch' }]);
    assert.throws(() => parseSweepSpec({ vary: { init: ['xavier'] } }, 'sweep', v), /init must be one of "tfjs", "pytorch", got "xavier"/);
  });
});
