import * as assert from 'node:assert/strict';
import { summarizeSweep, type SweepAxis, type SweepResult, type SweepRunResult, type SweepValue } from '../../src/engine/sweep';
import { reduceSweep, sweepSnapshot } from '../../src/shared/sweepState';
import { SWEEP_EXERCISE, sweepRecord } from './fixtures';
import { sweepAxes } from '../../webview/src/sweep/sweepAxes';

const units3: SweepAxis = { name: 'units', target: 'modelParams', values: [4, 8, 16] };
import {
  axesText,
  backendsOf,
  compareSweeps,
  formatSpread,
  formatThreshold,
  fractionFacts,
  heatGrid,
  seedsText,
  settingRows,
  shapeReadiness,
  sweepFacts,
  tooEarlyText,
} from '../../webview/src/sweep/sweepFacts';
import {
  categoryLabel,
  colorKey,
  colorPosition,
  curveChoices,
  curveColumns,
  curveLines,
  defaultCurveChoice,
  jitter,
  logTicks,
  meanBand,
  otherAxis,
  outcomeDots,
  outcomeSeries,
  parameterDots,
  rampColor,
  sweepXAxis,
  valueText,
  xAxisKind,
  xOf,
} from '../../webview/src/sweep/sweepChartData';

// ---------------------------------------------------------------- fixtures

let nextIndex = 0;
function run(values: Record<string, SweepValue>, outcome: number | null, extra: Partial<SweepRunResult> = {}): SweepRunResult {
  const index = nextIndex++;
  return { index, point: 0, repeat: 0, values, seed: 1 + index, status: 'completed', outcome, ...extra };
}

function sweep(axes: SweepAxis[], runs: SweepRunResult[], extra: Partial<SweepResult> = {}): SweepResult {
  const base: SweepResult = {
    version: 1,
    id: 's1',
    exercise: 'learning-rates',
    learnerFile: '/w/learning-rates.ts',
    status: 'completed',
    startedAt: 1_700_000_000_000,
    workers: 2,
    spec: { vary: Object.fromEntries(axes.map((a) => [a.name, a.values])), repeats: 1, outcome: 'accuracy' },
    quick: false,
    repeats: 1,
    seeds: 'perRepeat',
    baseSeed: 1,
    axes,
    outcome: 'accuracy',
    runs,
    ...extra,
  };
  return { ...base, spec: { ...base.spec, outcome: base.outcome, ...(base.threshold !== undefined ? { threshold: base.threshold } : {}) } };
}

const lr: SweepAxis = { name: 'learningRate', target: 'overrides', values: [0.001, 0.01, 0.1] };

// ---------------------------------------------------------------- axes

