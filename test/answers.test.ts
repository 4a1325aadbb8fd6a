// `answer` checks: the learner's `answers` export read from the file's text, never by running it.
import * as assert from 'node:assert/strict';
import { evaluateCheck, parseCheck, type RunFacts } from '../src/engine/checks/run';
import { readLearnerAnswers } from '../src/engine/checks/answers';
import { Validator } from '../src/engine/validate';

const parse = (raw: object) => parseCheck({ kind: 'answer', ...raw }, '$.checks[0]', new Validator('exercise.json', 'pack'));
const facts = (source: string) => ({ answers: readLearnerAnswers(source) }) as unknown as RunFacts;

describe('answer checks', () => {
  it('reads plain numbers from the export and compares them exactly by default', () => {
    const source = "import * as tf from '@tensorflow/tfjs';\n// wide: 2*4+4 + 4*3+3\nexport const answers = { wide: 27, deep: 20 };\n";
    assert.deepEqual(evaluateCheck(parse({ key: 'wide', equals: 27 }), facts(source)), { name: 'answers.wide', passed: true, message: '`answers.wide` is 27: right.' });
    assert.deepEqual(evaluateCheck(parse({ key: 'deep', equals: 21 }), facts(source)),
      { name: 'answers.deep', passed: false, message: '`answers.deep` is 20, which is not the right count: count again.' });
  });

  it('accepts a number within the tolerance and no further', () => {
    const check = parse({ key: 'r', equals: 0.5, within: 0.05 });
    assert.equal(evaluateCheck(check, facts('export const answers = { r: 0.54 };')).passed, true);
    assert.equal(evaluateCheck(check, facts('export const answers = { r: 0.56 };')).passed, false);
  });

  it('compares a text answer ignoring case and surrounding spaces', () => {
    const check = parse({ key: 'winner', equals: 'deep' });
    assert.equal(evaluateCheck(check, facts("export const answers = { winner: ' Deep ' };")).passed, true);
    assert.equal(evaluateCheck(check, facts("export const answers = { winner: 'wide' };")).passed, false);
  });

  it('fails with the reason when the answer is missing, of the wrong type, or not plain data', () => {
    const check = parse({ key: 'wide', equals: 27 });
    const message = (source: string) => evaluateCheck(check, facts(source)).message;
    assert.equal(message('export const experiment = {};'), 'The file has no `export const answers = { ... }`: write your answers there as plain numbers.');
    assert.equal(message('export const answers = { deep: 21 };'), '`answers.wide` is missing: write your answer there.');
    assert.equal(message("export const answers = { wide: '27' };"), '`answers.wide` is "27"; it should be a number.');
    assert.equal(message('export const answers = [27];'), 'The file\'s `answers` export must be an object, e.g. `{ wide: 12, deep: 10 }`.');
    assert.match(message('const n = 27;\nexport const answers = { wide: n };'), /^The file's `answers` export is not plain data/);
  });

  it('is refused in exercise.json without a key or an expected value', () => {
    assert.throws(() => parse({ equals: 27 }), /\$\.checks\[0\]\.key/);
    assert.throws(() => parse({ key: 'wide' }), /\$\.checks\[0\]\.equals/);
    assert.throws(() => parse({ key: 'wide', equals: 27, within: -1 }), /\$\.checks\[0\]\.within must be at least 0/);
  });
});
