import * as assert from 'node:assert/strict';
import type { EpochMetrics } from '../../src/engine/results';
import { finiteOrNaN, mixColor, withAlpha } from '../../webview/src/common/chartData';
import {
  bestEpochPoint,
  chanceAccuracy,
  classMetricsRows,
  confusionTable,
  epochSeries,
  heatColor,
  heatmap,
  layerNormSeries,
  learningRateSeries,
  layerWidths,
  metricKindOf,
  metricValue,
  niceStep,
  scatterShape,
} from '../../webview/src/run/runChartData';

/** JSON turns a NaN loss into null; the types do not know. */
const nullLoss = null as unknown as number;

describe('epoch series', () => {
  const epochs: EpochMetrics[] = [
    { epoch: 1, train: { loss: 1.5, accuracy: 0.25 }, test: { loss: 1.7, accuracy: 0.2 } },
    { epoch: 2, train: { loss: 0, accuracy: 0.5 } },
    { epoch: 3, train: { loss: nullLoss, accuracy: 0.125 }, test: { loss: Infinity, accuracy: 0.375 } },
  ];

  it('turns anything but a finite number into NaN (a gap)', () => {
    assert.equal(finiteOrNaN(0.5), 0.5);
    assert.ok(Number.isNaN(finiteOrNaN(null)));
    assert.ok(Number.isNaN(finiteOrNaN(undefined)));
    assert.ok(Number.isNaN(finiteOrNaN(-Infinity)));
    assert.ok(Number.isNaN(finiteOrNaN('1')));
  });

  it('picks accuracy for classification and r for regression', () => {
    assert.equal(metricKindOf('multiclass'), 'accuracy');
    assert.equal(metricKindOf('binary'), 'accuracy');
    assert.equal(metricKindOf('regression'), 'r');
    assert.equal(metricKindOf(undefined, { loss: 1, r: 0.5 }), 'r');
    assert.equal(metricKindOf(undefined, { loss: 1, accuracy: 0.5 }), 'accuracy');
    assert.equal(metricValue({ loss: 1, accuracy: 0.955 }, 'accuracy'), 95.5);
    assert.equal(metricValue({ loss: 1, r: -0.25 }, 'r'), -0.25);
    assert.ok(Number.isNaN(metricValue({ loss: 1 }, 'r')));
  });

  it('makes {x: epoch, y} points, accuracy in %, test only where there is a test split', () => {
    const s = epochSeries(epochs, 'accuracy');
    assert.deepEqual(s.trainLoss.slice(0, 2), [{ x: 1, y: 1.5 }, { x: 2, y: 0 }]);
    assert.ok(Number.isNaN(s.trainLoss[2].y));
    assert.deepEqual(s.trainMetric, [{ x: 1, y: 25 }, { x: 2, y: 50 }, { x: 3, y: 12.5 }]);
    assert.deepEqual(s.testLoss.map((p) => p.x), [1, 3]);
    assert.equal(s.testLoss[0].y, 1.7);
    assert.ok(Number.isNaN(s.testLoss[1].y), 'Infinity is a gap');
    assert.deepEqual(s.testMetric, [{ x: 1, y: 20 }, { x: 3, y: 37.5 }]);
  });

  it('shapes only the new epochs with `from`, and gaps non-positive losses for a log axis', () => {
    const s = epochSeries(epochs, 'accuracy', { from: 1, logLoss: true });
    assert.deepEqual(s.trainLoss.map((p) => p.x), [2, 3]);
    assert.ok(Number.isNaN(s.trainLoss[0].y), 'log(0) is not drawable');
    assert.deepEqual(s.testMetric, [{ x: 3, y: 37.5 }]);
  });

  it('a dev series beside train and test, only where there is a dev split', () => {
    const withDev: EpochMetrics[] = [
      { epoch: 1, train: { loss: 1, accuracy: 0.5 }, dev: { loss: 0.9, accuracy: 0.25 } },
      { epoch: 2, train: { loss: 0.5, accuracy: 0.75 } },
    ];
    const s = epochSeries(withDev, 'accuracy');
    assert.deepEqual(s.devLoss, [{ x: 1, y: 0.9 }]);
    assert.deepEqual(s.devMetric, [{ x: 1, y: 25 }]);
    assert.deepEqual(epochSeries(epochs, 'accuracy').devLoss, []);
  });

  it("marks early stopping's best epoch on the monitored split's loss, at the nearest kept epoch", () => {
    const kept: EpochMetrics[] = [
      { epoch: 1, train: { loss: 1 }, dev: { loss: 0.8 } },
      { epoch: 5, train: { loss: 0.5 }, dev: { loss: 0.6 } },
      { epoch: 9, train: { loss: 0.2 }, dev: { loss: 0.7 } },
    ];
    assert.deepEqual(bestEpochPoint(kept, 5, 'devLoss'), { x: 5, y: 0.6 });
    assert.deepEqual(bestEpochPoint(kept, 4, 'devAccuracy'), { x: 5, y: 0.6 });
    assert.deepEqual(bestEpochPoint(kept, 8, 'trainLoss'), { x: 9, y: 0.2 });
    assert.equal(bestEpochPoint(kept, 5, 'testLoss'), undefined, 'no test split');
    assert.equal(bestEpochPoint(kept, null, 'devLoss'), undefined);
    assert.equal(bestEpochPoint(kept, 5, undefined), undefined);
  });
});