describe('sweep x axis', () => {
  it('takes a log axis for 0.001..0.1 (two decades) but not for 1..5', () => {
    assert.equal(xAxisKind([0.001, 0.05, 0.1]), 'log');
    assert.equal(xAxisKind([1, 2, 3, 4, 5]), 'linear');
    assert.equal(xAxisKind([1, 128]), 'log');
    assert.equal(xAxisKind([4, 100]), 'linear', '25x is not two decades');
    assert.equal(xAxisKind([-1, 0, 1000]), 'linear', 'not all positive');
  });

  it('takes the scale a range declares, and categories for words and true/false', () => {
    assert.equal(xAxisKind([1, 2, 4], { from: 1, to: 4, count: 3, scale: 'log' }), 'log');
    assert.equal(xAxisKind([0.001, 0.1], { from: 0.001, to: 0.1, count: 2, scale: 'linear' }), 'linear');
    assert.equal(xAxisKind([0.001, 0.1], { from: 0.001, to: 0.1, count: 2 }), 'linear', 'an evenly spaced range stays linear');
    assert.equal(xAxisKind(['relu', 'linear']), 'category');
    assert.equal(xAxisKind([true, false]), 'category');
    assert.equal(xAxisKind([1, 'full']), 'category');
  });

  it('places categories at 0, 1, ... with half a step of room, and numbers at their value', () => {
    const words = sweepXAxis({ name: 'activation', values: ['relu', 'linear'] });
    assert.equal(words.kind, 'category');
    assert.deepEqual([words.min, words.max], [-0.5, 1.5]);
    assert.equal(xOf(words, 'linear'), 1);
    assert.ok(Number.isNaN(xOf(words, 'tanh')), 'a word the axis does not have');
    assert.equal(categoryLabel(words, 0), 'relu');
    assert.equal(categoryLabel(words, 0.5), '');

    const lin = sweepXAxis({ name: 'units', values: [0, 100] });
    assert.deepEqual([lin.min, lin.max], [-3, 103]);
    assert.equal(xOf(lin, 42), 42);
    const log = sweepXAxis(lr);
    assert.ok(log.min < 0.001 && log.min > 0.0008, `log padding ${log.min}`);
    assert.ok(log.max > 0.1 && log.max < 0.13, `log padding ${log.max}`);
    assert.ok(Number.isNaN(xOf(log, 0)), 'no 0 on a log axis');
  });

  it('ticks a log axis at 1..9 times each power of ten and labels 1, 2, 5', () => {
    const ticks = logTicks(0.0008, 0.12);
    assert.deepEqual(ticks.slice(0, 4).map((t) => t.value), [0.0008, 0.0009, 0.001, 0.002]);
    assert.equal(ticks.find((t) => t.value === 0.003)?.labelled, false);
    assert.deepEqual(ticks.filter((t) => t.labelled).map((t) => t.value), [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1]);
    assert.equal(ticks[ticks.length - 1].value, 0.1);
    assert.deepEqual(logTicks(0, 10), []);
  });

  it('writes settings briefly', () => {
    assert.equal(valueText(0.00302040816327), '0.00302');
    assert.equal(valueText(128), '128');
    assert.equal(valueText('relu'), 'relu');
    assert.equal(valueText(false), 'false');
  });
});

// ---------------------------------------------------------------- colours

describe('sweep colour scale', () => {
  it('puts the lowest value at 0, the highest at 1 and the middle at 0.5', () => {
    assert.equal(colorPosition(1, [1, 2, 3], 'linear'), 0);
    assert.equal(colorPosition(3, [1, 2, 3], 'linear'), 1);
    assert.equal(colorPosition(2, [1, 2, 3], 'linear'), 0.5);
    assert.equal(colorPosition(2.5, [3, 1, 2], 'linear'), 0.75, 'by value, not by list order');
  });

  it('positions by log value on a log axis and by rank for words', () => {
    assert.ok(Math.abs(colorPosition(0.01, [0.001, 0.01, 0.1], 'log') - 0.5) < 1e-12);
    assert.ok(Math.abs(colorPosition(0.01, [0.001, 0.01, 0.1], 'linear') - 0.0909) < 1e-4);
    assert.deepEqual(['relu', 'tanh', 'linear'].map((v) => colorPosition(v, ['relu', 'tanh', 'linear'], 'category')), [0, 0.5, 1]);
    assert.equal(colorPosition(5, [5], 'linear'), 0, 'a single value');
  });

  it('mixes the theme stops like a CSS gradient', () => {
    assert.equal(rampColor(['#000000', '#ffffff'], 0), 'rgba(0, 0, 0, 1)');
    assert.equal(rampColor(['#000000', '#ffffff'], 1), 'rgba(255, 255, 255, 1)');
    assert.equal(rampColor(['#000000', '#ffffff'], 0.5, 0.5), 'rgba(128, 128, 128, 0.5)');
    assert.equal(rampColor(['#ff0000', '#00ff00', '#0000ff'], 0.5), 'rgba(0, 255, 0, 1)');
    assert.equal(rampColor(['#ff0000', '#00ff00', '#0000ff'], 0.75), 'rgba(0, 128, 128, 1)');
    assert.equal(rampColor(['#ff0000'], 0.7), 'rgba(255, 0, 0, 1)');
  });

  it('lists a few values, and grades many numbers', () => {
    assert.equal(colorKey({ name: 'layers', values: [1, 2, 3, 4, 5] }).style, 'list');
    assert.equal(colorKey({ name: 'units', values: Array.from({ length: 33 }, (_, i) => 4 + 3 * i) }).style, 'gradient');
    assert.equal(colorKey({ name: 'activation', values: ['relu', 'linear'] }).style, 'list');
  });
});

