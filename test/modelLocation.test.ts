// Model errors found after the learner's code returned (no stack frame in it) still point at
// their place in the learner file: the inputShape, the last layer, forward(x), the definition.
import * as assert from 'node:assert/strict';
import { DlxError } from '../src/engine/errors';
import { loadLearnerFile } from '../src/engine/learner';
import { instantiateModel } from '../src/engine/model';
import { createTrainerCore } from '../src/trainer/core';
import type { TrainerToHost } from '../src/trainer/protocol';
import { exerciseDir, learnerFile, QWERTY_LEARNER } from './helpers/fixtures';

const quiet = { log: () => undefined };

async function modelError(source: string, featureCount = 2): Promise<{ error: DlxError; file: string }> {
  const file = learnerFile(source);
  const module = await loadLearnerFile(file, quiet);
  try {
    instantiateModel(module, featureCount).dispose();
  } catch (error) {
    assert.ok(error instanceof DlxError, `expected a DlxError, got ${error}`);
    return { error, file };
  }
  assert.fail('expected the model to be rejected');
}

const lines = (...body: string[]) => ["import * as tf from '@tensorflow/tfjs';", '// createModel() builds the model', ...body].join('\n');

describe('model errors carry their place in the learner file', () => {
  it('an input shape that does not fit the data points at inputShape in createModel', async () => {
    const { error, file } = await modelError(lines(
      'export function createModel() {',
      '  return tf.sequential({',
      '    layers: [',
      '      tf.layers.dense({ units: 4, inputShape: [3], activation: "relu" }),',
      '      tf.layers.dense({ units: 1 }),',
      '    ],',
      '  });',
      '}',
      'export const inputShape = [2];',
    ));
    assert.equal(error.kind, 'shape');
    assert.match(error.message, /set `inputShape: \[2\]` on the first layer/);
    assert.deepEqual(error.details.location, { file, line: 6, column: 35 });
  });

  it('without an inputShape in createModel it points at its first layer', async () => {
    const { error, file } = await modelError(lines(
      'const first = { units: 1, inputShape: [7] };',
      'export function createModel() {',
      '  return tf.sequential({ layers: [tf.layers.dense(first)] });',
      '}',
    ));
    assert.deepEqual(error.details.location, { file, line: 5, column: 35 });
  });

  it('forward(x) returning the wrong thing points at forward in class Model', async () => {
    const { error, file } = await modelError(lines(
      'export class Model {',
      '  dense = tf.layers.dense({ units: 1 });',
      '  forward(x: tf.Tensor) {',
      '    this.dense.apply(x);',
      '  }',
      '}',
    ));
    assert.equal(error.kind, 'exports');
    assert.match(error.message, /forward\(x\) returned undefined/);
    assert.deepEqual(error.details.location, { file, line: 5, column: 3 });
  });

  it('createModel returning something else points at createModel', async () => {
    const { error, file } = await modelError(lines('export function createModel() {', '  return 42;', '}'));
    assert.match(error.message, /createModel\(\) returned a number/);
    assert.deepEqual(error.details.location, { file, line: 3, column: 8 });
  });

  it('an output layer that does not fit the loss points at the last layer (found by the trainer, after the model is built)', async () => {
    const source = QWERTY_LEARNER.replace('tf.layers.dense({ units: 3 }),', 'tf.layers.dense({ units: 2 }),');
    const file = learnerFile(source);
    const messages: TrainerToHost[] = [];
    await createTrainerCore({ send: (message) => messages.push(message), now: () => 0 }).handle({ type: 'run', request: { exerciseDir: exerciseDir('many-qwerties'), learnerFile: file, backend: 'auto' } });
    const last = messages[messages.length - 1];
    assert.equal(last.type, 'failed', JSON.stringify(last));
    if (last.type !== 'failed') return;
    assert.match(last.error.message, /the last layer needs 3 units/);
    const line = source.split('\n').findIndex((text) => text.includes('units: 2'));
    assert.equal(last.error.location?.file, file);
    assert.equal(last.error.location?.line, line + 1);
  });
});