describe('confusionTable', () => {
  it('normalises rows and computes per-class and overall accuracy', () => {
    const t = confusionTable({ classes: ['A', 'B', 'C'], matrix: [[94, 3, 3], [2, 95, 3], [2, 2, 96]] });
    assert.deepEqual(t.classes, ['A', 'B', 'C']);
    assert.deepEqual(t.rows[0].normalized, [0.94, 0.03, 0.03]);
    assert.deepEqual(t.rows.map((r) => r.total), [100, 100, 100]);
    assert.deepEqual(t.rows.map((r) => r.accuracy), [0.94, 0.95, 0.96]);
    assert.deepEqual(t.predictedTotals, [98, 100, 102]);
    assert.equal(t.total, 300);
    assert.equal(t.correct, 285);
    assert.equal(t.accuracy, 0.95);
  });

  it('handles an empty class and missing class names', () => {
    const t = confusionTable({ classes: ['no'], matrix: [[0, 0], [1, 3]] });
    assert.deepEqual(t.classes, ['no', '1']);
    assert.deepEqual(t.rows[0].normalized, [0, 0]);
    assert.equal(t.rows[0].accuracy, null);
    assert.deepEqual(t.rows[1].normalized, [0.25, 0.75]);
    assert.equal(t.accuracy, 0.75);
    assert.equal(confusionTable({ classes: [], matrix: [] }).accuracy, null);
  });
});

describe('colours', () => {
  it('mixes a theme variable, capped at 75 %', () => {
    assert.equal(mixColor('--vscode-charts-blue', 1), 'color-mix(in srgb, var(--vscode-charts-blue) 75%, transparent)');
    assert.equal(mixColor('--vscode-charts-blue', 0.94), 'color-mix(in srgb, var(--vscode-charts-blue) 71%, transparent)');
    assert.equal(mixColor('--vscode-charts-blue', 0), 'transparent');
    assert.equal(mixColor('--vscode-charts-blue', 3), 'color-mix(in srgb, var(--vscode-charts-blue) 75%, transparent)');
    assert.equal(mixColor('--vscode-charts-blue', NaN), 'transparent');
  });

  it('colours correlations red when positive, blue when negative', () => {
    assert.equal(heatColor(0.5), 'color-mix(in srgb, var(--vscode-charts-red) 38%, transparent)');
    assert.equal(heatColor(-0.69), 'color-mix(in srgb, var(--vscode-charts-blue) 52%, transparent)');
    assert.equal(heatColor(-1), 'color-mix(in srgb, var(--vscode-charts-blue) 75%, transparent)');
    assert.equal(heatColor(0.004), 'transparent');
    assert.equal(heatColor(NaN), 'transparent');
  });

  it('adds alpha to the colour formats getComputedStyle returns', () => {
    assert.equal(withAlpha('#3794ff', 0.5), 'rgba(55, 148, 255, 0.5)');
    assert.equal(withAlpha('#fff', 0.25), 'rgba(255, 255, 255, 0.25)');
    assert.equal(withAlpha('#ff000080', 0.5), 'rgba(255, 0, 0, 0.251)');
    assert.equal(withAlpha('rgba(204, 204, 204, 0.5)', 0.45), 'rgba(204, 204, 204, 0.225)');
    assert.equal(withAlpha('rgb(1 2 3 / 50%)', 1), 'rgba(1, 2, 3, 0.5)');
    assert.equal(withAlpha('red', 0.5), 'red');
  });
});

describe('scatterShape', () => {
  it('maps (truth, prediction) to (x, y) on a common nice range and drops non-finite pairs', () => {
    const s = scatterShape({ points: [[0, 0.5], [2, 1.5], [NaN, 1], [1, Infinity]], r: 0.9 });
    assert.deepEqual(s.points, [{ x: 0, y: 0.5 }, { x: 2, y: 1.5 }]);
    assert.equal(s.step, 0.5);
    assert.equal(s.min, -0.5);
    assert.equal(s.max, 2.5);
    assert.deepEqual(s.identity, [{ x: -0.5, y: -0.5 }, { x: 2.5, y: 2.5 }]);
    assert.equal(s.r, 0.9);
  });

  it('gives a usable range without points or with a single value', () => {
    const empty = scatterShape({ points: [], r: null as unknown as number });
    assert.ok(empty.min < empty.max);
    assert.ok(Number.isNaN(empty.r));
    const flat = scatterShape({ points: [[3, 3]], r: 1 });
    assert.ok(flat.min < 3 && flat.max > 3);
  });

  it('chooses 1, 2, 2.5 or 5 times a power of ten', () => {
    assert.equal(niceStep(0.12), 0.2);
    assert.equal(niceStep(1), 1);
    assert.equal(niceStep(2.13), 2.5);
    assert.equal(niceStep(3), 5);
    assert.equal(niceStep(7), 10);
    assert.equal(niceStep(0), 1);
  });
});

