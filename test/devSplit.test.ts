// The three-way split (experiment.devFraction, experiment.split) and early stopping (experiment.earlyStopping).
import * as assert from 'node:assert/strict';
import { evaluateCheck, parseCheck } from '../src/engine/checks';
import { makeClusters, splitDataset, type Split } from '../src/engine/data';
import { createEarlyStopper } from '../src/engine/earlyStopping';
import type { EpochMetrics } from '../src/engine/results';
import { OVERFITTING_LEARNER } from './helpers/fixtures';
import { axisTarget, createRunRecorder, describeOutcome, runValue, thinCurve, type SweepRunResult } from '../src/engine/sweep';
import { runLearner } from './helpers/training';
import { Validator } from '../src/engine/validate';

const TEN_PER_CLASS = makeClusters({ kind: 'clusters', centers: [[0, 0], [5, 0], [0, 5]], perCluster: 10, blur: 1 }, 1);
const labels = (split: Split | null) => Array.from(split!.y);
const count = (split: Split | null, label: number) => labels(split).filter((y) => y === label).length;

/** Epoch metrics with only what the stopper reads. */
const epochOf = (epoch: number, devLoss: number, trainAccuracy = 0.5): EpochMetrics => ({ epoch, train: { loss: 1, accuracy: trainAccuracy }, dev: { loss: devLoss } });

describe('three-way split', () => {
  it("'random': test gets ceil(30 * 0.1) = 3 rows, dev ceil(30 * 0.2) = 6, train the other 21; the test rows are those without a dev set", () => {
    const { train, dev, test } = splitDataset(TEN_PER_CLASS, { testFraction: 0.1, devFraction: 0.2 }, 1);
    assert.deepEqual([train.rows, dev!.rows, test!.rows], [21, 6, 3]);
    const withoutDev = splitDataset(TEN_PER_CLASS, { testFraction: 0.1 }, 1);
    assert.deepEqual(test!.x, withoutDev.test!.x);
    assert.equal(withoutDev.dev, null);
    const all = [...labels(train), ...labels(dev), ...labels(test)].sort();
    assert.deepEqual(all, Array.from(TEN_PER_CLASS.y).sort());
  });

  it("'ordered': no shuffle; rows 0-20 train, 21-23 dev, 24-29 test", () => {
    const { train, dev, test } = splitDataset(TEN_PER_CLASS, { testFraction: 0.2, devFraction: 0.1, split: 'ordered' }, 1);
    assert.deepEqual([train.rows, dev!.rows, test!.rows], [21, 3, 6]);
    assert.deepEqual(train.x, TEN_PER_CLASS.x.subarray(0, 21 * 2));
    assert.deepEqual(dev!.x, TEN_PER_CLASS.x.subarray(21 * 2, 24 * 2));
    assert.deepEqual(labels(test), [2, 2, 2, 2, 2, 2]);
    assert.deepEqual([count(train, 0), count(train, 1), count(train, 2)], [10, 10, 1]);
  });

  it("'stratified': each class of 10 gives round(10 * 0.2) = 2 test rows and 1 dev row", () => {
    const { train, dev, test } = splitDataset(TEN_PER_CLASS, { testFraction: 0.2, devFraction: 0.1, split: 'stratified' }, 1);
    for (const label of [0, 1, 2]) assert.deepEqual([count(train, label), count(dev, label), count(test, label)], [7, 1, 2]);
  });

  it("'stratified' on a regression target and a fraction that gives a set no rows are refused", () => {
    const regression = { ...TEN_PER_CLASS, classes: undefined };
    assert.throws(() => splitDataset(regression, { testFraction: 0.2, split: 'stratified' }, 1), /split 'stratified' splits each class .* "cluster" is not a class label/);
    assert.throws(() => splitDataset(TEN_PER_CLASS, { testFraction: 0.2, devFraction: 0.01, split: 'stratified' }, 1), /devFraction 0\.01 gives that set no rows of the 30/);
  });
});

