// Sweeps, the pure part: spec parsing and expansion, reading a learner's sweep without running it,
// aggregation against hand-computed values, shape classification on hand-made data, sweep checks.
import * as assert from 'node:assert/strict';
import { evaluateSweepCheck, parseSweepCheck, type SweepCheckSpec } from '../src/engine/checks';
import { DlxError } from '../src/engine/errors';
import { loadExercise, loadPack } from '../src/engine/pack';
import {
  describeOutcome, classifyShape, createRunRecorder, expandAxis, expandSweep, isBimodal, parseSweepSpec, predictionMatches, readSweepLiteral,
  resolveSweepSpec, runValue, summarizeSweep, SweepLiteralError, thinCurve, thinValues,
  type SweepAxis, type SweepRunResult, type SweepSpec, type SweepValue,
} from '../src/engine/sweep';
import { Validator } from '../src/engine/validate';
import type { EpochMetrics } from '../src/engine/results';
import { miniPack, PACK } from './helpers/fixtures';

const v = new Validator('model.ts', 'settings');
const parse = (raw: unknown) => parseSweepSpec(raw, 'sweep', v);
const settingsError = (pattern: RegExp) => (e: unknown) => e instanceof DlxError && e.kind === 'settings' && pattern.test(e.message);

/** A finished run with a given outcome, for aggregation tests. */
function run(index: number, values: Record<string, SweepValue>, outcome: number | null, extra: Partial<SweepRunResult> = {}): SweepRunResult {
  return { index, point: 0, repeat: 0, values, seed: 1 + index, status: 'completed', outcome, ...extra };
}

