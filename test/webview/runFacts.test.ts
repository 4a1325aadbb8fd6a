import * as assert from 'node:assert/strict';
import type { RunSummary } from '../../src/shared/panelProtocol';
import type { CsvRecipe } from '../../src/engine/settings';
import { checksNotice, heatmapLayout, learningRateNow, targetScaling, runHistoryCells, runHistoryColumns, scatterAxisTitles, trainingExtrasRows } from '../../webview/src/run/runFacts';
import { result, started } from './fixtures';

const wine: CsvRecipe = { kind: 'csv', file: 'data/winequality-red.csv', target: 'residual sugar' };
const sugar = (data: CsvRecipe) => started({ task: 'regression', settings: { ...started().settings, data }, dataset: { ...started().dataset, target: 'residual sugar', classes: undefined } });

describe('run facts: the scatter axes', () => {
  it('says z-score when the data recipe z-scores the target (the CSV default)', () => {
    assert.deepEqual(scatterAxisTitles(sugar(wine)), { truth: 'true residual sugar (z-score)', prediction: 'predicted residual sugar (z-score)' });
    assert.equal(targetScaling({ ...wine, zscore: { except: ['quality'] } }, 'residual sugar'), 'zscore');
  });

  it('says min-max when normalize scales the target to [0, 1], and the plain name when normalize leaves it raw', () => {
    assert.deepEqual(scatterAxisTitles(sugar({ ...wine, normalize: 'minmax' })).truth, 'true residual sugar (min-max, 0 to 1)');
    assert.equal(targetScaling({ ...wine, normalize: { method: 'minmax', except: ['residual sugar'] } }, 'residual sugar'), 'none');
  });

  it('says the plain name when the target keeps its unit', () => {
    assert.deepEqual(scatterAxisTitles(sugar({ ...wine, zscore: 'none' })), { truth: 'true residual sugar', prediction: 'predicted residual sugar' });
    assert.equal(targetScaling({ ...wine, zscore: { except: ['residual sugar'] } }, 'residual sugar'), 'none');
    assert.equal(targetScaling({ ...wine, binarize: { above: 5 } }, 'residual sugar'), 'none', 'a class label is not z-scored');
    assert.equal(targetScaling(started().settings.data, 'cluster'), 'none', 'generated clusters');
    assert.deepEqual(scatterAxisTitles(undefined), { truth: 'true value', prediction: 'predicted value' });
  });
});

describe('run facts: the correlation heatmap fits the width', () => {
  it('shrinks its cells and labels into a narrow panel, without values that would not fit', () => {
    for (const width of [250, 340, 500]) {
      const layout = heatmapLayout(width, 12);
      assert.ok(layout.labelWidth + 12 * layout.cellWidth <= width, `fits ${width} px`);
      assert.equal(layout.showValues, layout.cellWidth >= 30);
    }
    assert.equal(heatmapLayout(340, 12).showValues, false);
  });

  it('keeps full-size cells with their values when there is room', () => {
    const layout = heatmapLayout(1200, 12);
    assert.equal(layout.cellWidth, 44);
    assert.equal(layout.labelWidth, 140);
    assert.equal(layout.showValues, true);
  });
});

describe('run facts: recent runs', () => {
  const row: RunSummary = {
    runId: 'r1', startedAt: 1_700_000_000_000, exercise: 'many-qwerties', status: 'completed', task: 'multiclass', passed: true, checksPassed: 4, checksTotal: 4, epochs: 50, totalEpochs: 100, wallMs: 4400,
    metrics: { train: { loss: 0.1423, accuracy: 0.95 } }, settings: { loss: 'crossEntropy', optimizer: 'sgd', learningRate: 0.01, batchSize: 'full', epochs: 100 }, backend: 'fused',
  };

  it('has the whole text of every cell, for the tooltip of a cell cut short', () => {
    const cells = runHistoryCells(row);
    assert.equal(cells.settings, 'sgd 0.01, full');
    assert.equal(cells.epochs, '50 / 100');
    assert.equal(cells.checks, '4/4');
    assert.equal(cells['train acc / r'], '95.0%');
    assert.equal(runHistoryCells({ ...row, checksTotal: 0, errorKind: 'syntax' }).checks, 'syntax');
    assert.equal(runHistoryCells({ ...row, task: 'regression', metrics: { train: { loss: 1, r: 0.9 } } })['train acc / r'], 'r 0.900');
  });

  it('names its columns, with exercise and test columns only when they say something', () => {
    assert.deepEqual(runHistoryColumns([row]), ['started', 'status', 'checks', 'train loss', 'train acc / r', 'epochs', 'settings', 'backend', 'wall']);
    const columns = runHistoryColumns([row, { ...row, runId: 'r2', exercise: 'other', metrics: { train: row.metrics!.train, test: { loss: 1, accuracy: 0.5 } } }]);
    assert.deepEqual(columns.filter((c) => c === 'exercise' || c.startsWith('test')), ['exercise', 'test loss', 'test acc / r']);
  });
});

describe('run facts: a schedule\'s learning rate', () => {
  it('the latest epoch\'s rate, rounded to 4 digits; none without a schedule', () => {
    assert.equal(learningRateNow({ epoch: 1200, train: { loss: 1 }, learningRate: 0.01 * 0.9 ** 3 }), '0.00729 at epoch 1,200');
    assert.equal(learningRateNow({ epoch: 3, train: { loss: 1 } }), null);
    assert.equal(learningRateNow(undefined), null);
  });
});

describe('run facts: what the checks rest on', () => {
  it('a verified verdict goes without saying; an unverified or mismatched one says so, and why', () => {
    assert.equal(checksNotice(result()), undefined);
    assert.equal(checksNotice(undefined), undefined);
    assert.equal(checksNotice(result({ verification: { state: 'unverified', reason: 'forward(x) does more than a dense stack after layer 1' } })), 'Checks unverified: forward(x) does more than a dense stack after layer 1');
    assert.equal(checksNotice(result({ verification: { state: 'mismatch', reason: 'the reported results do not match the trained model' } })), 'Checks mismatch: the reported results do not match the trained model');
  });
});

describe('run facts: regularization, checkpoints and the start', () => {
  it('the penalties that ran and the latest penalty beside the reported loss; the checkpoints; the checkpoint started from', () => {
    const settings = { ...started().settings, weightDecay: 0.01 };
    const latest = { epoch: 30, train: { loss: 0.5, penalty: 0.25 } };
    const rows = trainingExtrasRows(settings, latest, result({ checkpoints: { best: { epoch: 20, monitor: 'devLoss', value: 0.4 }, last: { epoch: 30 } }, startedFrom: { epoch: 10, resume: true } }));
    assert.deepEqual(rows.map(([term]) => term), ['Regularization', 'Checkpoints', 'Started from']);
    assert.match(rows[0][1], /^weightDecay 0\.01; penalty 0\.25\d* at epoch 30: train loss 0\.5\d* reported, 0\.75\d* with the penalty$/);
    assert.match(rows[1][1], /^best epoch 20 \(devLoss 0\.4\d*\), last epoch 30$/);
    assert.equal(rows[2][1], 'the checkpoint of epoch 10, resumed: epochs counted on');
    assert.deepEqual(trainingExtrasRows(started().settings, { epoch: 1, train: { loss: 1 } }, result()), []);
  });
});