describe('early stopping', () => {
  it('stops when the monitored loss has not improved by more than minDelta for `patience` epochs', () => {
    const stopper = createEarlyStopper({ monitor: 'devLoss', patience: 2, minDelta: 0.1 });
    // 1.0 best; 0.95 is not 0.1 better; 0.85 is; 0.8 and 0.9 are not: stop at epoch 5.
    assert.deepEqual([1.0, 0.95, 0.85, 0.8, 0.9].map((loss, i) => stopper.observe(epochOf(i + 1, loss))), ['best', 'continue', 'best', 'continue', 'stop']);
    assert.equal(stopper.bestEpoch(), 3);
    assert.equal(stopper.bestValue(), 0.85);
  });

  it('an accuracy must rise; epochs before startFromEpoch neither count nor stop; NaN never improves', () => {
    const stopper = createEarlyStopper({ monitor: 'trainAccuracy', patience: 1, startFromEpoch: 3 });
    const verdicts = [0.9, 0.1, 0.5, 0.6, 0.6].map((accuracy, i) => stopper.observe(epochOf(i + 1, 1, accuracy)));
    assert.deepEqual(verdicts, ['continue', 'continue', 'best', 'best', 'stop']);
    assert.equal(stopper.bestEpoch(), 4);
    const nan = createEarlyStopper({ monitor: 'devLoss', patience: 2 });
    assert.deepEqual([Number.NaN, Number.NaN].map((loss, i) => nan.observe(epochOf(i + 1, loss))), ['continue', 'stop']);
    assert.equal(nan.bestEpoch(), null);
  });

  it('on an overfitting recipe: stops before the budget, the fused path and tfjs at the same epoch, the best weights restored', async () => {
    const learner = OVERFITTING_LEARNER("{ monitor: 'devLoss', patience: 20 }");
    const fused = await runLearner(learner, 'fused');
    const tfjs = await runLearner(learner, 'cpu');
    assert.equal(fused.result.backend, 'fused');
    assert.equal(tfjs.result.backend, 'cpu');
    for (const run of [fused, tfjs]) {
      const { stoppedEpoch, bestEpoch, restored } = run.result.earlyStopping!;
      assert.ok(stoppedEpoch! < 600, `stopped at ${stoppedEpoch}`);
      assert.equal(stoppedEpoch, bestEpoch! + 20);
      assert.equal(run.result.epochs, stoppedEpoch);
      assert.equal(restored, true);
      assert.equal(run.result.status, 'completed');
      // The dev loss of the best epoch is the minimum of the curve, and the final dev and test metrics are that epoch's.
      const best = run.epochs[bestEpoch! - 1];
      assert.equal(best.dev!.loss, Math.min(...run.epochs.map((e) => e.dev!.loss)));
      assert.ok(Math.abs(run.result.metrics.dev!.loss - best.dev!.loss) < 1e-6);
      assert.ok(Math.abs(run.result.metrics.test!.loss - best.test!.loss) < 1e-6);
      assert.ok(run.result.metrics.dev!.loss < run.epochs[run.epochs.length - 1].dev!.loss);
      assert.match(run.result.diagnosis.join(' '), new RegExp(`ended training at epoch ${stoppedEpoch} of 600: devLoss had not improved for 20 epochs\\. The weights of the best epoch \\(${bestEpoch}\\) were restored`));
      assert.deepEqual(run.started.dataset.devRows, 12);
    }
    assert.deepEqual(fused.result.earlyStopping, tfjs.result.earlyStopping);
  });

  it("tfjs restores batch norm's running statistics with the weights (the final dev loss is the best epoch's)", async () => {
    const withBatchNorm = OVERFITTING_LEARNER("{ monitor: 'devLoss', patience: 15 }").replace(
      "tf.layers.dense({ units: 64, activation: 'relu' }),",
      "tf.layers.batchNormalization(),\n    tf.layers.dense({ units: 64, activation: 'relu' }),",
    );
    const run = await runLearner(withBatchNorm, 'cpu');
    const { bestEpoch, restored } = run.result.earlyStopping!;
    assert.ok(restored && bestEpoch! < run.result.epochs, JSON.stringify(run.result.earlyStopping));
    assert.ok(Math.abs(run.result.metrics.dev!.loss - run.epochs[bestEpoch! - 1].dev!.loss) < 1e-6);
  });

  it("warns when the test set chooses the model, and when the train split misses a class ('ordered' on data in class order)", async () => {
    const onTest = await runLearner(OVERFITTING_LEARNER("{ monitor: 'testLoss', patience: 5 }", 10), 'fused');
    assert.match(onTest.started.warnings.join(' '), /Early stopping watches testLoss: the test set then chooses the model/);
    const ordered = await runLearner(OVERFITTING_LEARNER("{ monitor: 'devLoss', patience: 5 }", 10).replace('devFraction: 0.3', "devFraction: 0.3, split: 'ordered'").replace('testFraction: 0.2', 'testFraction: 0.3'), 'fused');
    // 40 rows in class order (20 A, then 20 B): the first 16 train, all A.
    assert.equal(ordered.started.dataset.trainRows, 16);
    assert.match(ordered.started.warnings.join(' '), /The train split has no example of class B \(split 'ordered': the data is in class order/);
  });

  it('the best weights come back when the epoch budget ends training too; restoreBestWeights false keeps the last', async () => {
    const budget = await runLearner(OVERFITTING_LEARNER("{ monitor: 'devLoss', patience: 100 }", 40), 'fused');
    const { stoppedEpoch, bestEpoch, restored } = budget.result.earlyStopping!;
    assert.equal(stoppedEpoch, null);
    assert.equal(budget.result.epochs, 40);
    assert.ok(bestEpoch! < 40 && restored);
    assert.ok(Math.abs(budget.result.metrics.dev!.loss - budget.epochs[bestEpoch! - 1].dev!.loss) < 1e-6);

    const kept = await runLearner(OVERFITTING_LEARNER("{ monitor: 'devLoss', patience: 100, restoreBestWeights: false }", 40), 'cpu');
    assert.equal(kept.result.earlyStopping!.restored, false);
    assert.ok(Math.abs(kept.result.metrics.dev!.loss - budget.epochs[bestEpoch! - 1].dev!.loss) > 1e-3);
    assert.match(kept.result.diagnosis.join(' '), /restoreBestWeights is false, so the final weights are the last epoch's/);
  });
});

describe('checks on the dev split', () => {
  const check = parseCheck({ kind: 'metric', split: 'dev', metric: 'accuracy', min: 0.8 }, '$.checks[0]', new Validator('exercise.json', 'pack'));
  const facts = (dev?: { loss: number; accuracy: number }) => ({
    settings: {} as never, dataset: {} as never, model: {} as never, completed: true,
    metrics: { train: { loss: 0.1, accuracy: 1 }, ...(dev ? { dev } : {}) },
  });

  it('a metric check may name the dev split: 75.0% misses 80.0%, 85.0% passes', () => {
    assert.equal(check.kind === 'metric' && check.split, 'dev');
    assert.deepEqual(evaluateCheck(check, facts({ loss: 0.5, accuracy: 0.75 })), { name: 'dev accuracy >= 80.0%', passed: false, message: 'dev accuracy is 75.0%; it needs to reach 80.0%.' });
    assert.equal(evaluateCheck(check, facts({ loss: 0.5, accuracy: 0.85 })).passed, true);
  });

  it('without a dev set the check says to set devFraction', () => {
    assert.equal(evaluateCheck(check, facts()).message, 'There is no dev set: set devFraction above 0 to hold out dev data.');
  });
});

describe('sweep outcomes on the dev split', () => {
  const epochs: EpochMetrics[] = [1, 2, 3].map((epoch) => ({ epoch, train: { loss: 1 / epoch, accuracy: 0.5 }, dev: { loss: 2 / epoch, accuracy: 0.2 * epoch } }));

  it('devAccuracy and devLoss read the dev split; epochsToThreshold may watch devAccuracy; curves keep the dev columns', () => {
    const final = { train: { loss: 0.1, accuracy: 1 }, dev: { loss: 0.4, accuracy: 0.7 }, test: { loss: 0.5, accuracy: 0.6 } };
    assert.equal(createRunRecorder({ outcome: 'devAccuracy' }).outcome(final), 0.7);
    assert.equal(createRunRecorder({ outcome: 'devLoss' }).outcome(final), 0.4);
    assert.equal(describeOutcome({ outcome: 'devLoss' }), 'final dev loss');
    const recorder = createRunRecorder({ outcome: 'epochsToThreshold', threshold: 0.5, thresholdMetric: 'devAccuracy' });
    recorder.add(epochs);
    // dev accuracy 0.2, 0.4, 0.6: reaches 0.5 at epoch 3.
    assert.equal(recorder.outcome(final), 3);
    const curve = thinCurve(epochs);
    assert.deepEqual(curve.devLoss, [2, 1, 2 / 3]);
    assert.deepEqual(curve.devAccuracy, [0.2, 0.4, 0.2 * 3]);
    const run = { index: 0, point: 0, repeat: 0, values: {}, seed: 1, status: 'completed', outcome: 0.7, metrics: final, curve } as SweepRunResult;
    assert.equal(runValue(run, 'devAccuracy', 2), 0.4);
  });
});

describe('dev settings in sweeps and --set', () => {
  it('devFraction and split go to the experiment, not to createModel(params)', () => {
    assert.deepEqual(['devFraction', 'split', 'units'].map(axisTarget), ['overrides', 'overrides', 'modelParams']);
  });
});
