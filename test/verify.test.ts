// The verifier (src/engine/verify.ts) against hand-computed values, its tolerance, what it cannot
// verify, and the honest runs: every bundled solution, trained in its trainer child, is verified.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadExercise, loadPack } from '../src/engine/pack';
import type { RunResult, TrainedModelReport } from '../src/engine/results';
import { verifyRun } from '../src/engine/verify';
import { startTrainer } from '../src/host/trainerProcess';
import { miniPack, PACK, REPO } from './helpers/fixtures';
import { result as fixtureResult } from './webview/fixtures';

// data/table.csv of the mini pack: (1,2,0) (3,4,1) (5,6,0) (7,8,1).
const LEARNER = `export const experiment = { data: { kind: 'csv', file: 'data/table.csv', target: 'label', binarize: { above: 0.5 } }, loss: 'binaryCrossEntropyWithLogits', epochs: 5 };
export function createModel() { return undefined; }`;
const exercise = () => loadExercise(path.join(miniPack(), 'ex'));
/** One linear unit with a zero kernel: every row gets the logit `bias`. */
const constantLogit = (bias: number | null): TrainedModelReport => ({ style: 'layers', layers: [{ inputSize: 2, units: 1, activation: 'linear', kernel: [0, 0], bias: [bias] }] });
const reported = (train: RunResult['metrics']['train'], overrides: Partial<RunResult> = {}): RunResult =>
  fixtureResult({ metrics: { train }, epochs: 5, status: 'completed', checks: [{ name: 'forged', passed: true, message: 'forged' }], passed: true, ...overrides });
const verify = (report: RunResult, trained: TrainedModelReport = constantLogit(1), learnerSource = LEARNER) =>
  verifyRun({ exercise: exercise(), learnerSource, request: {}, reported: report, trained });

// Logit 1 for every row: class 1 predicted, accuracy 2/4; loss mean(log(1+e^-1), log(1+e^1)) = (0.313262 + 1.313262) / 2.
const LOSS_AT_LOGIT_1 = 0.813262;

describe('verifier', () => {
  it('recomputes the metrics and the checks from the weights (hand-computed), and its verdict replaces the reported one', () => {
    const verified = verify(reported({ loss: LOSS_AT_LOGIT_1, accuracy: 0.5 }));
    assert.equal(verified.verification.state, 'verified', verified.verification.reason);
    assert.ok(Math.abs(verified.metrics.train.loss - LOSS_AT_LOGIT_1) < 1e-5, String(verified.metrics.train.loss));
    assert.equal(verified.metrics.train.accuracy, 0.5);
    assert.deepEqual(verified.checks.map((c) => [c.name, c.passed]), [['train accuracy >= 50.0%', true]]);
    assert.deepEqual(verified.evaluation, { kind: 'confusion', split: 'train', classes: ['label <= 0.5', 'label > 0.5'], matrix: [[0, 2], [0, 2]] });
  });

  it('a report that does not match the weights fails, and says what differs', () => {
    const forged = verify(reported({ loss: 0.01, accuracy: 1 }));
    assert.equal(forged.passed, false);
    assert.equal(forged.verification.state, 'mismatch');
    assert.equal(forged.verification.reason, 'the reported results do not match the trained model: train loss reported 0.01000, the model gives 0.8133; train accuracy reported 100.0%, the model gives 50.0%');
    assert.deepEqual(forged.checks.map((c) => [c.name, c.passed]), [['train accuracy >= 50.0%', true], ['results verified', false]]);
  });

  it('tolerance: loss within 1e-3 relative and accuracy within 1 point agree; beyond, they do not', () => {
    assert.equal(verify(reported({ loss: LOSS_AT_LOGIT_1 * (1 + 9e-4), accuracy: 0.509 })).verification.state, 'verified');
    assert.match(verify(reported({ loss: LOSS_AT_LOGIT_1 * (1 + 2e-3), accuracy: 0.5 })).verification.reason, /: train loss reported 0\.8149, the model gives 0\.8133$/);
    assert.match(verify(reported({ loss: LOSS_AT_LOGIT_1, accuracy: 0.75 })).verification.reason, /: train accuracy reported 75\.0%, the model gives 50\.0%$/);
  });

  it('a run reported complete with fewer epochs than the experiment asks for is a mismatch', () => {
    const short = verify(reported({ loss: LOSS_AT_LOGIT_1, accuracy: 0.5 }, { epochs: 3 }));
    assert.equal(short.verification.state, 'mismatch');
    assert.match(short.verification.reason, /the run reports 3 epochs as complete, but the experiment asks for 5/);
  });

  it('a diverged run: NaN weights arrive as null and are verified as NaN, not as 0', () => {
    const diverged = verify(reported({ loss: null as unknown as number, accuracy: 0.5 }, { status: 'diverged', epochs: 2 }), constantLogit(null));
    assert.equal(diverged.verification.state, 'verified', diverged.verification.reason);
    assert.ok(Number.isNaN(diverged.metrics.train.loss));
    assert.equal(diverged.passed, false);
  });

  it('settings it cannot read as data, or a model that is not a dense chain: unverified, the trainer\'s verdict kept, and why', () => {
    const computed = verify(reported({ loss: 0.01, accuracy: 1 }), constantLogit(1), LEARNER.replace('export const experiment = {', 'const base = { epochs: 5 };\nexport const experiment = { ...base,'));
    assert.equal(computed.verification.state, 'unverified');
    assert.match(computed.verification.reason, /^the file's `experiment` export is not plain data the verifier can read without running the file/);
    assert.equal(computed.passed, true);
    const missing = verify(reported({ loss: 0.01, accuracy: 1 }), constantLogit(1), 'export function createModel() {}');
    assert.match(missing.verification.reason, /^the file has no `export const experiment = \{ \.\.\. \}` the verifier can read/);
    const conv = verify(reported({ loss: 0.01, accuracy: 1 }), { style: 'layers', unavailable: 'layer 1 is Conv1D, and the fast path handles Dense layers only' });
    assert.equal(conv.verification.reason, 'the verifier rebuilds dense chains only, and layer 1 is Conv1D, and the fast path handles Dense layers only');
  });

  it('a reported model that does not take the data\'s features is a mismatch', () => {
    const wide = verify(reported({ loss: LOSS_AT_LOGIT_1, accuracy: 0.5 }), { style: 'layers', layers: [{ inputSize: 3, units: 1, activation: 'linear', kernel: [0, 0, 0], bias: [1] }] });
    assert.equal(wide.verification.state, 'mismatch');
    assert.match(wide.verification.reason, /the reported model takes 3 inputs, but the data has 2 features/);
  });
});

describe('verifier on the honest runs', function () {
  this.timeout(180_000);
  const trainerPath = path.join(REPO, 'dist', 'trainer.js');
  for (const exercise of loadPack(PACK).exercises) {
    it(`${exercise.id}: the solution's run is verified${exercise.checks.length ? ' and passes' : ''}`, async () => {
      assert.ok(fs.existsSync(trainerPath), 'build first (node esbuild.config.mjs)');
      const outcome = await startTrainer({ exerciseDir: exercise.dir, learnerFile: exercise.solution, backend: 'auto' }, exercise.limits, () => undefined, trainerPath).outcome;
      assert.equal(outcome.type, 'finished', JSON.stringify(outcome));
      if (outcome.type !== 'finished') return;
      assert.equal(outcome.result.verification.state, 'verified', outcome.result.verification.reason);
      assert.equal(outcome.result.passed, true, JSON.stringify(outcome.result.checks));
    });
  }
});