describe('sweep specs', () => {
  it('expands lists, linear and log ranges, steps and rounding', () => {
    assert.deepEqual(expandAxis([0.1, 0.01, 'full' as unknown as number]), [0.1, 0.01, 'full']);
    const linear = expandAxis({ from: 0.001, to: 0.1, count: 50 });
    assert.equal(linear.length, 50);
    assert.equal(linear[0], 0.001);
    assert.equal(linear[49], 0.1);
    // np.linspace(.001, .1, 50)[1] = 0.003020408163265306
    assert.ok(Math.abs((linear[1] as number) - 0.003020408163265306) < 1e-12);
    assert.deepEqual(expandAxis({ from: 2, to: 512, count: 5, scale: 'log' }), [2, 8, 32, 128, 512]);
    assert.deepEqual(expandAxis({ from: 4, to: 100, step: 3 }).slice(0, 4), [4, 7, 10, 13]);
    assert.equal(expandAxis({ from: 4, to: 100, step: 3 }).length, 33);
    assert.deepEqual(expandAxis({ from: 0.1, to: 0.3, step: 0.1 }), [0.1, 0.2, 0.3]);
    assert.deepEqual(expandAxis({ from: 1, to: 100, count: 4, scale: 'log', round: true }), [1, 5, 22, 100]);
    assert.deepEqual(expandAxis({ from: 1, to: 2, count: 5, round: true }), [1, 2]);
  });

  it('validates: one or two settings, sweepable names, valid setting values, known fields', () => {
    assert.throws(() => parse({ vary: {} }), settingsError(/sweep\.vary must name one setting \(a line\) or two \(a grid\), got 0/));
    assert.throws(() => resolveSweepSpec(parse({ vary: { a: [1], b: [1], c: [1] } }), undefined, v), settingsError(/got 3/));
    assert.throws(() => parse({ vary: { seed: [1, 2] } }), settingsError(/sweep\.vary\.seed cannot be varied: repeats vary the seed/));
    assert.throws(() => parse({ vary: { learningRate: [0.1, 20] } }), settingsError(/learningRate must be at most 10, got 20/));
    assert.throws(() => parse({ vary: { batchSize: [2.5] } }), settingsError(/batchSize must be a whole number/));
    assert.throws(() => parse({ vary: { optimizer: ['sgd', 'adamw'] } }), settingsError(/optimizer must be one of/));
    assert.throws(() => parse({ vary: { units: [1, 1] } }), settingsError(/lists a value twice/));
    assert.throws(() => resolveSweepSpec(parse({ vary: { units: { from: 1, to: 9 } } }), undefined, v), settingsError(/needs either "count".*or "step"/));
    assert.throws(() => parse({ vary: { lr: { from: 0, to: 1, count: 3, scale: 'log' } } }), settingsError(/log range needs "from" and "to" above 0/));
    assert.throws(() => parse({ vary: { units: [1] }, repeat: 3 }), settingsError(/sweep\.repeat is not a known field/));
    assert.throws(() => parse({ vary: { units: [1] }, outcome: 'auc' }), settingsError(/sweep\.outcome must be one of/));
    assert.deepEqual(parse({ vary: { batchSize: [2, 'full'] }, repeats: 3, outcome: 'testAccuracy', threshold: 0.7 }),
      { vary: { batchSize: [2, 'full'] }, repeats: 3, outcome: 'testAccuracy', threshold: 0.7 });
  });

  it("resolves the learner's sweep over the exercise's, field by field, with defaults", () => {
    const exercise = parse({ outcome: 'trainAccuracy', threshold: 0.7, seeds: 'perRun' });
    const learner = parse({ vary: { learningRate: [0.01, 0.1] }, threshold: 0.8 });
    assert.deepEqual(resolveSweepSpec(exercise, learner, v), { vary: { learningRate: [0.01, 0.1] }, repeats: 1, outcome: 'trainAccuracy', threshold: 0.8, seeds: 'perRun' });
    assert.deepEqual(resolveSweepSpec(undefined, { vary: { units: [1] } }, v), { vary: { units: [1] }, repeats: 1, outcome: 'accuracy' });
    assert.throws(() => resolveSweepSpec(exercise, undefined, v), settingsError(/does not say what to vary/));
    assert.throws(() => resolveSweepSpec(undefined, { vary: { units: [1] }, outcome: 'epochsToThreshold' }, v), settingsError(/threshold is needed/));
    assert.throws(() => resolveSweepSpec(undefined, { vary: { units: [1] }, along: 'layers' }, v), settingsError(/along names "layers", which the sweep does not vary/));
  });

  it('plans runs: settings to overrides, the rest to modelParams; grids row-major; repeats repeat-major; seeds', () => {
    const spec: SweepSpec = { vary: { layers: [1, 2], units: [4, 8, 16] }, repeats: 2, outcome: 'accuracy' };
    const plan = expandSweep(spec, { baseSeed: 7 });
    assert.deepEqual(plan.axes.map((a) => [a.name, a.target]), [['layers', 'modelParams'], ['units', 'modelParams']]);
    // The optimizer's values are settings too: they reach the optimizer, not createModel(params).
    assert.deepEqual(expandSweep({ vary: { beta1: [0.8, 0.9], rho: [0.9] }, repeats: 1, outcome: 'accuracy' }, { baseSeed: 1 }).axes.map((a) => a.target), ['overrides', 'overrides']);
    assert.equal(plan.points.length, 6);
    assert.deepEqual(plan.points.slice(0, 4), [{ layers: 1, units: 4 }, { layers: 1, units: 8 }, { layers: 1, units: 16 }, { layers: 2, units: 4 }]);
    assert.equal(plan.runs.length, 12);
    assert.deepEqual(plan.runs.map((r) => r.seed), [7, 7, 7, 7, 7, 7, 8, 8, 8, 8, 8, 8], 'perRepeat: seed + repeat index');
    assert.deepEqual(plan.runs[7], { index: 7, point: 1, repeat: 1, seed: 8, values: { layers: 1, units: 8 }, overrides: {}, dataFields: {}, modelParams: { layers: 1, units: 8 } });
    const perRun = expandSweep({ ...spec, seeds: 'perRun' }, { baseSeed: 7 });
    assert.deepEqual(perRun.runs.map((r) => r.seed), [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18], 'perRun: seed + run index');
    const lr = expandSweep({ vary: { learningRate: [0.01, 0.1], activation: ['relu', 'linear'] }, repeats: 1, outcome: 'accuracy' }, { baseSeed: 1 });
    assert.deepEqual(lr.runs[1], { index: 1, point: 1, repeat: 0, seed: 1, values: { learningRate: 0.01, activation: 'linear' }, overrides: { learningRate: 0.01 }, dataFields: {}, modelParams: { activation: 'linear' } });    const penalties = expandSweep({ vary: { weightDecay: [0, 0.1], l1: [0.01] }, repeats: 1, outcome: 'accuracy' }, { baseSeed: 1 });
    assert.deepEqual(penalties.runs[1].overrides, { weightDecay: 0.1, l1: 0.01 }, 'the regularization settings go to the experiment, not to createModel');
  });

  it("thins to dlx validate's reduced sizes: evenly spaced values with both ends, fewer repeats", () => {
    assert.deepEqual(thinValues([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 4), [1, 4, 7, 10]);
    assert.deepEqual(thinValues([1, 2, 3], 5), [1, 2, 3]);
    const plan = expandSweep({ vary: { layers: [1, 2, 3, 4, 5], units: { from: 4, to: 100, step: 3 } }, repeats: 10, outcome: 'accuracy' }, { baseSeed: 1, quick: { maxValues: { units: 12 }, repeats: 2 } });
    assert.deepEqual(plan.axes.map((a) => a.values.length), [5, 12]);
    assert.deepEqual([plan.axes[1].values[0], plan.axes[1].values[11]], [4, 100]);
    assert.equal(plan.runs.length, 5 * 12 * 2);
    assert.equal(plan.spec.repeats, 2);
  });
});

describe("reading a learner file's sweep without running it", () => {
  it('reads a plain literal: comments, a commented-out decoy, as const, trailing commas, quotes', () => {
    const source = `import * as tf from '@tensorflow/tfjs';
// export const sweep = { vary: { nope: [1] } };
/* export const sweep = 3; */
export const sweep = {
  vary: { learningRate: { from: 1e-3, to: .1, count: 50, }, 'act': ["relu", 'linear'] }, // a grid
  repeats: 10,
  outcome: 'trainAccuracy', threshold: 0.7, ok: true, gone: undefined,
} as const;
export function createModel() { return 1; }`;
    const literal = readSweepLiteral(source)!;
    assert.equal(literal.line, 4);
    assert.deepEqual(literal.value, {
      vary: { learningRate: { from: 0.001, to: 0.1, count: 50 }, act: ['relu', 'linear'] },
      repeats: 10, outcome: 'trainAccuracy', threshold: 0.7, ok: true, gone: undefined,
    });
  });

  it('finds `const sweep` exported later, and says nothing when there is no sweep', () => {
    assert.deepEqual(readSweepLiteral('const sweep = { repeats: 2 };\nexport { sweep };')?.value, { repeats: 2 });
    assert.equal(readSweepLiteral('const sweep = { repeats: 2 };'), undefined, 'not exported');
    assert.equal(readSweepLiteral("export const experiment = { epochs: 3 }; const s = 'export const sweep = 1';"), undefined);
  });

  it('refuses code, with the line and column', () => {
    const source = 'export const experiment = {};\nexport const sweep = {\n  vary: { units: [1, 2].map((x) => x * 2) },\n};';
    assert.throws(() => readSweepLiteral(source), (e: unknown) => e instanceof SweepLiteralError && e.line === 3 && e.column === 24 && /plain data/.test(e.message) && /expected "," or "}"/.test(e.message));
    assert.throws(() => readSweepLiteral('export const sweep = { vary: { units: RANGE } };'), (e: unknown) => e instanceof SweepLiteralError && /"RANGE\b/.test(e.message));
    assert.throws(() => readSweepLiteral('export const sweep = { vary: { a: [...xs] } };'), /spread/);
    assert.throws(() => readSweepLiteral('export const sweep = { note: `n=${n}` };'), /template/);
  });
});

describe('sweep outcomes and curves', () => {
  const epochs: EpochMetrics[] = Array.from({ length: 1000 }, (_, i) => ({
    epoch: i + 1,
    train: { loss: 1 / (i + 1), accuracy: Math.min(1, 0.5 + i / 1000) },
    test: { loss: 2 / (i + 1), accuracy: 0.6 },
  }));

  it('thins curves to at most 200 points, first and last epoch kept', () => {
    const curve = thinCurve(epochs);
    assert.equal(curve.epoch.length, 200);
    assert.equal(curve.epoch[0], 1);
    assert.equal(curve.epoch[199], 1000);
    assert.equal(curve.trainLoss[199], 1 / 1000);
    assert.ok(curve.testAccuracy && curve.trainAccuracy && !curve.trainR);
    assert.equal(thinCurve(epochs.slice(0, 30)).epoch.length, 30);
  });

  it('picks the outcome: named split, or test when held out; epochs to a threshold', () => {
    const recorder = createRunRecorder({ outcome: 'epochsToThreshold', threshold: 0.9, thresholdMetric: 'trainAccuracy' });
    recorder.add(epochs.slice(0, 500));
    recorder.add(epochs.slice(500));
    // train accuracy 0.5 + i/1000 reaches 0.9 at i = 400, epoch 401.
    assert.equal(recorder.outcome({ train: { loss: 0 } }), 401);
    const never = createRunRecorder({ outcome: 'epochsToThreshold', threshold: 0.9 });
    never.add(epochs);
    assert.equal(never.outcome({ train: { loss: 0 }, test: { loss: 0 } }), null, 'accuracy means test accuracy here: 0.6, never 0.9');
    const final = { train: { loss: 0.2, accuracy: 0.95 }, test: { loss: Number.NaN, accuracy: 0.8 } };
    assert.equal(createRunRecorder({ outcome: 'accuracy' }).outcome(final), 0.8);
    assert.equal(createRunRecorder({ outcome: 'trainAccuracy' }).outcome(final), 0.95);
    assert.equal(createRunRecorder({ outcome: 'testLoss' }).outcome(final), null, 'NaN is no outcome');
    assert.equal(createRunRecorder({ outcome: 'loss' }).outcome({ train: { loss: 0.2 } }), 0.2);
    // The final macro F1: test when held out, or the split named.
    const withF1 = { train: { loss: 0.2, f1: 0.9 }, test: { loss: 0.3, f1: 0.7 } };
    assert.equal(createRunRecorder({ outcome: 'f1' }).outcome(withF1), 0.7);
    assert.equal(createRunRecorder({ outcome: 'trainF1' }).outcome(withF1), 0.9);
    assert.equal(describeOutcome({ outcome: 'testF1' }), 'final test macro F1');
    assert.equal(createRunRecorder({ outcome: 'f1' }).outcome({ train: { loss: 0.2, r: 0.5 } }), null, 'a regression has no F1');
    const r = run(0, {}, 0.95, { metrics: final, curve: thinCurve(epochs) });
    assert.equal(runValue(r, 'testAccuracy'), 0.8);
    assert.ok(Math.abs(runValue(r, 'trainAccuracy', 100)! - 0.6) < 0.006, 'nearest recorded epoch to 100');
  });
});

describe('sweep aggregation (hand-computed)', () => {
  const axes: SweepAxis[] = [{ name: 'lr', target: 'overrides', values: [0.01, 0.1] }];
  const runs: SweepRunResult[] = [
    run(0, { lr: 0.01 }, 0.5), run(1, { lr: 0.1 }, 1.0),
    run(2, { lr: 0.01 }, 0.9), run(3, { lr: 0.1 }, 0.8),
    run(4, { lr: 0.01 }, 0.7), run(5, { lr: 0.1 }, null, { status: 'failed', error: { kind: 'crash', message: 'x' } }),
    run(6, { lr: 0.01 }, 0.6, { status: 'diverged' }),
  ];

  it('per setting: mean, sample std, min, max, n, failed, fraction above the threshold', () => {
    const summary = summarizeSweep({ axes, outcome: 'accuracy', threshold: 0.65, runs });
    const [low, high] = summary.points;
    // lr 0.01: 0.5, 0.9, 0.7, 0.6 (diverged runs count) -> mean 0.675, var = (0.030625+0.050625+0.000625+0.005625)/3
    assert.equal(low.n, 4);
    assert.ok(Math.abs(low.mean! - 0.675) < 1e-12);
    assert.ok(Math.abs(low.std! - Math.sqrt(0.0875 / 3)) < 1e-12);
    assert.deepEqual([low.min, low.max, low.failed, low.runs, low.fractionAbove], [0.5, 0.9, 0, 4, 0.5]);
    // lr 0.1: 1.0, 0.8 and a failed run
    assert.deepEqual([high.n, high.failed, high.runs, high.fractionAbove], [2, 1, 3, 1]);
    assert.ok(Math.abs(high.mean! - 0.9) < 1e-12);
    assert.ok(Math.abs(high.std! - Math.sqrt(0.02)) < 1e-12);
    assert.equal(summary.overall.n, 6);
    assert.ok(Math.abs(summary.overall.fractionAbove! - 4 / 6) < 1e-12);
    assert.deepEqual(summary.counts, { completed: 5, stopped: 0, diverged: 1, failed: 1, cancelled: 0 });
    assert.equal(summarizeSweep({ axes, outcome: 'accuracy', runs }).overall.fractionAbove, null, 'no threshold, no fraction');
    assert.equal(summarizeSweep({ axes, outcome: 'accuracy', runs: [run(0, { lr: 0.01 }, 0.5)] }).points[0].std, 0);
  });

  it('a grid: matrix of means, marginals per setting; epochsToThreshold counts reaching runs', () => {
    const grid: SweepAxis[] = [{ name: 'layers', target: 'modelParams', values: [1, 2] }, { name: 'units', target: 'modelParams', values: [4, 8, 16] }];
    const gridRuns = [
      run(0, { layers: 1, units: 4 }, 10, { parameters: 30 }), run(1, { layers: 1, units: 8 }, 20, { parameters: 60 }), run(2, { layers: 1, units: 16 }, null, { parameters: 120 }),
      run(3, { layers: 2, units: 4 }, 40, { parameters: 50 }), run(4, { layers: 2, units: 8 }, null, { status: 'failed' }), run(5, { layers: 2, units: 16 }, 60, { parameters: 400 }),
    ];
    const summary = summarizeSweep({ axes: grid, outcome: 'epochsToThreshold', threshold: 0.9, runs: gridRuns });
    assert.deepEqual(summary.grid!.mean, [[10, 20, null], [40, null, 60]]);
    assert.deepEqual(summary.grid!.n, [[1, 1, 0], [1, 0, 1]]);
    assert.deepEqual(summary.grid!.fractionAbove, [[1, 1, 0], [1, null, 1]]);
    assert.deepEqual(summary.marginals.units.map((p) => p.mean), [25, 20, 60]);
    assert.deepEqual(summary.marginals.layers.map((p) => p.fractionAbove), [2 / 3, 1], 'reached of finished runs');
    assert.deepEqual(summary.points.map((p) => p.parameters), [30, 60, 120, 50, undefined, 400]);
    assert.equal(summary.parameters!.min, 30);
    assert.equal(summary.parameters!.runs, 4);
  });
});

describe('shape classification (hand-made data)', () => {
  const line = (means: number[], spread = 0, perPoint = 1) => means.map((m, i) => Array.from({ length: perPoint }, (_, k) => m + (k % 2 ? spread : -spread) * ((i % 3) + 1) / 3));
  const shape = (groups: number[][], tolerance = 0.03) => classifyShape(groups, { tolerance }).shape;

  it('flat, rising, falling, inverted-U', () => {
    assert.equal(shape(line([0.9, 0.91, 0.9, 0.92, 0.9, 0.91])), 'flat');
    assert.equal(shape(line([0.5, 0.6, 0.7, 0.8, 0.9, 0.95])), 'rising');
    assert.equal(shape(line([0.95, 0.9, 0.8, 0.7, 0.6, 0.5])), 'falling');
    assert.equal(shape(line([0.5, 0.7, 0.9, 0.95, 0.9, 0.7, 0.5])), 'inverted-U');
    assert.equal(shape([[0.5], [0.9]]), 'rising', 'two settings');
    assert.equal(shape([[0.5]]), 'flat', 'one setting');
    // A saturating rise: most of it in the first third, then a plateau with noise.
    const saturating = Array.from({ length: 60 }, (_, i) => [i < 4 ? 0.33 : 0.93 + ((i * 7) % 5) / 100]);
    assert.equal(shape(saturating), 'rising');
  });

  it('noise from seeds does not make a shape; two clusters of outcomes without a trend are bimodal', () => {
    // Each setting: 4 runs at 0.5 or 1.0 in the same proportion: no trend, bimodal.
    const bimodal = Array.from({ length: 10 }, (_, i) => [0.5, 1, 1, i % 2 ? 0.5 : 1]);
    assert.equal(shape(bimodal), 'bimodal');
    assert.equal(classifyShape(bimodal).bimodal, true);
    // A wobble of +-0.05 around 0.8 with 3 runs per setting that differ by 0.2: within the standard errors.
    const noisy = [0.8, 0.85, 0.75, 0.8, 0.84, 0.76, 0.8].map((m) => [m - 0.1, m, m + 0.1]);
    assert.equal(shape(noisy), 'flat');
    // A rise that is also bimodal keeps its trend, and says bimodal too.
    const risingBimodal = Array.from({ length: 9 }, (_, i) => (i < 3 ? [0.5, 0.5, 0.5, 1] : i < 6 ? [0.5, 1, 1, 0.5] : [1, 1, 1, 0.5]));
    const observed = classifyShape(risingBimodal);
    assert.deepEqual([observed.shape, observed.bimodal], ['rising', true]);
  });

  it('bimodality: two groups far apart for their spread, each at least 10% of the runs', () => {
    assert.equal(isBimodal([0.5, 0.5, 0.51, 0.49, 0.98, 1, 0.99, 1, 0.08], 0.03), true, 'an outlier does not hide two groups');
    assert.equal(isBimodal(Array.from({ length: 50 }, (_, i) => i / 50), 0.03), false, 'uniform');
    assert.equal(isBimodal([0.5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 0.03), false, 'one run alone is not a group');
    assert.equal(isBimodal([0.9, 0.91, 0.92, 0.93], 0.03), false, 'within the tolerance');
  });

  it('a prediction matches the observed trend, or bimodal when the runs are bimodal', () => {
    assert.equal(predictionMatches('rising', { shape: 'rising', bimodal: true }), true);
    assert.equal(predictionMatches('bimodal', { shape: 'rising', bimodal: true }), true);
    assert.equal(predictionMatches('bimodal', { shape: 'rising', bimodal: false }), false);
    assert.equal(predictionMatches('flat', { shape: 'bimodal', bimodal: true }), false);
  });
});

describe('sweep checks', () => {
  const declared: SweepSpec = { vary: { units: { from: 1, to: 8, step: 1 } }, repeats: 2, outcome: 'accuracy', threshold: 0.75 };
  const axes: SweepAxis[] = [{ name: 'units', target: 'modelParams', values: [1, 2, 3, 4, 5, 6, 7, 8] }];
  const settings = { learningRate: 0.01, batchSize: 'full' as const, epochs: 150, optimizer: 'sgd', loss: 'crossEntropy', testFraction: 0 };
  const runs = axes[0].values.flatMap((units, i) => [0, 1].map((repeat) => run(i * 2 + repeat, { units }, 0.3 + 0.08 * i + 0.01 * repeat, {
    repeat, parameters: 10 * (units as number), settings, checks: [{ name: 'three classes', passed: true, message: '' }],
  })));
  const facts = { declared, axes, runs, summary: summarizeSweep({ axes, outcome: 'accuracy', threshold: 0.75, runs }), quick: false };
  const check = (raw: object) => evaluateSweepCheck(parseSweepCheck(raw, 'c', new Validator('exercise.json', 'pack')) as SweepCheckSpec, facts);

  it('verify that the sweep ran as asked', () => {
    assert.equal(check({ kind: 'sweepVaries', setting: 'units', minValues: 8, from: 1, to: 8, scale: 'linear' }).passed, true);
    assert.match(check({ kind: 'sweepVaries', setting: 'units', minValues: 128 }).message, /has 8 values of units; this exercise asks for at least 128/);
    assert.match(check({ kind: 'sweepVaries', setting: 'layers' }).message, /does not vary layers; it varies units/);
    assert.equal(check({ kind: 'sweepRepeats', min: 2 }).passed, true);
    assert.equal(check({ kind: 'sweepRepeats', min: 3 }).passed, false);
    assert.equal(check({ kind: 'runSettings', settings: { epochs: 150, batchSize: 'full' } }).passed, true);
    assert.match(check({ kind: 'runSettings', settings: { epochs: 1000 } }).message, /run 1 \(units 1, seed 1\) used epochs 150; this exercise asks for 1000/);
    assert.equal(check({ kind: 'modelGrows', setting: 'units' }).passed, true);
    assert.equal(check({ kind: 'runChecks' }).passed, true);
    assert.equal(check({ kind: 'runsFinished' }).passed, true);
    assert.equal(check({ kind: 'sweepOutcome', oneOf: ['accuracy'], threshold: 0.75 }).passed, true);
    assert.match(check({ kind: 'sweepOutcome', oneOf: ['testAccuracy'] }).message, /measures accuracy; this exercise asks for testAccuracy/);
  });

  it('the model must follow its parameter', () => {
    const flat = runs.map((r) => ({ ...r, parameters: 403 }));
    const result = evaluateSweepCheck({ kind: 'modelGrows', setting: 'units' }, { ...facts, runs: flat });
    assert.equal(result.passed, false);
    assert.match(result.message, /403 trainable parameters whatever units is: does your model use `params\.units`\?/);
  });

  it('judge the outcome: stats, comparisons, shape, correlation', () => {
    // units 1..8: outcome 0.3 + 0.08 i (+0.01 for repeat 1): units >= 6 -> i = 5, 6, 7
    assert.equal(check({ kind: 'sweepStat', stat: 'mean', where: { units: { min: 6 } }, min: 0.78 }).passed, true);
    assert.match(check({ kind: 'sweepStat', stat: 'mean', where: { units: { min: 6 } }, min: 0.9 }).message, /mean of final accuracy \(units >= 6; 6 of 6 runs\) is 78\.5%; it needs to reach 90\.0%/);
    assert.equal(check({ kind: 'sweepStat', stat: 'fractionAbove', min: 0.25, max: 0.25 }).passed, true, '4 of 16 runs above 0.75');
    assert.equal(check({ kind: 'sweepCompare', stat: 'mean', higher: { units: 8 }, lower: { units: 1 }, margin: 0.5 }).passed, true);
    assert.equal(check({ kind: 'sweepCompare', stat: 'mean', higher: { units: 1 }, lower: { units: 8 } }).passed, false);
    assert.equal(check({ kind: 'sweepShape', oneOf: ['rising'] }).passed, true);
    assert.equal(check({ kind: 'sweepShape', oneOf: ['flat', 'falling'] }).passed, false);
    assert.equal(check({ kind: 'sweepShape', bimodal: true }).passed, false);
    assert.equal(check({ kind: 'sweepCorrelation', with: 'parameters', min: 0.9 }).passed, true);
    assert.match(check({ kind: 'sweepCorrelation', with: 'units', max: 0.5 }).message, /Spearman correlation of units and final accuracy \(all settings, 16 runs\) is 0\.99/);
    assert.match(check({ kind: 'sweepStat', stat: 'mean', where: { layers: 2 }, min: 0 }).message, /does not vary layers/);
  });

  it('parse errors name the path', () => {
    const p = (raw: object) => () => parseSweepCheck(raw, '$.sweepChecks[0]', new Validator('exercise.json', 'pack'));
    assert.throws(p({ kind: 'sweepStat', stat: 'mean' }), /\$\.sweepChecks\[0\] needs "min" or "max"/);
    assert.throws(p({ kind: 'sweepShape' }), /needs "oneOf" \(shapes\) or "bimodal"/);
    assert.throws(p({ kind: 'sweepShape', oneOf: ['wavy'] }), /oneOf\[0\] must be one of "flat", "rising"/);
    assert.throws(p({ kind: 'sweepStat', stat: 'median', min: 0 }), /stat must be one of/);
    assert.throws(p({ kind: 'runSettings', settings: { seed: 1 } }), /settings\.seed is not a known field/);
  });
});

describe('sweep exercises in packs', () => {
  it('the bundled sweep exercises load, with their sweeps, checks and validation sizes', () => {
    const pack = loadPack(PACK);
    const sweeps = pack.exercises.filter((e) => e.sweepChecks.length > 0).map((e) => e.id);
    assert.deepEqual(sweeps, ['learning-rates', 'linear-vs-nonlinear', 'hidden-units', 'breadth-vs-depth', 'minibatch-size', 'count-parameters', 'learning-rates-single', 'regression-slope']);
    const lr = pack.exercises.find((e) => e.id === 'learning-rates')!;
    assert.deepEqual(lr.sweep, { outcome: 'trainAccuracy', seeds: 'perRun' });
    assert.deepEqual(lr.sweepValidation, { repeats: 2 });
    assert.deepEqual(pack.exercises.find((e) => e.id === 'many-qwerties')!.sweepChecks, []);
  });

  it('exercise.json sweep fields are validated; an exercise may have only sweep checks', () => {
    const exercise = (patch: object) => JSON.stringify({
      id: 'ex', title: 'Ex', instructions: 'README.md', starter: 'starter.ts', solution: 'solution.ts', learnerFile: 'ex.ts', ...patch,
    });
    const load = (patch: object) => loadExercise(`${miniPack({ 'ex/exercise.json': exercise(patch) })}/ex`);
    assert.throws(() => load({ sweepChecks: [{ kind: 'sweepRepeats', min: 0 }] }), /\$\.sweepChecks\[0\]\.min must be at least 1/);
    assert.throws(() => load({ checks: [], sweep: { vary: { seed: [1] } }, sweepChecks: [{ kind: 'runsFinished' }] }), /\$\.sweep\.vary\.seed cannot be varied/);
    assert.throws(() => load({ sweepChecks: [{ kind: 'runsFinished' }], sweepValidation: { maxValue: 3 } }), /sweepValidation\.maxValue is not a known field/);
    assert.throws(() => load({ checks: [] }), /\$\.checks must list at least one check/);
    const ok = load({ sweep: { vary: { units: [1, 2] } }, sweepChecks: [{ kind: 'runsFinished' }], sweepValidation: { maxValues: { units: 1 } } });
    assert.deepEqual([ok.checks, ok.sweep, ok.sweepValidation], [[], { vary: { units: [1, 2] } }, { maxValues: { units: 1 } }]);
  });
});
