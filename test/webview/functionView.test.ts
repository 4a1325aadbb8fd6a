// The function view's state in the panel model, and its data shaped for drawing (hand-computed).
import * as assert from 'node:assert/strict';
import type { FunctionRunResult } from '../../src/engine/functions';
import { emptyPanelModel, reducePanel, replayMessages, shownView, type PanelModel } from '../../src/shared/panelModel';
import type { FunctionPanelState, HostToPanel } from '../../src/shared/panelProtocol';
import { colorPosition, heatmapOf, pathDots, shownSteps, sweepHeatmap, toPixel, trainingNote, trainingSeries, valuePerStep } from '../../webview/src/function/functionChartData';
import { deepFreeze, startRun } from './fixtures';

const fold = (messages: HostToPanel[], from: PanelModel = emptyPanelModel()) => messages.reduce((model, message) => reducePanel(deepFreeze(model), deepFreeze(message)), from);
const path = { export: 'descend', args: [1, 0.25, 2], points: [[1], [0.5], [0.25]], values: [1, 0.25, 0.0625] };
const result: FunctionRunResult = {
  exercise: 'sq', kind: 'function', sandbox: { on: false, reason: 'test', memoryWatch: { on: false, reason: 'test' } },
  descent: path, curve: { dimensions: 1, xs: [0, 1], f: [0, 1] }, checks: [{ name: 'c', passed: true, message: 'ok' }], passed: true,
  verification: { state: 'verified', reason: 'test' }, wallMs: 10,
};
const state = (status: FunctionPanelState['status']): FunctionPanelState => ({ runId: 'f1', startedAt: 5, learnerFile: '/w/sq.ts', exercise: { id: 'sq', title: 'Square' }, status, ...(status === 'completed' ? { result } : {}) });

describe('panel model: function runs', () => {
  it('a function run takes the panel, and a model run takes it back', () => {
    let model = fold([{ type: 'functionRun', state: state('running') }]);
    assert.equal(model.focus, 'function');
    assert.equal(shownView(model), 'function');
    model = fold([{ type: 'functionRun', state: state('completed') }], model);
    assert.equal(model.fn?.result, result);
    model = fold([startRun('r1')], model);
    assert.equal(shownView(model), 'run');
    assert.equal(model.fn?.status, 'completed', 'the function run stays for its tab');
  });

  it('replays into an empty panel showing the same view', () => {
    for (const messages of [[startRun('r1'), { type: 'functionRun', state: state('completed') }], [{ type: 'functionRun', state: state('completed') }, startRun('r1')]] as HostToPanel[][]) {
      const model = fold(messages);
      const replayed = fold(replayMessages(model));
      assert.equal(shownView(replayed), shownView(model));
      assert.deepEqual(replayed.fn, model.fn);
    }
  });
});

describe('function view data', () => {
  it('keeps at most the steps it can draw, the first and the last among them', () => {
    assert.deepEqual(shownSteps(3, 400), [0, 1, 2]);
    assert.deepEqual(shownSteps(11, 3), [0, 5, 10]);
  });

  it('colours the path by step, start 0 and end 1, and plots the value per step', () => {
    assert.deepEqual(pathDots(path), [{ x: 1, y: 1, step: 0 }, { x: 0.5, y: 0.25, step: 0.5 }, { x: 0.25, y: 0.0625, step: 1 }]);
    assert.deepEqual(pathDots({ ...path, points: [[0, 1], [2, 3]], values: [5, 4] }), [{ x: 0, y: 1, step: 0 }, { x: 2, y: 3, step: 1 }]);
    assert.deepEqual(valuePerStep(path), [{ x: 0, y: 1 }, { x: 1, y: 0.25 }, { x: 2, y: 0.0625 }]);
  });

  it('draws a 2-D function top row first, on the range of its finite values', () => {
    const grid = heatmapOf({ dimensions: 2, xs: [-1, 1], ys: [0, 2], f: [[1, 2], [3, null]] });
    assert.deepEqual(grid.cells, [[3, null], [1, 2]]);
    assert.deepEqual([grid.min, grid.max, grid.xRange, grid.yRange], [1, 3, [-1, 1], [0, 2]]);
    assert.equal(colorPosition(2, 1, 3), 0.5);
    assert.ok(Number.isNaN(colorPosition(null, 1, 3)));
    assert.deepEqual(toPixel(0, 2, grid, 100, 50), [50, 0], 'y up: the top of the range is the top of the canvas');
    assert.deepEqual(toPixel(-1, 0, grid, 100, 50), [0, 50]);
  });

  it('lays a two-parameter sweep out as rows of the first parameter', () => {
    const grid = sweepHeatmap({
      axes: [{ name: 'learningRate', values: [0.1, 0.2] }, { name: 'steps', values: [10, 20, 30] }],
      points: [1, 2, 3, 4, 5, 6].map((value) => ({ values: {}, final: [0], value })),
    });
    assert.deepEqual(grid.cells, [[1, 2, 3], [4, 5, 6]]);
    assert.deepEqual([grid.rows, grid.columns, grid.min, grid.max], [[0.1, 0.2], [10, 20, 30], 1, 6]);
  });

  it('puts a trains check\'s two loss curves on one chart, one point per epoch, and says both final losses', () => {
    const training = { check: 'c', export: 'adamStep', optimizer: 'tf.train.adam', model: 'a 2-8-3 network (relu) on qwerties', learner: [1.2, 0.6, 0.3], reference: [1.2, 0.61, 0.305] };
    assert.deepEqual(trainingSeries(training), [
      { label: 'your optimizer', mine: true, points: [{ x: 0, y: 1.2 }, { x: 1, y: 0.6 }, { x: 2, y: 0.3 }] },
      { label: 'tf.train.adam', mine: false, points: [{ x: 0, y: 1.2 }, { x: 1, y: 0.61 }, { x: 2, y: 0.305 }] },
    ]);
    assert.equal(trainingNote(training), 'A 2-8-3 network (relu) on qwerties, both from the same start (red line: your optimizer; blue band: tf.train.adam). Final loss: your optimizer 0.3, tf.train.adam 0.305.');
    const stopped = { ...training, learner: [1.2, 3.5], error: 'adamStep returned NaN at params[0].' };
    assert.deepEqual(trainingSeries(stopped)[0].points, [{ x: 0, y: 1.2 }, { x: 1, y: 3.5 }], 'a training that stopped is drawn up to where it stopped');
    assert.equal(trainingNote(stopped), 'A 2-8-3 network (relu) on qwerties, both from the same start (red line: your optimizer; blue band: tf.train.adam). Final loss: tf.train.adam 0.305. Your training stopped in epoch 2: adamStep returned NaN at params[0].');
    const never = { ...training, learner: null, error: 'adamStep is not a function.' };
    assert.deepEqual(trainingSeries(never).map((series) => series.label), ['tf.train.adam'], 'no curve for a training that never took a step');
    assert.match(trainingNote(never), /Final loss: tf\.train\.adam 0\.305\. Your training stopped: adamStep is not a function\.$/);
  });
});