describe('heatmap', () => {
  const correlation = { columns: ['a', 'sugar', 'c'], matrix: [[1, -0.2567, 0.004], [-0.2567, 1, 0.6742], [-0.004, 0.6742, 1]] };

  it('gives labelled rows of two-decimal cells with colours and marks the target', () => {
    const map = heatmap(correlation, 'sugar');
    assert.deepEqual(map.columns, ['a', 'sugar', 'c']);
    assert.equal(map.highlightedColumn, 1);
    assert.deepEqual(map.rows.map((r) => [r.label, r.highlighted]), [['a', false], ['sugar', true], ['c', false]]);
    assert.deepEqual(map.rows[0].cells.map((c) => c.text), ['1.00', '-0.26', '0.00']);
    assert.equal(map.rows[2].cells[0].text, '0.00', 'no "-0.00"');
    assert.deepEqual(map.rows[1].cells.map((c) => c.diagonal), [false, true, false]);
    assert.equal(map.rows[1].cells[2].color, 'color-mix(in srgb, var(--vscode-charts-red) 51%, transparent)');
  });

  it('leaves missing values blank and highlights nothing for an unknown target', () => {
    const map = heatmap({ columns: ['a', 'b'], matrix: [[1]] }, 'zzz');
    assert.equal(map.highlightedColumn, -1);
    assert.equal(map.rows[1].cells[0].text, '');
    assert.equal(map.rows[1].cells[0].color, 'transparent');
  });
});

describe('model and data summary', () => {
  it('reads the layer widths of a dense stack', () => {
    assert.deepEqual(layerWidths([[2, 4], [4], [4, 3], [3]]), [2, 4, 3]);
    assert.deepEqual(layerWidths([[11, 16], [16], [16, 32], [32], [32, 32], [32], [32, 1], [1]]), [11, 16, 32, 32, 1]);
    assert.equal(layerWidths([[2, 4], [5, 3]]), undefined);
    assert.equal(layerWidths([[3, 3, 1, 8]]), undefined);
  });

  it('knows chance accuracy for balanced classes', () => {
    assert.equal(chanceAccuracy(2), 50);
    assert.equal(chanceAccuracy(4), 25);
    assert.equal(chanceAccuracy(1), undefined);
    assert.equal(chanceAccuracy(undefined), undefined);
  });
});

describe('per-class metrics table', () => {
  it('one row per class, the macro averages last with every row counted; none without per-class metrics', () => {
    const rows = classMetricsRows({
      loss: 1, precision: 0.25, recall: 0.5, f1: 1 / 3,
      perClass: [{ class: 'A', precision: 0.5, recall: 1, f1: 2 / 3, support: 2 }, { class: 'B', precision: 0, recall: 0, f1: 0, support: 2 }],
    });
    assert.deepEqual(rows, [
      { label: 'A', precision: '0.50', recall: '1.00', f1: '0.67', support: 2, macro: false },
      { label: 'B', precision: '0.00', recall: '0.00', f1: '0.00', support: 2, macro: false },
      { label: 'macro average', precision: '0.25', recall: '0.50', f1: '0.33', support: 4, macro: true },
    ]);
    assert.equal(classMetricsRows({ loss: 1, r: 0.5 }), null);
    assert.equal(classMetricsRows(undefined), null);
  });
});

describe('per-layer norm and learning-rate series', () => {
  const epochs = [
    { epoch: 1, train: { loss: 1 }, learningRate: 0.1, layers: [{ name: 'Dense 1', weightNorm: 2, gradientNorm: 0.5 }, { name: 'out', weightNorm: 1, gradientNorm: 0 }] },
    { epoch: 3, train: { loss: 1 }, learningRate: 0.05, layers: [{ name: 'Dense 1', weightNorm: 2.5, gradientNorm: 0.25 }, { name: 'out', weightNorm: 1.5, gradientNorm: 0.125 }] },
  ];

  it('one line per layer, in order, a zero norm a gap on the log axis; from an index for appending', () => {
    assert.deepEqual(layerNormSeries(epochs, 'gradientNorm'), [
      { name: 'Dense 1', points: [{ x: 1, y: 0.5 }, { x: 3, y: 0.25 }] },
      { name: 'out', points: [{ x: 1, y: NaN }, { x: 3, y: 0.125 }] },
    ]);
    assert.deepEqual(layerNormSeries(epochs, 'weightNorm', 1), [{ name: 'Dense 1', points: [{ x: 3, y: 2.5 }] }, { name: 'out', points: [{ x: 3, y: 1.5 }] }]);
    assert.deepEqual(layerNormSeries([{ epoch: 1, train: { loss: 1 } }], 'gradientNorm'), []);
  });

  it('the learning rate of each epoch that has one', () => {
    assert.deepEqual(learningRateSeries(epochs), [{ x: 1, y: 0.1 }, { x: 3, y: 0.05 }]);
    assert.deepEqual(learningRateSeries([{ epoch: 1, train: { loss: 1 } }]), []);
  });
});
