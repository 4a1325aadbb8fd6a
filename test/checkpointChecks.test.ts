// Checkpoint checks (issue 15's save-load): decided by the host from its own runs, never by the trainer.
// The verdicts on hand-made facts, then the host's extra runs on a small Adam model: the reload, and the
// interrupted and resumed run, which passes only when the checkpoint holds the optimizer's state.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { evaluateReloadedBest, evaluateResumed, evaluateSavedCheckpoints, interruptEpoch, type CheckpointRunFacts } from '../src/engine/checks/checkpoints';
import { loadExercise } from '../src/engine/pack';
import type { EpochMetrics, RunMetrics } from '../src/engine/results';
import type { ExperimentSettings } from '../src/engine/settings';
import { checkExercise } from '../src/host/checkExercise';
import { createRunCheckpoints, decideCheckpointChecks } from '../src/host/runCheckpoints';
import { startTrainer, type TrainerUpdate } from '../src/host/trainerProcess';
import type { RunRequest } from '../src/trainer/protocol';
import { learnerFile, miniPack, REPO } from './helpers/fixtures';

const TRAINER = path.join(REPO, 'dist', 'trainer.js');

const epoch = (n: number, devLoss: number, test = { loss: 0.5, accuracy: 0.75 }): EpochMetrics => ({ epoch: n, train: { loss: 1 }, dev: { loss: devLoss }, test });
const facts = (over: Partial<CheckpointRunFacts> = {}): CheckpointRunFacts => ({
  settings: { epochs: 40, checkpoint: { every: 10, best: 'devLoss' } } as ExperimentSettings,
  epochs: 40, completed: true,
  saved: [{ kind: 'best', epoch: 10, value: 0.6 }, { kind: 'last', epoch: 10 }, { kind: 'best', epoch: 20, value: 0.4 }, { kind: 'last', epoch: 20 }, { kind: 'last', epoch: 30 }, { kind: 'last', epoch: 40 }],
  history: new Map([epoch(10, 0.6), epoch(15, 0.1), epoch(20, 0.4), epoch(30, 0.5), epoch(40, 0.7)].map((e) => [e.epoch, e])),
  ...over,
});
const SAVED = { kind: 'checkpoints' as const, every: 10, best: 'devLoss' as const };