// ---------------------------------------------------------------- outcome by setting

describe('outcome dots and bands', () => {
  const runs = [
    run({ learningRate: 0.001 }, 0.6),
    run({ learningRate: 0.001 }, 0.7),
    run({ learningRate: 0.001 }, 0.8),
    run({ learningRate: 0.01 }, null),
    run({ learningRate: 0.1 }, 0.95),
    run({ learningRate: 0.1 }, null, { status: 'failed' }),
    run({ learningRate: 0.1 }, 0.4, { status: 'diverged' }),
  ];
  const axis = sweepXAxis(lr);

  it('draws one dot per counted run with an outcome, accuracy in %', () => {
    const dots = outcomeDots(runs, axis, 'accuracy');
    assert.deepEqual(dots.points.map((p) => [p.x, Math.round(p.y * 1e9) / 1e9]), [[0.001, 60], [0.001, 70], [0.001, 80], [0.1, 95], [0.1, 40]]);
    assert.equal(dots.withoutOutcome, 1, 'the run without an outcome is counted, not drawn');
    assert.deepEqual(dots.points.map((p) => p.seed), [runs[0].seed, runs[1].seed, runs[2].seed, runs[4].seed, runs[6].seed]);
  });

  it('leaves loss outcomes as they are and colours dots by a function of the run', () => {
    const dots = outcomeDots(runs.slice(0, 1), axis, 'loss', () => 0.25);
    assert.equal(dots.points[0].y, 0.6);
    assert.equal(dots.points[0].color, 0.25);
  });

  it('spreads dots of a category sideways, the same way every time', () => {
    const words = sweepXAxis({ name: 'activation', values: ['relu', 'linear'] });
    const spread = outcomeDots([run({ activation: 'linear' }, 0.9), run({ activation: 'linear' }, 0.8)], words, 'accuracy', undefined, 0.3);
    for (const p of spread.points) assert.ok(p.x >= 0.85 && p.x < 1.15, `x ${p.x}`);
    assert.notEqual(spread.points[0].x, spread.points[1].x);
    assert.equal(jitter(7, 0.3), jitter(7, 0.3));
    assert.equal(jitter(0, 0.3), -0.15);
  });

  it('makes a mean ± sd band from known runs', () => {
    const summary = summarizeSweep(sweep([lr], runs));
    const band = meanBand(summary.points, axis, 'accuracy');
    // 0.001: 60, 70, 80 -> mean 70, sample sd 10. 0.01: no outcome (left out). 0.1: 95 and 40 -> mean 67.5, sd 38.89.
    assert.deepEqual(band.mean.map((p) => p.x), [0.001, 0.1]);
    assert.ok(Math.abs(band.mean[0].y - 70) < 1e-9);
    assert.ok(Math.abs(band.upper[0].y - 80) < 1e-9);
    assert.ok(Math.abs(band.lower[0].y - 60) < 1e-9);
    assert.equal(band.mean[0].n, 3);
    assert.ok(Math.abs(band.mean[0].sd - 10) < 1e-9);
    assert.ok(Math.abs(band.mean[1].y - 67.5) < 1e-9);
    assert.equal(band.upper[1].y, 100, 'clamped at 100 %');
    assert.ok(Math.abs(band.lower[1].y - (67.5 - 38.890872965)) < 1e-6);
  });

  it('draws one mean line per value of a grid’s other setting, or the pooled mean with its band', () => {
    const layers: SweepAxis = { name: 'layers', target: 'modelParams', values: [1, 2] };
    const units: SweepAxis = { name: 'units', target: 'modelParams', values: [4, 8, 16] };
    const gridRuns = [1, 2].flatMap((l) => [4, 8, 16].map((u) => run({ layers: l, units: u }, 0.5 + l / 10 + u / 100)));
    const summary = summarizeSweep({ ...sweep([layers, units], gridRuns), spec: { along: 'units' } });
    const axis = sweepXAxis(units);
    const key = colorKey(otherAxis([layers, units], 'units')!);
    const series = outcomeSeries(summary, axis, key);
    assert.deepEqual(series.map((s) => [s.label, s.color, s.showBand]), [['layers 1', 0, false], ['layers 2', 1, false]]);
    assert.deepEqual(series[1].band.mean.map((p) => Math.round(p.y * 100) / 100), [74, 78, 86]);

    const pooled = outcomeSeries(summary, axis, undefined);
    assert.equal(pooled.length, 1);
    assert.equal(pooled[0].showBand, true);
    assert.deepEqual(pooled[0].band.mean.map((p) => Math.round(p.y * 100) / 100), [69, 73, 81]);
    assert.equal(otherAxis([lr], 'learningRate'), undefined);
  });

  it('a random search over several settings: dots only (no mean line), coloured by another setting, any setting on the x axis', () => {
    const lrAxis: SweepAxis = { name: 'learningRate', target: 'overrides', values: [0.001, 0.02, 0.3] };
    const wdAxis: SweepAxis = { name: 'weightDecay', target: 'overrides', values: [0, 0.004, 0.01] };
    const points = [{ learningRate: 0.02, weightDecay: 0.01 }, { learningRate: 0.001, weightDecay: 0 }, { learningRate: 0.3, weightDecay: 0.004 }];
    const drawnRuns = points.map((values, index) => ({ ...run(values, 0.5 + index / 10), index, point: index }));
    const record = sweepRecord({ axes: [lrAxis, wdAxis], points, spec: { vary: { learningRate: { from: 0.001, to: 0.3, scale: 'log' }, weightDecay: { from: 0, to: 0.01 } }, search: 'random', samples: 3, repeats: 1, outcome: 'trainAccuracy' }, repeats: 1, runs: drawnRuns });
    const summary = summarizeSweep(record);
    assert.deepEqual(outcomeSeries(summary, sweepXAxis(lrAxis), colorKey(wdAxis)), []);
    assert.equal(otherAxis([lrAxis, wdAxis, units3], 'weightDecay')!.name, 'learningRate');
    const snapshot = sweepSnapshot({ ...record, summary }, SWEEP_EXERCISE, false);
    assert.equal(sweepAxes(snapshot).along, 'learningRate');
    const chosen = sweepAxes(snapshot, 'weightDecay');
    assert.equal(chosen.along, 'weightDecay');
    assert.equal(chosen.key!.name, 'learningRate');
    assert.equal(sweepAxes(snapshot, 'momentum').along, 'learningRate', 'a setting the sweep does not vary is not chosen');
    assert.equal(axesText(record.axes, 3), 'random search, 3 draws of learningRate, weightDecay');
  });

  it('plots outcome against parameters for counted runs that know their size', () => {
    const dots = parameterDots([run({ units: 1 }, 0.5, { parameters: 13 }), run({ units: 2 }, 0.9), run({ units: 3 }, 0.7, { parameters: 39, status: 'stopped' })], 'accuracy');
    assert.deepEqual(dots.map((p) => [p.x, p.y]), [[13, 50]]);
  });
});

