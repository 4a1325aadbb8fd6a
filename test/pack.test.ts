import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DlxError } from '../src/engine/errors';
import { loadExercise, loadPack, resolveInside } from '../src/engine/pack';
import { jsonErrorOffset } from '../src/engine/validate';
import { miniPack, PACK } from './helpers/fixtures';

const packError = (pattern: RegExp) => (e: unknown) => e instanceof DlxError && e.kind === 'pack' && pattern.test(e.message);

describe('packs', () => {
  it('loads the bundled pack with its eleven exercises', () => {
    const pack = loadPack(PACK);
    assert.equal(pack.name, 'dudl-ann');
    assert.deepEqual(pack.exercises.map((e) => e.id), [
      'many-qwerties', 'seq-to-class', 'predict-sugar', 'learning-rates', 'linear-vs-nonlinear', 'hidden-units', 'breadth-vs-depth', 'minibatch-size',
      'count-parameters', 'learning-rates-single', 'regression-slope',
    ]);
    const sugar = pack.exercises[2];
    assert.equal(sugar.defaults.batchSize, 32);
    assert.ok(fs.existsSync(sugar.starter) && sugar.starter.startsWith(PACK));
    assert.deepEqual(pack.exercises[1].locked, ['data', 'loss']);
  });

  it('loads the dudl-regularization pack: its exercises in three sections, every one with a hint ladder', () => {
    const pack = loadPack(path.join(PACK, '..', 'dudl-regularization'));
    const ids = ['manual-split', 'train-fraction', 'train-dev-test', 'dropout-rings', 'dropout-iris', 'l2-iris', 'l1-iris', 'minibatch-iris', 'early-stopping', 'save-load'];
    assert.deepEqual(pack.exercises.map((e) => e.id), ids);
    assert.deepEqual(pack.sections?.map((section) => section.title), ['Overfitting and cross-validation', 'Regularization', 'Good practices']);
    assert.deepEqual(pack.sections?.flatMap((section) => section.exercises), ids);
    for (const exercise of pack.exercises) assert.ok((exercise.hints?.length ?? 0) >= 3, `${exercise.id} has 3+ hints`);
  });

  it('finds the pack of an exercise folder by walking up', () => {
    assert.equal(loadExercise(path.join(PACK, 'seq-to-class')).packDir, PACK);
  });

  it('malformed JSON: line and column', () => {
    const dir = miniPack({ 'pack.json': '{\n  "name": "x",\n  "title" "y"\n}' });
    assert.throws(() => loadPack(dir), packError(/pack\.json is not valid JSON at line 3, column 11: unexpected "\""\./));
  });

  it('schema violations name the JSON path and the allowed values', () => {
    const exercise = (patch: object) => JSON.stringify({
      id: 'ex', title: 'Ex', instructions: 'README.md', starter: 'starter.ts', solution: 'solution.ts', learnerFile: 'ex.ts',
      checks: [{ kind: 'classes', count: 2 }], ...patch,
    });
    assert.throws(() => loadPack(miniPack({ 'ex/exercise.json': exercise({ checks: [{ kind: 'accuracy' }] }) })),
      packError(/\$\.checks\[0\]\.kind must be one of "metric", "classes".*got "accuracy"/));
    assert.throws(() => loadPack(miniPack({ 'ex/exercise.json': exercise({ defaults: { optimizer: 'adamw' } }) })),
      packError(/\$\.defaults\.optimizer must be one of "sgd", "momentum", "adam", "rmsprop", got "adamw"/));
    assert.throws(() => loadPack(miniPack({ 'ex/exercise.json': exercise({ titel: 'typo' }) })),
      packError(/\$\.titel is not a known field; allowed: id, title/));
    assert.throws(() => loadPack(miniPack({ 'ex/exercise.json': exercise({ defaults: { epochs: 0 } }) })),
      packError(/\$\.defaults\.epochs must be at least 1, got 0/));
  });

  it('files a pack names must exist inside it', () => {
    const missing = miniPack();
    fs.rmSync(path.join(missing, 'ex', 'starter.ts'));
    assert.throws(() => loadPack(missing), packError(/starter "starter\.ts" does not exist in the pack/));
  });

  it('refuses absolute paths, .. escapes and links leading out', () => {
    const dir = miniPack();
    assert.throws(() => resolveInside(dir, '/etc/passwd', 'The data file'), /absolute path/);
    assert.throws(() => resolveInside(dir, '../outside.csv', 'The data file'), /points outside the pack folder/);
    fs.symlinkSync('/etc', path.join(dir, 'escape'));
    assert.throws(() => resolveInside(dir, 'escape/passwd', 'The data file'), /link that leads outside/);
    assert.equal(resolveInside(dir, 'data/table.csv', 'The data file'), path.join(dir, 'data', 'table.csv'));
  });
});

describe('JSON error location', () => {
  it('finds the first offending character', () => {
    assert.equal(jsonErrorOffset('{"a": 1,}'), 8);
    assert.equal(jsonErrorOffset('{"a" 1}'), 5);
    assert.equal(jsonErrorOffset('[1, 2'), 5);
    assert.equal(jsonErrorOffset('{"a": tru}'), 9);
    assert.equal(jsonErrorOffset('{"a": [1, {"b": null}], "c": -1.5e3}'), 36);
  });
});