describe('checkpoint checks', () => {
  it('checkpoints: every N epochs one arrived, and the best kept is the best of the saved epochs (not of every epoch)', () => {
    const pass = evaluateSavedCheckpoints(SAVED, facts(), 'c');
    assert.deepEqual(pass, { name: 'c', passed: true, message: 'Saved at epochs 10, 20, 30, 40; the best by dev loss is epoch 20 (0.4000), and that is the one kept.' });
    const missing = evaluateSavedCheckpoints(SAVED, facts({ saved: facts().saved.filter((c) => c.epoch !== 30) }), 'c');
    assert.equal(missing.message, 'No checkpoint arrived for epoch 30; saved: 10, 20, 40.');
    const wrongBest = evaluateSavedCheckpoints(SAVED, facts({ saved: facts().saved.filter((c) => !(c.kind === 'best' && c.epoch === 20)) }), 'c');
    assert.equal(wrongBest.message, 'Saved at epochs 10, 20, 30, 40; the best checkpoint kept is epoch 10 (dev loss 0.6000), but the best of the saved epochs is 20 (0.4000).');
    const other = evaluateSavedCheckpoints(SAVED, facts({ settings: { epochs: 40, checkpoint: { every: 5 } } as ExperimentSettings }), 'c');
    assert.equal(other.message, "The run saves checkpoints with checkpoint: { every: 5 }; this exercise asks for checkpoint: { every: 10, best: 'devLoss' }.");
    assert.equal(evaluateSavedCheckpoints({ ...SAVED, best: 'devAccuracy' }, facts(), 'c').passed, false);
  });

  it('reloadBest: the reloaded metrics within the tolerance of those recorded at the best epoch, and no further', () => {
    const best = { kind: 'best' as const, epoch: 20, value: 0.4 };
    const reloaded = (metrics: RunMetrics) => ({ metrics, verification: { state: 'verified' as const, reason: '' }, epochs: 0 });
    const exact = evaluateReloadedBest({ kind: 'reloadBest', tolerance: 1e-6 }, best, facts(), reloaded({ train: { loss: 1 }, dev: { loss: 0.4 }, test: { loss: 0.5000005, accuracy: 0.75 } }), 'r');
    assert.equal(exact.passed, true, exact.message);
    const off = evaluateReloadedBest({ kind: 'reloadBest', tolerance: 1e-6 }, best, facts(), reloaded({ train: { loss: 1 }, dev: { loss: 0.4 }, test: { loss: 0.500002, accuracy: 0.75 } }), 'r');
    assert.equal(off.message, 'The reloaded best checkpoint (epoch 20) gives test loss 0.500002, and the run recorded 0.5 at that epoch (more than 1e-6 apart): it is not the model of epoch 20.');
    assert.equal(evaluateReloadedBest({ kind: 'reloadBest', tolerance: 1e-6 }, best, facts(), { error: 'boom' }, 'r').message, 'Reloading the best checkpoint (epoch 20) failed: boom');
    const forged = evaluateReloadedBest({ kind: 'reloadBest', tolerance: 1e-6 }, best, facts(), { ...reloaded({ train: { loss: 1 } }), verification: { state: 'mismatch', reason: 'test loss reported 0.1, the model gives 0.5' } }, 'r');
    assert.equal(forged.message, "The reloaded run's report does not match its weights: test loss reported 0.1, the model gives 0.5.");
  });

  it('resume: interrupted at the middle checkpoint by default; the final weights within the tolerance', () => {
    assert.equal(interruptEpoch({ kind: 'resume', tolerance: 1e-6 }, 50, 200), 100);
    assert.equal(interruptEpoch({ kind: 'resume', tolerance: 1e-6 }, 50, 250), 100);
    assert.equal(interruptEpoch({ kind: 'resume', tolerance: 1e-6 }, 50, 60), 50);
    const resumed = { metrics: { train: { loss: 1 }, test: { loss: 0.5 } }, verification: { state: 'verified' as const, reason: '' }, epochs: 40 };
    const check = { kind: 'resume' as const, tolerance: 1e-6 };
    assert.equal(evaluateResumed(check, facts(), { interruptedAt: 20, resumed, maxWeightDifference: 5e-7, finalMetrics: { train: { loss: 1 }, test: { loss: 0.5 } } }, 'x').passed, true);
    const apart = evaluateResumed(check, facts(), { interruptedAt: 20, resumed, maxWeightDifference: 3e-3, finalMetrics: { train: { loss: 1 }, test: { loss: 0.5 } } }, 'x');
    assert.equal(apart.passed, false);
    assert.match(apart.message, /weights up to 3\.00e-3 from the uninterrupted run's .* Does its checkpoint hold the optimizer's state\?/);
  });

  it('an extra run the verifier could not verify makes the verdict unverified, with the reason; a verified run stays verified otherwise', async () => {
    const run = createRunCheckpoints();
    const artifacts = { modelTopology: null, weightSpecs: [], weightData: '' };
    run.observe({ type: 'started', run: { settings: facts().settings } } as never);
    run.observe({ type: 'progress', epochs: [...facts().history.values()] });
    for (const saved of facts().saved) run.observe({ type: 'checkpoint', checkpoint: { kind: saved.kind, epoch: saved.epoch, artifacts, ...(saved.value !== undefined ? { monitor: { name: 'devLoss', value: saved.value } } : {}) } });
    const exercise = { checks: [SAVED, { kind: 'reloadBest' as const, tolerance: 1e-6 }] } as never;
    const main = { epochs: 40, status: 'completed', checks: [], passed: true, metrics: { train: { loss: 1 } }, verification: { state: 'verified', reason: 'recomputed' } } as never;
    const reloaded = (state: 'verified' | 'unverified') => async () => ({ type: 'finished' as const, result: { epochs: 0, metrics: { train: { loss: 1 }, dev: { loss: 0.4 }, test: { loss: 0.5, accuracy: 0.75 } }, verification: { state, reason: 'the verifier rebuilds dense chains only' } } as never });
    const unverified = await decideCheckpointChecks(exercise, {} as RunRequest, main, run, reloaded('unverified'));
    assert.deepEqual(unverified.checks.map((c) => c.passed), [true, true]);
    assert.deepEqual(unverified.verification, { state: 'unverified', reason: 'the reload run is unverified: the verifier rebuilds dense chains only (the run itself was verified)' });
    assert.equal((await decideCheckpointChecks(exercise, {} as RunRequest, main, run, reloaded('verified'))).verification.state, 'verified');
  });

  describe('decided by the host from its own runs', () => {
    const learner = `import * as tf from '@tensorflow/tfjs';
export const experiment = {
  data: { kind: 'clusters', centers: [[1, 1], [5, 1], [3, -2]], perCluster: 40, blur: 1 },
  loss: 'crossEntropy', optimizer: 'adam', learningRate: 0.01, batchSize: 16, epochs: 40,
  testFraction: 0.2, devFraction: 0.1, checkpoint: { every: 10, best: 'devLoss' },
};
export function createModel() {
  return tf.sequential({ layers: [tf.layers.dense({ units: 6, inputShape: [2], activation: 'relu' }), tf.layers.dense({ units: 3 })] });
}`;
    const exerciseJson = JSON.stringify({
      id: 'ex', title: 'Ex', instructions: 'README.md', starter: 'starter.ts', solution: 'solution.ts', learnerFile: 'ex.ts',
      checks: [{ kind: 'checkpoints', every: 10, best: 'devLoss' }, { kind: 'classes', count: 3 }, { kind: 'reloadBest' }, { kind: 'resume', interruptAt: 20 }],
    });

    it('checkExercise: the three pass on an Adam run, in their places among the trainer\'s checks, verified', async () => {
      const exercise = loadExercise(path.join(miniPack({ 'ex/exercise.json': exerciseJson }), 'ex'));
      const logs: string[] = [];
      const check = await checkExercise(exercise, learnerFile(learner), { backend: 'auto', trainerPath: TRAINER, onUpdate: (m) => m.type === 'log' && logs.push(m.text) });
      assert.deepEqual(check.checks.map((c) => [c.name, c.passed]), [
        ['a checkpoint every 10 epochs, the best by dev loss kept', true],
        ['data has 3 classes', true],
        ['the best checkpoint, reloaded, gives its recorded test metrics', true],
        ['a run interrupted at epoch 20 and resumed ends as the uninterrupted one', true],
      ], JSON.stringify(check.checks));
      assert.equal(check.verdict, 'pass');
      assert.match(logs.join('\n'), /reloading the best one \(epoch \d+\) in a new trainer, 0 epochs[\s\S]*stopped at epoch 20, then resumed from its checkpoint to epoch 40/);
    });

    it('a checkpoint without the optimizer\'s state fails the resume check: the resumed Adam run takes other steps', async () => {
      const exercise = loadExercise(path.join(miniPack({ 'ex/exercise.json': exerciseJson }), 'ex'));
      const file = learnerFile(learner);
      const start = (request: RunRequest, onUpdate: (m: TrainerUpdate) => void) => startTrainer(request, exercise.limits, onUpdate, TRAINER).outcome;
      const request: RunRequest = { exerciseDir: exercise.dir, learnerFile: file, backend: 'auto' };
      const run = createRunCheckpoints();
      const outcome = await start(request, (m) => run.observe(m));
      if (outcome.type !== 'finished') throw new Error(JSON.stringify(outcome.error));
      // As a checkpoint of an older version: the weights without the optimizer's state.
      const withoutState = (request: RunRequest, onUpdate: (m: TrainerUpdate) => void) => start(request, (m) => onUpdate(m.type === 'checkpoint' ? { ...m, checkpoint: { ...m.checkpoint, optimizerState: undefined } } : m));
      const result = await decideCheckpointChecks(exercise, request, outcome.result, run, withoutState);
      const resume = result.checks.find((c) => c.name.startsWith('a run interrupted'))!;
      assert.equal(resume.passed, false);
      assert.match(resume.message, /Does its checkpoint hold the optimizer's state\?/);
      assert.equal(result.passed, false);
    });
  });
});