// ---------------------------------------------------------------- curves

describe('learning curves', () => {
  const curve = { epoch: [1, 2, 3], trainLoss: [1, 0, 0.5], testLoss: [1.2, 1.1, null as unknown as number], trainAccuracy: [0.5, 0.75, 1], testAccuracy: [0.4, 0.5, 0.6] };

  it('offers the recorded columns, and train and test together when both exist', () => {
    const options = curveChoices([run({ batchSize: 2 }, 1, { curve }), run({ batchSize: 8 }, 1)]);
    assert.deepEqual(options.map((o) => o.value), ['trainLoss', 'testLoss', 'loss', 'trainAccuracy', 'testAccuracy', 'accuracy']);
    assert.deepEqual(curveChoices([run({}, 1, { curve: { epoch: [1], trainLoss: [1], trainR: [0.5] } })]).map((o) => o.label), ['train loss', 'train r']);
    assert.deepEqual(curveColumns('accuracy'), ['trainAccuracy', 'testAccuracy']);
  });

  it('starts on the outcome’s own curve', () => {
    const options = curveChoices([run({}, 1, { curve })]);
    assert.equal(defaultCurveChoice('trainAccuracy', options), 'trainAccuracy');
    assert.equal(defaultCurveChoice('accuracy', options), 'testAccuracy');
    assert.equal(defaultCurveChoice('loss', options), 'testLoss');
    assert.equal(defaultCurveChoice('trainLoss', options), 'trainLoss');
    assert.equal(defaultCurveChoice('r', options), 'trainLoss', 'no r recorded: the first choice');
  });

  it('offers the dev curves of runs with a dev set, and starts on them for a dev outcome', () => {
    const options = curveChoices([run({}, 1, { curve: { ...curve, devLoss: [1.1, 0.9, 1], devAccuracy: [0.5, 0.6, 0.55] } })]);
    assert.deepEqual(options.map((o) => o.value), ['trainLoss', 'devLoss', 'testLoss', 'loss', 'trainAccuracy', 'devAccuracy', 'testAccuracy', 'accuracy']);
    assert.equal(options[1].label, 'dev loss');
    assert.equal(defaultCurveChoice('devAccuracy', options), 'devAccuracy');
    assert.equal(defaultCurveChoice('devLoss', curveChoices([run({}, 1, { curve })])), 'trainLoss', 'no dev curve recorded: the first choice');
  });

  it('turns a curve into points: accuracy in %, gaps for missing values and log(0)', () => {
    const [train, test] = curveLines(curve, 'accuracy');
    assert.deepEqual(train.points, [{ x: 1, y: 50 }, { x: 2, y: 75 }, { x: 3, y: 100 }]);
    assert.equal(test.column, 'testAccuracy');
    const [loss] = curveLines(curve, 'trainLoss', { logLoss: true });
    assert.equal(loss.points[0].y, 1);
    assert.ok(Number.isNaN(loss.points[1].y), 'a zero loss on a log axis is a gap');
    const [testLoss] = curveLines(curve, 'testLoss');
    assert.ok(Number.isNaN(testLoss.points[2].y), 'NaN arrives as null');
    assert.deepEqual(curveLines(undefined, 'trainLoss'), []);
    assert.deepEqual(curveLines({ epoch: [1], trainLoss: [1] }, 'accuracy'), []);
  });
});

