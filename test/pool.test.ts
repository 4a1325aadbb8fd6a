// The trainer pool and the sweep runner: long-lived trainer processes, a crashing run that fails
// alone, a per-run time limit, cancel within a second with no process left, reproducible seeds.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadExercise } from '../src/engine/pack';
import type { SweepSpec } from '../src/engine/sweep';
import { startSweep } from '../src/host/sweep';
import { TrainerPool } from '../src/host/trainerPool';
import { startTrainer, type TrainerOutcome } from '../src/host/trainerProcess';
import type { RunRequest } from '../src/trainer/protocol';
import { exerciseDir, learnerFile, REPO } from './helpers/fixtures';

const TRAINER = path.join(REPO, 'dist', 'trainer.js');
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A seq-to-class learner whose model width is a sweep parameter; `hook` runs first in createModel. */
const learner = (hook = '', epochs = 20) => learnerFile(`
import * as tf from '@tensorflow/tfjs';
export const experiment = {
  data: { kind: 'clusters', centers: [[1, 3], [1, -2]], perCluster: 100, blur: 1 },
  loss: 'binaryCrossEntropy', optimizer: 'sgd', learningRate: 0.05, batchSize: 'full', epochs: ${epochs},
};
export function createModel({ units = 4 }: { units?: number } = {}) {
  ${hook}
  return tf.sequential({ layers: [
    tf.layers.dense({ units, inputShape: [2], activation: 'relu' }),
    tf.layers.dense({ units: 1, activation: 'sigmoid' }),
  ] });
}
`);

const exercise = () => loadExercise(exerciseDir('seq-to-class'));

// Whatever a test does (or fails to do), its workers end: a live child would keep mocha running.
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
function newPool(options: ConstructorParameters<typeof TrainerPool>[0]): TrainerPool {
  const pool = new TrainerPool(options);
  cleanups.push(() => pool.cancel());
  return pool;
}
function tracked(options: Parameters<typeof startSweep>[0]) {
  const handle = startSweep(options);
  cleanups.push(async () => {
    await handle.cancel();
    await handle.result.catch(() => undefined);
  });
  return handle;
}
const request = (file: string, extra: Partial<RunRequest> = {}): RunRequest => ({ exerciseDir: exerciseDir('seq-to-class'), learnerFile: file, backend: 'auto', seed: 3, ...extra });
const metricsOf = (outcome: TrainerOutcome) => {
  assert.equal(outcome.type, 'finished', JSON.stringify(outcome));
  return (outcome as { result: { metrics: unknown } }).result.metrics;
};
const spec = (units: number[], extra: Partial<SweepSpec> = {}): SweepSpec => ({ vary: { units }, repeats: 1, outcome: 'trainAccuracy', threshold: 0.7, ...extra });

