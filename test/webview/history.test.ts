import * as assert from 'node:assert/strict';
import { addToHistory, listSweep, summarizeRun } from '../../src/shared/history';
import { emptySnapshot, reduceRun } from '../../src/shared/runState';
import { foldRun as fold, startRun as start, epochs, result, sweepRecord as record, sweepRunResult as run } from './fixtures';

describe('summarizeRun', () => {
  it('summarises a finished run', () => {
    const s = fold([start(), { type: 'progress', runId: 'r1', epochs: epochs(1, 100) }, { type: 'finished', runId: 'r1', result: result() }]);
    assert.deepEqual(summarizeRun(s), {
      runId: 'r1',
      startedAt: 1_700_000_000_000,
      learnerFile: '/w/many-qwerties.ts',
      exercise: 'many-qwerties',
      backend: 'fused',
      task: 'multiclass',
      status: 'completed',
      metrics: { train: { loss: 0.1423, accuracy: 0.95 } },
      passed: false,
      checksPassed: 3,
      checksTotal: 4,
      epochs: 100,
      totalEpochs: 100,
      wallMs: 4400,
      settings: { loss: 'crossEntropy', optimizer: 'sgd', learningRate: 0.01, batchSize: 'full', epochs: 100 },
      parameters: 27,
    });
  });

  it('summarises a running run from its last epoch', () => {
    const s = fold([start(), { type: 'progress', runId: 'r1', epochs: epochs(1, 4) }]);
    const summary = summarizeRun(s);
    assert.equal(summary.status, 'running');
    assert.equal(summary.epochs, 4);
    assert.deepEqual(summary.metrics, { train: { loss: 0.25, accuracy: 0.5 } });
    assert.equal(summary.passed, undefined);
    assert.equal(summary.checksTotal, 0);
    assert.ok(!('passed' in summary), 'unknown fields are left out');
  });

  it('summarises a failure before the start', () => {
    const s = reduceRun(undefined, { type: 'failed', runId: 'r3', error: { kind: 'exports', message: 'no createModel' } });
    assert.deepEqual(summarizeRun(s), { runId: 'r3', status: 'failed', checksPassed: 0, checksTotal: 0, epochs: 0, errorKind: 'exports' });
  });
});

describe('addToHistory', () => {
  const runRow = (runId: string) => summarizeRun(emptySnapshot(runId));
  it('puts the newest first, replaces the same run and keeps at most `limit`', () => {
    let runs = addToHistory([], runRow('a'));
    runs = addToHistory(runs, runRow('b'));
    runs = addToHistory(runs, { ...runRow('a'), status: 'completed' });
    assert.deepEqual(runs.map((r) => [r.runId, r.status]), [['a', 'completed'], ['b', 'running']]);
    assert.deepEqual(addToHistory(runs, runRow('c'), 2).map((r) => r.runId), ['c', 'a']);
  });
});

describe('listSweep', () => {
  it('lists a sweep for the recent-sweeps table', () => {
    const done = record({ status: 'completed', runs: [run(0, 0.5), run(1, 0.9), run(2, 0.4), run(3, 0.95)], passed: false, prediction: { shape: 'rising', recordedAt: 1 }, wallMs: 1234 });
    const row = listSweep(done, { title: 'Learning rates' });
    assert.equal(row.sweepId, 's1');
    assert.equal(row.runs, 4);
    assert.deepEqual(row.axes, ['learningRate x2']);
    const random = listSweep(record({ axes: [{ name: 'learningRate', target: 'overrides', values: [0.01, 0.1] }, { name: 'weightDecay', target: 'overrides', values: [0, 0.5] }], points: [{ learningRate: 0.01, weightDecay: 0.5 }, { learningRate: 0.1, weightDecay: 0 }] }));
    assert.deepEqual(random.axes, ['2 random draws of learningRate, weightDecay']);
    assert.equal(row.fractionAbove, 0.5);
    assert.equal(row.shape, 'rising');
    assert.equal(row.prediction, 'rising');
    assert.equal(row.matches, true);
    assert.equal(row.passed, false);
    assert.equal(listSweep({ ...done, checks: [{ name: 'a', passed: true, message: '' }, { name: 'b', passed: false, message: '' }] }).checksPassed, 1);
    assert.equal(listSweep({ ...done, prediction: { shape: 'falling', recordedAt: 1 } }).matches, false);
    assert.equal('threshold' in listSweep(record({ threshold: undefined })), false, 'unknown fields are left out');
    assert.equal(listSweep(record({ status: 'cancelled', error: { kind: 'syntax', message: 'x' } })).status, 'failed');
    const history = addToHistory(addToHistory([], row), { ...row, sweepId: 's2' });
    assert.deepEqual(addToHistory(history, { ...row, runs: 9 }).map((r) => [r.sweepId, r.runs]), [['s1', 9], ['s2', 4]]);
  });
});