// ---------------------------------------------------------------- facts

describe('sweep facts', () => {
  it('writes mean ± sd, in % for accuracies, without a spread for one run', () => {
    assert.equal(formatSpread('accuracy', 0.8625, 0.125), '86.3 ± 12.5 %');
    assert.equal(formatSpread('trainLoss', 0.1234, 0.0456), '0.123 ± 0.046');
    assert.equal(formatSpread('epochsToThreshold', 17.25, 3), '17.3 ± 3.0');
    assert.equal(formatSpread('accuracy', 0.5, 0, 1), '50.0 %');
    assert.equal(formatSpread('accuracy', null, null), '—');
    assert.equal(formatThreshold('trainAccuracy', 0.7), '70%');
    assert.equal(formatThreshold('loss', 0.25), '0.25');
  });

  it('counts the runs above the threshold among the counted runs with an outcome', () => {
    const runs = [run({ learningRate: 0.01 }, 0.9), run({ learningRate: 0.01 }, 0.5), run({ learningRate: 0.01 }, 0.71), run({ learningRate: 0.1 }, null, { status: 'failed' }), run({ learningRate: 0.1 }, null, { status: 'diverged' })];
    const facts = fractionFacts(sweep([lr], runs, { outcome: 'trainAccuracy', threshold: 0.7 }))!;
    assert.deepEqual([facts.count, facts.of, facts.what], [2, 3, 'above 70%']);
    assert.ok(Math.abs(facts.fraction! - 2 / 3) < 1e-12);
    assert.equal(fractionFacts(sweep([lr], runs)), undefined, 'no threshold');
  });

  it('counts runs that reached the threshold for epochsToThreshold', () => {
    const runs = [run({}, 12), run({}, null), run({}, 30), run({}, null, { status: 'failed' })];
    const facts = fractionFacts(sweep([lr], runs, { outcome: 'epochsToThreshold', threshold: 0.9 }))!;
    assert.deepEqual([facts.count, facts.of, facts.fraction], [2, 3, 2 / 3]);
    assert.equal(facts.what, 'reached 90% accuracy');
  });

  it('names the backends, most used first, and the settings and seeds', () => {
    assert.deepEqual(backendsOf([run({}, 1, { backend: 'wasm' }), run({}, 1, { backend: 'fused' }), run({}, 1, { backend: 'fused' }), run({}, 1)]), ['fused', 'wasm']);
    assert.equal(axesText([lr, { name: 'units', values: [1, 2] }]), 'learningRate × 3, units × 2');
    assert.equal(seedsText({ seeds: 'perRun', baseSeed: 1, repeats: 10 }, 500), 'seeds 1..500, one per run');
    assert.equal(seedsText({ seeds: 'perRepeat', baseSeed: 3, repeats: 10 }, 500), 'seeds 3..12');
    assert.equal(seedsText({ seeds: 'perRepeat', baseSeed: 3, repeats: 1 }, 5), 'seed 3');
  });

  it('makes a row per setting (line) or per value pooled over the other setting (grid)', () => {
    const line = summarizeSweep(sweep([lr], [run({ learningRate: 0.001 }, 0.5, { parameters: 67 }), run({ learningRate: 0.1 }, 0.9, { parameters: 67 })]));
    const rows = settingRows(line, 'learningRate');
    assert.deepEqual(rows.map((r) => [r.label, r.stats.n, r.parameters]), [['0.001', 1, 67], ['0.01', 0, undefined], ['0.1', 1, 67]]);

    const a: SweepAxis = { name: 'activation', target: 'modelParams', values: ['relu', 'linear'] };
    const grid = summarizeSweep(sweep([a, lr], [run({ activation: 'relu', learningRate: 0.001 }, 0.5), run({ activation: 'relu', learningRate: 0.1 }, 0.7), run({ activation: 'linear', learningRate: 0.1 }, 1)]));
    const pooled = settingRows(grid, 'activation');
    assert.deepEqual(pooled.map((r) => [r.label, r.stats.n, r.stats.mean]), [['relu', 2, 0.6], ['linear', 1, 1]]);
  });

  it('shades heatmap cells from the lowest to the highest mean', () => {
    const grid = heatGrid({ rows: 'layers', columns: 'units', rowValues: [1, 2], columnValues: [4, 8], mean: [[0.5, 0.75], [1, null]], fractionAbove: [[0, 1], [1, null]], n: [[1, 2], [1, 0]] }, 'accuracy');
    assert.deepEqual(grid.cells.flat().map((c) => [c.text, c.level]), [['50', 0], ['75', 0.5], ['100', 1], ['', 0]]);
    assert.deepEqual([grid.min, grid.max, grid.rows, grid.columns], [0.5, 1, ['1', '2'], ['4', '8']]);
    assert.equal(grid.cells[0][1].n, 2);
    assert.equal(heatGrid({ rows: 'a', columns: 'b', rowValues: [1], columnValues: [1], mean: [[0.1234]], fractionAbove: [[null]], n: [[1]] }, 'loss').cells[0][0].text, '0.12');
  });
});