describe('trainer pool', () => {
  it('runs many runs on few processes, and the workers end when it closes', async () => {
    const pool = newPool({ workers: 2, limits: { memoryMb: 512, timeoutSeconds: 30 }, trainerPath: TRAINER });
    const file = learner();
    const seen = new Set<number>();
    const outcomes = await Promise.all([1, 2, 3, 4, 5, 6].map((units) => pool.run(request(file, { modelParams: { units } }), () => pool.pids.forEach((pid) => seen.add(pid)))));
    assert.ok(outcomes.every((o) => o.type === 'finished'), JSON.stringify(outcomes.find((o) => o.type === 'failed')));
    assert.equal(seen.size, 2, 'two workers for six runs');
    await pool.close();
    assert.deepEqual(pool.pids, []);
    for (const pid of seen) assert.equal(alive(pid), false);
  });

  it('a repeated seed gives the same result: twice in the pool, on another worker, and in a fresh process', async () => {
    const pool = newPool({ workers: 2, limits: { memoryMb: 512, timeoutSeconds: 30 }, trainerPath: TRAINER });
    const file = learner();
    const same = request(file, { seed: 5, overrides: { learningRate: 0.03 }, modelParams: { units: 6 } });
    // Other runs first, so the repeated ones land on workers that already trained something else.
    await Promise.all([pool.run(request(file, { seed: 9 })), pool.run(request(file, { seed: 10, modelParams: { units: 3 } }))]);
    const [a, b] = await Promise.all([pool.run(same), pool.run(same)]);
    const c = await pool.run(same);
    await pool.close();
    const fresh = await startTrainer(same, { memoryMb: 512, timeoutSeconds: 30 }, () => undefined, TRAINER).outcome;
    assert.deepEqual(metricsOf(a), metricsOf(b));
    assert.deepEqual(metricsOf(a), metricsOf(c));
    assert.deepEqual(metricsOf(a), metricsOf(fresh));
  });

  it('a run that exits its worker fails alone, with the reason; the worker is replaced and the rest go on', async () => {
    const pool = newPool({ workers: 2, limits: { memoryMb: 512, timeoutSeconds: 30 }, trainerPath: TRAINER });
    // The first run crashes its worker at once, while the queue still holds six runs.
    const file = learner('if (units === 1) process.exit(7);');
    const pids = new Set<number>();
    const record = () => pool.pids.forEach((pid) => pids.add(pid));
    const outcomes = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((units) => pool.run(request(file, { modelParams: { units } }), record, record)));
    assert.deepEqual(outcomes.map((o) => o.type), ['failed', 'finished', 'finished', 'finished', 'finished', 'finished', 'finished', 'finished']);
    const error = (outcomes[0] as { error: { kind: string; message: string } }).error;
    assert.equal(error.kind, 'crash');
    assert.match(error.message, /exited with code 7 .*process\.exit\(\)/);
    assert.ok(pids.size >= 3, `a replacement worker started (${pids.size} pids)`);
    await pool.close();
    for (const pid of pids) assert.equal(alive(pid), false);
  });

  it("a run's wall-clock limit applies per run: an endless loop times out, the others finish", async function () {
    this.timeout(20_000);
    const pool = newPool({ workers: 2, limits: { memoryMb: 512, timeoutSeconds: 2 }, trainerPath: TRAINER });
    // Each run takes well under 2 s, but together they take longer: the limit is not per worker.
    const file = learner('if (units === 2) { while (true) {} }', 300);
    const started = Date.now();
    const outcomes = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((units) => pool.run(request(file, { modelParams: { units } }))));
    assert.deepEqual(outcomes.map((o) => o.type), ['finished', 'failed', 'finished', 'finished', 'finished', 'finished', 'finished', 'finished']);
    assert.equal((outcomes[1] as { error: { kind: string } }).error.kind, 'timeout');
    assert.ok(Date.now() - started < 10_000);
    await pool.close();
  });

  it('cancel stops every worker within a second, endless loops included, and fails the queued runs', async () => {
    const pool = newPool({ workers: 2, limits: { memoryMb: 512, timeoutSeconds: 60 }, trainerPath: TRAINER });
    const looping = learner('while (true) {}');
    const training = learner('', 200_000);
    const outcomes = [pool.run(request(looping)), pool.run(request(training)), pool.run(request(training))];
    while (pool.pids.length < 2) await sleep(50);
    await sleep(1500); // both busy: one in an endless loop, one training
    const pids = pool.pids;
    const started = Date.now();
    await pool.cancel();
    const took = Date.now() - started;
    assert.ok(took < 1000, `took ${took} ms`);
    for (const pid of pids) assert.equal(alive(pid), false, `worker ${pid} is gone`);
    const results = await Promise.all(outcomes);
    assert.ok(results.every((o) => o.type === 'failed'));
    assert.match((results[2] as { error: { message: string } }).error.message, /stopped before this run started/);
    assert.equal((await pool.run(request(training))).type, 'failed', 'a cancelled pool takes no more runs');
  });

  it('a missing trainer bundle is an environment error', async () => {
    const pool = newPool({ workers: 1, limits: { memoryMb: 512, timeoutSeconds: 5 }, trainerPath: path.join(REPO, 'dist', 'nope.js') });
    const outcome = await pool.run(request(learner()));
    assert.equal(outcome.type, 'failed');
    assert.equal((outcome as { error: { kind: string } }).error.kind, 'environment');
  });
});

