import * as assert from 'node:assert/strict';
import { DlxError } from '../src/engine/errors';
import { loadLearnerFile } from '../src/engine/learner';
import { learnerFile, QWERTY_LEARNER } from './helpers/fixtures';

const quiet = { log: () => undefined };
const load = (content: string) => loadLearnerFile(learnerFile(content), quiet);
async function rejects(content: string, kind: string, pattern: RegExp): Promise<DlxError> {
  try {
    await load(content);
  } catch (error) {
    assert.ok(error instanceof DlxError, `expected a DlxError, got ${error}`);
    assert.equal(error.kind, kind, error.message);
    assert.match(error.message, pattern);
    return error;
  }
  assert.fail('expected the learner file to be rejected');
}

describe('learner files', () => {
  it('loads both model styles and the settings', async () => {
    const layers = await load(QWERTY_LEARNER);
    assert.equal(typeof layers.createModel, 'function');
    assert.equal(layers.experiment.loss, 'crossEntropy');
    const cls = await load(`import * as tf from '@tensorflow/tfjs';
      export class Model { dense = tf.layers.dense({ units: 1 }); forward(x: tf.Tensor) { return this.dense.apply(x) as tf.Tensor; } }`);
    assert.equal(typeof cls.ModelClass, 'function');
    assert.deepEqual(cls.experiment, {});
  });

  it('a syntax error points at file, line and column', async () => {
    const error = await rejects('export const experiment = {\n  epochs: 10,\n  loss: \'mse\'\n  seed: 1,\n};\n', 'syntax', /^Expected "}" but found "seed"$/);
    assert.deepEqual({ line: error.details.location!.line, column: error.details.location!.column }, { line: 4, column: 3 });
  });

  it('missing exports list what is expected; a near miss is named', async () => {
    await rejects('export const experiment = {};', 'exports', /no model export found\. It exports `experiment`\. Expected: `export const experiment/);
    await rejects('export function createmodel() {}', 'exports', /`createmodel` is not a name the trainer looks for \(did you mean `createModel` or `Model`\?\)/);
    await rejects('export const Model = () => 1;', 'exports', /`Model` is a function, not a class/);
    await rejects('export function createModel() {}\nexport class Model {}', 'exports', /either `createModel` or `Model`, not both/);
  });

  it('a runtime error while loading maps to the learner line', async () => {
    const error = await rejects('const x: any = undefined;\n\nconst y = x.field;\nexport function createModel() { return y; }', 'runtime', /failed while loading the file: TypeError: Cannot read properties of undefined/);
    assert.equal(error.details.location!.line, 3);
  });

  it('only tfjs can be imported, and the import line is named', async () => {
    const error = await rejects("import * as fs from 'node:fs';\nexport function createModel() { return fs; }", 'exports', /can import only "@tensorflow\/tfjs"; this one imports "node:fs"/);
    assert.equal(error.details.location?.line, 1);
  });

  it('settings are validated before training, with allowed values', async () => {
    await rejects("export const experiment = { loss: 'categorical' };\nexport function createModel() {}", 'settings', /experiment\.loss must be one of "crossEntropy", "binaryCrossEntropy", "binaryCrossEntropyWithLogits", "mse", got "categorical"/);
    await rejects('export const experiment = { learningRate: 50 };\nexport function createModel() {}', 'settings', /experiment\.learningRate must be at most 10, got 50/);
    await rejects('export const experiment = { epochs: 2.5 };\nexport function createModel() {}', 'settings', /experiment\.epochs must be a whole number/);
  });
});