// ---------------------------------------------------------------- comparison

describe('comparing two sweeps', () => {
  const make = (id: string, startedAt: number, axis: SweepAxis, outcomes: number[], extra: Partial<SweepResult> = {}) => {
    const s = sweep([axis], outcomes.map((o, i) => run({ [axis.name]: axis.values[i % axis.values.length] }, o)), { id, startedAt, ...extra });
    return { sweep: s, summary: summarizeSweep(s) };
  };

  it('overlays the same outcome along the same setting, and sets the facts side by side', () => {
    const now = make('now', 2, lr, [0.5, 0.7, 0.9], { prediction: { shape: 'rising', recordedAt: 1 } });
    const before = make('before', 1, { ...lr, values: [0.0001, 0.001] }, [0.4, 0.6]);
    const c = compareSweeps(now, before);
    assert.equal(c.overlay, true);
    assert.equal(c.current.shape, 'rising');
    assert.equal(c.current.prediction, 'rising');
    assert.equal(c.current.matches, true);
    assert.ok(Math.abs(c.current.mean! - 0.7) < 1e-12);
    assert.equal(c.earlier.prediction, undefined);
    assert.equal(c.earlier.matches, undefined);
  });

  it('says why when the sweeps cannot share a chart', () => {
    const now = make('now', 2, lr, [0.5]);
    assert.match(compareSweeps(now, make('b', 1, lr, [0.5], { exercise: 'hidden-units' })).reason!, /another exercise \(hidden-units\)/);
    assert.match(compareSweeps(now, make('b', 1, lr, [0.5], { outcome: 'trainAccuracy' })).reason!, /measured the final train accuracy, this one the final accuracy/);
    assert.match(compareSweeps(now, make('b', 1, { name: 'units', target: 'modelParams', values: [1, 2] }, [0.5])).reason!, /varied units, this one learningRate/);
    const words = (values: string[]) => make('w', 1, { name: 'activation', target: 'modelParams', values }, [0.5]);
    assert.equal(compareSweeps(words(['relu', 'linear']), words(['linear'])).overlay, true);
    assert.match(compareSweeps(words(['relu', 'linear']), words(['tanh'])).reason!, /the later sweep|the earlier sweep tried other values of activation \(tanh\)/);
    assert.match(compareSweeps(make('a', 1, lr, [0.5]), make('b', 5, lr, [0.5], { exercise: 'x' })).reason!, /^the later sweep/);
  });

  it('gives no shape to a sweep without results', () => {
    const empty = sweep([lr], [], { prediction: { shape: 'flat', recordedAt: 1 } });
    const facts = sweepFacts(empty, summarizeSweep(empty));
    assert.equal(facts.shape, undefined);
    assert.equal(facts.prediction, 'flat');
    assert.equal(facts.matches, undefined);
  });
});

