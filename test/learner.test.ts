import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DlxError } from '../src/engine/errors';
import { loadLearnerFile } from '../src/engine/learner';
import { startTrainer } from '../src/host/trainerProcess';
import { exerciseDir, learnerFile, QWERTY_LEARNER, REPO, tempDir } from './helpers/fixtures';

const quiet = { log: () => undefined };
const load = (content: string) => loadLearnerFile(learnerFile(content), quiet);
/** A learner file `model.ts` next to the given helper files. */
const withHelpers = (content: string, helpers: Record<string, string>) => path.join(tempDir({ 'model.ts': content, ...helpers }), 'model.ts');
async function rejects(content: string, kind: string, pattern: RegExp): Promise<DlxError> {
  return rejectsFile(learnerFile(content), kind, pattern);
}
async function rejectsFile(file: string, kind: string, pattern: RegExp): Promise<DlxError> {
  try {
    await loadLearnerFile(file, quiet);
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

  it('the same file loaded again is a fresh module; an edit, even a broken one, is read anew', async () => {
    const file = learnerFile('export const experiment = { epochs: 10 };\nlet calls = 0;\nexport function createModel() { return ++calls; }\n');
    const first = await loadLearnerFile(file, quiet);
    assert.equal(first.createModel!(), 1);
    assert.equal((await loadLearnerFile(file, quiet)).createModel!(), 1, 'a module of its own, not the first one again');
    fs.writeFileSync(file, 'export const experiment = { epochs: 20 };\nexport function createModel() { return 0; }\n');
    assert.equal((await loadLearnerFile(file, quiet)).experiment.epochs, 20);
    fs.writeFileSync(file, 'export const experiment = {\n  epochs: 10\n  seed: 1,\n};\n');
    const error = await rejectsFile(file, 'syntax', /but found "seed"/);
    assert.equal(error.details.location!.line, 3);
  });

  it('a syntax error points at file, line and column', async () => {
    const error = await rejects('export const experiment = {\n  epochs: 10,\n  loss: \'mse\'\n  seed: 1,\n};\n', 'syntax', /^Expected "}" or "," but found "seed"$/);
    assert.deepEqual({ line: error.details.location!.line, column: error.details.location!.column }, { line: 4, column: 3 });
  });

  it('syntax errors read "found" from the source, down to the end of the file', async () => {
    const end = await rejects('export function createModel() {\n  return 1;\n', 'syntax', /^Unexpected end of file$/);
    assert.deepEqual({ line: end.details.location!.line, column: end.details.location!.column }, { line: 3, column: 1 });
    const keyword = await rejects('export const class = 1;', 'syntax', /^Unexpected "class"$/);
    assert.equal(keyword.details.location!.column, 14);
    assert.equal(keyword.details.hint, '    export const class = 1;');
  });

  it('what the transform lets through but V8 refuses is located too', async () => {
    const error = await rejects('let x = 1;\n  x + 1 = 2;\nexport function createModel() { return x; }', 'syntax', /^Invalid left-hand side in assignment$/);
    assert.deepEqual({ line: error.details.location!.line, column: error.details.location!.column }, { line: 2, column: 3 });
  });

  it('TypeScript-only syntax compiles: enums, satisfies, type-only imports, parameter properties', async () => {
    const learner = await load(`import type { Tensor } from '@tensorflow/tfjs';
      import * as tf from '@tensorflow/tfjs';
      enum Activation { Relu = 'relu', Tanh = 'tanh' }
      class Width { constructor(readonly units: number) {} }
      export const experiment = { epochs: new Width(3).units, loss: 'mse' as const } satisfies Record<string, unknown>;
      export function createModel() { return tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], activation: Activation.Tanh })] }) as unknown as Tensor; }`);
    assert.deepEqual(learner.experiment, { epochs: 3, loss: 'mse' });
  });

  it('decorators and namespaces are refused with their location, not dropped', async () => {
    const decorator = await rejects('function keep(target: any) { return target; }\n@keep\nexport class Model {}', 'syntax', /^Unexpected "@" \(decorators are not supported in learner files\)$/);
    assert.deepEqual({ line: decorator.details.location!.line, column: decorator.details.location!.column }, { line: 2, column: 1 });
    const namespace = await rejects('// namespace Comment { }\nconst s = "namespace Text {";\n  namespace Act { export const relu = 1; }\nexport const a = Act.relu;', 'syntax', /^TypeScript namespaces are not supported in learner files/);
    assert.deepEqual({ line: namespace.details.location!.line, column: namespace.details.location!.column }, { line: 3, column: 3 });
    await load('declare namespace Ambient { const x: number; }\n// @ts-ignore: a comment with an at sign\nexport function createModel() {}');
  });

  it('a .js learner file is read as JavaScript, not TypeScript', async () => {
    const file = learnerFile('const f = 3, g = 2;\nexport const experiment = { epochs: f < g > (0) ? 1 : 2 };\nexport function createModel() {}', 'model.js');
    assert.deepEqual((await loadLearnerFile(file, quiet)).experiment, { epochs: 2 });
  });

  it('helper files next to it may be imported relatively; their errors point into them', async () => {
    const helpers = { 'layers.ts': "import * as tf from '@tensorflow/tfjs';\nexport const hidden = (units: number) => tf.layers.dense({ units });\nexport const epochs: number = 4;", 'lib/index.js': 'export { epochs as copied } from "../layers.js";', 'settings.json': '{ "loss": "mse" }' };
    const learner = await loadLearnerFile(withHelpers("import { hidden, epochs } from './layers';\nimport { copied } from './lib';\nimport settings from './settings.json';\nexport const experiment = { epochs: epochs + copied, loss: settings.loss };\nexport function createModel() { return hidden(1); }", helpers), quiet);
    assert.deepEqual(learner.experiment, { epochs: 8, loss: 'mse' });
    const thrown = await rejectsFile(withHelpers("import { fail } from './broken';\nfail();\nexport function createModel() {}", { 'broken.ts': "\nexport function fail(): never {\n  throw new Error('from the helper');\n}" }), 'runtime', /from the helper/);
    assert.deepEqual({ file: path.basename(thrown.details.location!.file), line: thrown.details.location!.line }, { file: 'broken.ts', line: 3 });
    const syntax = await rejectsFile(withHelpers("import './bad';\nexport function createModel() {}", { 'bad.ts': 'export const a = ;' }), 'syntax', /^Unexpected ";"$/);
    assert.deepEqual({ file: path.basename(syntax.details.location!.file), line: syntax.details.location!.line }, { file: 'bad.ts', line: 1 });
    const missing = await rejects("export const experiment = {};\nimport { x } from './absent';\nexport function createModel() { return x; }", 'syntax', /^Could not resolve "\.\/absent"$/);
    assert.equal(missing.details.location!.line, 2);
    await rejectsFile(withHelpers("import './sneaky';\nexport function createModel() {}", { 'sneaky.ts': "import * as fs from 'node:fs';\nexport const read = fs.readFileSync;" }), 'exports', /can import only "@tensorflow\/tfjs"; this one imports "node:fs"/);
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

  it('compile in the trainer bundle alone, as the .vsix ships it: no node_modules, no native compiler', async () => {
    const bundle = path.join(tempDir({}), 'trainer.js');
    fs.copyFileSync(path.join(REPO, 'dist', 'trainer.js'), bundle);
    const broken = learnerFile('export const experiment = {\n  epochs: 10\n  seed: 1 };');
    const failed = await startTrainer({ exerciseDir: exerciseDir('many-qwerties'), learnerFile: broken, backend: 'fused' }, { memoryMb: 256, timeoutSeconds: 30 }, () => undefined, bundle).outcome;
    assert.equal(failed.type === 'failed' && `${failed.error.kind} ${failed.error.location?.line}:${failed.error.location?.column}`, 'syntax 3:3', JSON.stringify(failed));
    const trained = await startTrainer({ exerciseDir: exerciseDir('many-qwerties'), learnerFile: learnerFile(QWERTY_LEARNER), backend: 'fused' }, { memoryMb: 256, timeoutSeconds: 30 }, () => undefined, bundle).outcome;
    assert.equal(trained.type, 'finished', JSON.stringify(trained));
  });
});
