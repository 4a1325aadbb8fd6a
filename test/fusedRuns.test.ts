// Whole runs of the second half's models through the trainer core: which path they take, the notes,
// and the host's verifier rebuilding what the fast path trained (dropout is the identity in evaluation,
// leaky ReLU's slope travels with the report; batch norm is beyond the verifier's dense chain).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { TFJS_ACTIVATIONS } from '../src/engine/model';
import { FUSED_ACTIVATIONS } from '../src/engine/fused/support';
import { loadExercise } from '../src/engine/pack';
import type { RunResult, TrainedModelReport } from '../src/engine/results';
import { verifyRun } from '../src/engine/verify';
import { createTrainerCore } from '../src/trainer/core';
import type { RunStarted, TrainerToHost } from '../src/trainer/protocol';
import { exerciseDir, learnerFile, QWERTY_LEARNER } from './helpers/fixtures';

const withModel = (layers: string, settings = '') => QWERTY_LEARNER
  .replace(/export function createModel\(\) \{[\s\S]*$/, `export function createModel() {\n  return tf.sequential({ layers: [\n    ${layers}\n  ] });\n}\n`)
  .replace('epochs: 30,', `epochs: 20, ${settings}`);

async function run(source: string) {
  const messages: TrainerToHost[] = [];
  const start = performance.now();
  const file = learnerFile(source);
  const core = createTrainerCore({ send: (m) => messages.push(m), now: () => performance.now() - start });
  await core.handle({ type: 'run', request: { exerciseDir: exerciseDir('many-qwerties'), learnerFile: file, backend: 'auto' } });
  const last = messages[messages.length - 1];
  assert.equal(last.type, 'finished', JSON.stringify(last));
  const { result, trained } = last as { result: RunResult; trained: TrainedModelReport };
  const started = (messages[0] as { run: RunStarted }).run;
  const verified = verifyRun({ exercise: loadExercise(exerciseDir('many-qwerties')), learnerSource: fs.readFileSync(file, 'utf8'), request: {}, reported: result, trained });
  return { started, result, trained, verified };
}

describe('second-half models through the trainer', () => {
  it('leaky ReLU + dropout + weightDecay: the fast path, one slope note, and a verified result', async () => {
    const { started, trained, verified } = await run(withModel(
      "tf.layers.dense({ units: 16, inputShape: [2] }), tf.layers.leakyReLU({ alpha: 0.01 }), tf.layers.dropout({ rate: 0.3 }), tf.layers.dense({ units: 3 }),",
      'weightDecay: 0.001,'));
    assert.equal(started.backend, 'fused', started.backendReason);
    assert.equal(started.warnings.filter((w) => /Leaky ReLU ran with slope 0\.01/.test(w)).length, 1);
    assert.ok('layers' in trained && trained.layers[0].activation === 'leakyRelu' && trained.layers[0].alpha === 0.01);
    assert.equal(verified.verification.state, 'verified', verified.verification.reason);
  });

  it('batch norm: the fast path; the verifier says it cannot rebuild it (unverified, with the reason)', async () => {
    const { started, verified } = await run(withModel(
      "tf.layers.dense({ units: 8, inputShape: [2], activation: 'relu' }), tf.layers.batchNormalization({ momentum: 0.9 }), tf.layers.dense({ units: 3 }),"));
    assert.equal(started.backend, 'fused', started.backendReason);
    assert.equal(started.warnings.filter((w) => /Batch norm ran with momentum 0\.9 \(PyTorch's momentum=0\.1\) and epsilon 0\.001\. Keras's convention/.test(w)).length, 1);
    assert.equal(verified.verification.state, 'unverified');
    assert.match(verified.verification.reason, /layer 1 is followed by batch normalization/);
  });

  it('every activation tfjs names trains on some path; the fast path takes its own and says why not for the others', async () => {
    for (const activation of TFJS_ACTIVATIONS) {
      const { started, result } = await run(withModel(`tf.layers.dense({ units: 6, inputShape: [2], activation: '${activation}' }), tf.layers.dense({ units: 3 }),`).replace('epochs: 20', 'epochs: 2'));
      assert.ok(Number.isFinite(result.metrics.train.loss), `${activation}: ${result.metrics.train.loss}`);
      if (FUSED_ACTIVATIONS.includes(activation)) assert.equal(started.backend, 'fused', `${activation}: ${started.backendReason}`);
      else assert.match(started.backendReason, new RegExp(`the fast path is off because layer 1 uses the ${activation} activation`));
    }
  });

  it('a class applying tf.elu between its Dense layers is traced onto the fast path', async () => {
    const source = QWERTY_LEARNER.replace(/export function createModel\(\) \{[\s\S]*$/, `export class Model {
  hidden = tf.layers.dense({ units: 6 });
  out = tf.layers.dense({ units: 3 });
  forward(x: tf.Tensor) { return this.out.apply(tf.elu(this.hidden.apply(x) as tf.Tensor)) as tf.Tensor; }
}`);
    const { started, verified } = await run(source);
    assert.equal(started.backend, 'fused', started.backendReason);
    assert.equal(verified.verification.state, 'verified', verified.verification.reason);
  });

  // A subclass keeps its parent's class name, so only its prototype tells it from tfjs's Dense.
  const subclassed = (call: string) => QWERTY_LEARNER.replace(/export function createModel\(\) \{[\s\S]*$/, `const Dense = tf.layers.dense({ units: 1 }).constructor as any;
class MyDense extends Dense {
  call(inputs: any, kwargs: any) {
    ${call}
  }
}
export function createModel() {
  return tf.sequential({ layers: [new MyDense({ units: 8, inputShape: [2], activation: 'relu' }), tf.layers.dense({ units: 3 })] });
}
`).replace('epochs: 30,', 'epochs: 2,');

  it("a learner's Dense subclass that branches on the mode is caught in training mode and trains on tfjs", async () => {
    const { started } = await run(subclassed('const out = super.call(inputs, kwargs);\n    return kwargs?.training ? tf.add(out, 1) : out;'));
    assert.notEqual(started.backend, 'fused');
    assert.match(started.backendReason, /its forward pass does not match the model on the data/);
  });

  it("a learner's Dense subclass that does not branch agrees in both modes and takes the fast path", async () => {
    const { started, verified } = await run(subclassed('return super.call(inputs, kwargs);'));
    assert.equal(started.backend, 'fused', started.backendReason);
    assert.equal(verified.verification.state, 'verified', verified.verification.reason);
  });
});