describe('prediction: too early to tell', () => {
  // 50 learning rates x 10 repeats, repeat-major as the plan runs them.
  const values = Array.from({ length: 50 }, (_, i) => 0.001 * (i + 1));
  const record = sweepRecord({ repeats: 10, axes: [{ name: 'learningRate', target: 'overrides', values }], spec: { vary: { learningRate: values }, repeats: 10, outcome: 'trainAccuracy' } });
  const after = (count: number, status?: SweepResult['status']) => {
    const runs = Array.from({ length: count }, (_, index) => run({ learningRate: values[index % 50] }, 0.5 + (index % 50) / 100, { index, point: index % 50, repeat: Math.floor(index / 50) }));
    const live = reduceSweep(sweepSnapshot(record, SWEEP_EXERCISE), { type: 'sweepRuns', sweepId: 's1', runs })!;
    return status ? reduceSweep(live, { type: 'sweepFinished', sweepId: 's1', sweep: { ...record, runs, status } })! : live;
  };

  it('waits until every value of the swept setting has two runs', () => {
    const early = shapeReadiness(after(18));
    assert.deepEqual(early, { ready: false, needed: 2, valuesReady: 0, values: 50 });
    assert.match(tooEarlyText(early, 'learningRate'), /^Too early to tell: .* every learningRate value has 2 runs \(0 of 50 have so far\)/);
    assert.equal(shapeReadiness(after(99)).ready, false);
    assert.deepEqual(shapeReadiness(after(100)), { ready: true, needed: 2, valuesReady: 50, values: 50 });
  });

  it('judges a sweep that ended, however few runs it had', () => {
    assert.equal(shapeReadiness(after(18, 'cancelled')).ready, true);
  });

  it('needs one run per value when the sweep plans only one', () => {
    const once = sweepSnapshot(sweepRecord({ repeats: 1 }), SWEEP_EXERCISE);
    assert.equal(shapeReadiness(once).needed, 1);
  });
});
