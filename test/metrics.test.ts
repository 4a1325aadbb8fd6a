import * as assert from 'node:assert/strict';
import { evaluateCheck, parseCheck, type RunFacts } from '../src/engine/checks/run';
import type { SplitMetrics } from '../src/engine/results';
import { Validator } from '../src/engine/validate';
import {
  accuracy, classificationReport, confusionMatrix, correlationMatrix, mean, pearson, perClassAccuracy, predictionsFromOutputs, rowNormalized, std,
} from '../src/engine/metrics';

describe('metrics (hand-computed oracles)', () => {
  it('accuracy counts exact matches', () => {
    assert.equal(accuracy([0, 1, 2, 1], [0, 1, 1, 1]), 0.75);
    assert.ok(Number.isNaN(accuracy([], [])));
  });

  it('pearson r: perfect, inverse, and a hand-worked case', () => {
    assert.equal(pearson([1, 2, 3], [2, 4, 6]), 1);
    assert.equal(pearson([1, 2, 3], [3, 2, 1]), -1);
    // x = 1,2,3,4; y = 2,1,4,3: cov = 0.8*... worked out: sum dx*dy = 3, sum dx^2 = 5, sum dy^2 = 5 -> r = 0.6
    assert.ok(Math.abs(pearson([1, 2, 3, 4], [2, 1, 4, 3]) - 0.6) < 1e-12);
    assert.ok(Number.isNaN(pearson([1, 1, 1], [1, 2, 3])), 'no variance -> NaN');
  });

  it('confusion matrix is [truth][predicted], rows normalise to recall', () => {
    const matrix = confusionMatrix([0, 1, 1, 2, 2, 0], [0, 1, 2, 2, 2, 1], 3);
    assert.deepEqual(matrix, [[1, 0, 0], [1, 1, 0], [0, 1, 2]]);
    assert.deepEqual(rowNormalized(matrix)[2], [0, 1 / 3, 2 / 3]);
    assert.deepEqual(perClassAccuracy(matrix), [1, 0.5, 2 / 3]);
    assert.deepEqual(rowNormalized([[0, 0]]), [[0, 0]]);
  });

  it('mean, population std and a correlation matrix', () => {
    assert.equal(mean([1, 2, 3, 4]), 2.5);
    assert.equal(std([2, 4, 4, 4, 5, 5, 7, 9]), 2);
    const matrix = correlationMatrix([[1, 2, 3], [2, 4, 7], [3, 2, 1]]);
    assert.equal(matrix[0][0], 1);
    assert.equal(matrix[0][2], -1);
    assert.equal(matrix[1][0], matrix[0][1]);
  });

  it('predictions from outputs: argmax, probability, logit, value', () => {
    assert.deepEqual(Array.from(predictionsFromOutputs('multiclass', Float32Array.from([0.1, 2, -1, 3, 0, 0]), 3)), [1, 0]);
    assert.deepEqual(Array.from(predictionsFromOutputs('binary-probability', Float32Array.from([0.2, 0.7]), 1)), [0, 1]);
    assert.deepEqual(Array.from(predictionsFromOutputs('binary-logit', Float32Array.from([-0.1, 0.3]), 1)), [0, 1]);
    assert.deepEqual(Array.from(predictionsFromOutputs('regression', Float32Array.from([1.5, -2]), 1)), [1.5, -2]);
  });

  it('precision, recall and F1 per class and macro-averaged (3 classes, worked by hand)', () => {
    // truth rows: [[1,0,0],[1,1,0],[0,1,2]]. Class A: TP 1, predicted 2, rows 1 -> P 1/2, R 1, F1 2/3.
    // B: TP 1, predicted 2, rows 2 -> P 1/2, R 1/2, F1 1/2. C: TP 2, predicted 2, rows 3 -> P 1, R 2/3, F1 4/5.
    const report = classificationReport([[1, 0, 0], [1, 1, 0], [0, 1, 2]], ['A', 'B', 'C']);
    const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} != ${expected}`);
    assert.deepEqual(report.perClass.map((m) => [m.class, m.support]), [['A', 1], ['B', 2], ['C', 3]]);
    [[0.5, 1, 2 / 3], [0.5, 0.5, 0.5], [1, 2 / 3, 0.8]].forEach(([p, r, f], c) => {
      close(report.perClass[c].precision, p);
      close(report.perClass[c].recall, r);
      close(report.perClass[c].f1, f);
    });
    close(report.precision, 2 / 3); // (1/2 + 1/2 + 1) / 3
    close(report.recall, 13 / 18); // (1 + 1/2 + 2/3) / 3
    close(report.f1, 59 / 90); // (2/3 + 1/2 + 4/5) / 3
  });

  it('a class never predicted: precision 0/0 counts as 0 (sklearn zero_division=0), and in the macro mean', () => {
    // binary, truth [0,0,1,1], always predicted 0: class 0 P 2/4 R 1 F1 2/3; class 1 P 0/0 -> 0, R 0, F1 0.
    const report = classificationReport(confusionMatrix([0, 0, 0, 0], [0, 0, 1, 1], 2), ['0', '1']);
    assert.deepEqual(report.perClass.map((m) => [m.precision, m.recall, m.support]), [[0.5, 1, 2], [0, 0, 2]]);
    assert.equal(report.perClass[1].f1, 0);
    assert.equal(report.precision, 0.25);
    assert.equal(report.recall, 0.5);
    assert.ok(Math.abs(report.f1 - 1 / 3) < 1e-12);
    // A class with no rows and never predicted: all 0, still averaged (labels = every class of the data).
    const absent = classificationReport([[2, 0, 0], [0, 1, 0], [0, 0, 0]], ['A', 'B', 'C']);
    assert.deepEqual(absent.perClass[2], { class: 'C', precision: 0, recall: 0, f1: 0, support: 0 });
    assert.ok(Math.abs(absent.f1 - 2 / 3) < 1e-12);
  });

  describe('checks on precision, recall and F1', () => {
    const test: SplitMetrics = {
      loss: 0.5, accuracy: 0.75, precision: 0.7, recall: 0.6, f1: 0.62,
      perClass: [{ class: 'cat', precision: 0.9, recall: 0.5, f1: 0.64, support: 4 }, { class: 'dog', precision: 0.5, recall: 0.7, f1: 0.6, support: 4 }],
    };
    const facts = { dataset: { classes: ['cat', 'dog'] }, metrics: { train: test, test }, completed: true } as unknown as RunFacts;
    const check = (raw: object) => evaluateCheck(parseCheck({ kind: 'metric', split: 'test', ...raw }, '$.checks[0]', new Validator('exercise.json', 'pack')), facts);

    it('the macro value, or one class\'s', () => {
      assert.deepEqual(check({ metric: 'f1', min: 0.6 }), { name: 'test F1 >= 0.600', passed: true, message: 'test F1 is 0.620.' });
      assert.deepEqual(check({ metric: 'recall', class: 'cat', min: 0.6 }), { name: 'test "cat" recall >= 0.600', passed: false, message: 'test "cat" recall is 0.500; it needs to reach 0.600.' });
      assert.equal(check({ metric: 'precision', class: 'dog', max: 0.5 }).passed, true);
    });

    it('a class the data does not have fails the check, naming the field and the classes', () => {
      assert.deepEqual(check({ metric: 'f1', class: 'bird', min: 0.5 }).message, 'The check\'s "class" is "bird", but the data has no such class; its classes are cat, dog.');
    });

    it('a regression has no F1: the check says why', () => {
      const regression = { ...facts, dataset: {}, metrics: { test: { loss: 1, r: 0.5 }, train: { loss: 1, r: 0.5 } } } as unknown as RunFacts;
      const result = evaluateCheck(parseCheck({ kind: 'metric', split: 'test', metric: 'f1', min: 0.5 }, '$', new Validator('exercise.json', 'pack')), regression);
      assert.equal(result.message, 'No test F1 for this run: f1 is measured for classifications (a cross-entropy loss).');
    });
  });
});