describe('sweep runner', () => {
  it('a crashing setting is marked failed with its error and the sweep goes on; results come aggregated', async () => {
    let onStartRuns = -1;
    const handle = tracked({
      exercise: exercise(), learnerFile: learner('if (units === 3) process.exit(1);'), spec: spec([1, 2, 3, 4, 8]), baseSeed: 1,
      backend: 'auto', workers: 2, trainerPath: TRAINER, limits: { memoryMb: 512, timeoutSeconds: 30 },
      prediction: { shape: 'rising', note: 'wider is better' },
      onStart: (record) => (onStartRuns = record.runs.length),
    });
    const sweep = await handle.result;
    assert.equal(onStartRuns, 0, 'the record (with the prediction) exists before any run');
    assert.equal(sweep.status, 'completed');
    assert.deepEqual(sweep.runs.map((r) => r.status), ['completed', 'completed', 'failed', 'completed', 'completed']);
    assert.match(sweep.runs[2].error!.message, /exited with code 1/);
    assert.deepEqual(sweep.runs.map((r) => r.seed), [1, 1, 1, 1, 1]);
    assert.deepEqual(sweep.runs.map((r) => r.parameters), [5, 9, undefined, 17, 33], 'weights 2u + biases u, then u + 1');
    assert.ok(sweep.runs[0].curve!.epoch.length === 20 && sweep.runs[0].settings!.epochs === 20);
    assert.equal(sweep.summary!.points[2].failed, 1);
    assert.equal(sweep.summary!.overall.n, 4);
    assert.deepEqual(sweep.prediction && [sweep.prediction.shape, sweep.prediction.note], ['rising', 'wider is better']);
    assert.deepEqual(handle.pids(), []);
  });

  it('the same sweep twice gives the same outcomes', async () => {
    const go = () => tracked({
      exercise: exercise(), learnerFile: learner(), spec: spec([2, 5], { repeats: 2, seeds: 'perRun' }), baseSeed: 11,
      backend: 'auto', workers: 2, trainerPath: TRAINER,
    }).result;
    const [a, b] = [await go(), await go()];
    assert.deepEqual(a.runs.map((r) => r.seed), [11, 12, 13, 14]);
    assert.deepEqual(a.runs.map((r) => r.metrics), b.runs.map((r) => r.metrics));
  });

  it('a file broken for every run stops the sweep early with its error', async () => {
    const started = Date.now();
    const handle = tracked({
      exercise: exercise(), learnerFile: learnerFile('export const experiment = {'), spec: spec([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), baseSeed: 1,
      backend: 'auto', workers: 2, trainerPath: TRAINER,
    });
    await assert.rejects(handle.result, (e: Error & { kind?: string }) => e.kind === 'syntax');
    assert.ok(Date.now() - started < 5000);
  });

  it('cancel: the result says cancelled, with the runs done so far', async () => {
    const handle = tracked({
      exercise: exercise(), learnerFile: learner('', 100_000), spec: spec([1, 2, 3, 4]), baseSeed: 1,
      backend: 'auto', workers: 2, trainerPath: TRAINER,
    });
    while (handle.pids().length < 2) await sleep(50);
    await sleep(300);
    const pids = handle.pids();
    const started = Date.now();
    await handle.cancel();
    assert.ok(Date.now() - started < 1000);
    const sweep = await handle.result;
    assert.equal(sweep.status, 'cancelled');
    assert.equal(sweep.passed, false);
    assert.deepEqual(sweep.runs.map((r) => r.status), ['cancelled', 'cancelled', 'cancelled', 'cancelled']);
    for (const pid of pids) assert.equal(alive(pid), false);
  });
});
