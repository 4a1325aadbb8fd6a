import * as assert from 'node:assert/strict';
import {
  accuracy, confusionMatrix, correlationMatrix, mean, pearson, perClassAccuracy, predictionsFromOutputs, rowNormalized, std,
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
});
