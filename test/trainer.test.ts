import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { tfjsNodeStatus } from '../src/engine/backends';
import { classificationReport } from '../src/engine/metrics';
import { tfc as tf } from '../src/engine/tf';
import { createTrainerCore } from '../src/trainer/core';
import type { BackendChoice, RunResult } from '../src/engine/results';
import type { RunRequest, TrainerToHost } from '../src/trainer/protocol';
import { exerciseDir, learnerFile, QWERTY_LEARNER } from './helpers/fixtures';

async function runInProcess(request: Partial<RunRequest> & { learnerFile: string }, onMessage?: (m: TrainerToHost, cancel: () => void) => void) {
  const messages: TrainerToHost[] = [];
  const start = performance.now();
  const core = createTrainerCore({
    send: (message) => {
      messages.push(message);
      onMessage?.(message, () => void core.handle({ type: 'cancel' }));
    },
    now: () => performance.now() - start,
  });
  await core.handle({ type: 'run', request: { exerciseDir: exerciseDir('many-qwerties'), backend: 'auto', ...request } });
  const last = messages[messages.length - 1];
  return { messages, last, result: last.type === 'finished' ? last.result : undefined };
}

const finished = (last: TrainerToHost): RunResult => {
  assert.equal(last.type, 'finished', JSON.stringify(last));
  return (last as { result: RunResult }).result;
};

describe('trainer core (in process)', () => {
  const file = learnerFile(QWERTY_LEARNER);

  it('runs: started, batched progress, a finished result with metrics, evaluation and checks', async () => {
    const { messages, last } = await runInProcess({ learnerFile: file });
    const result = finished(last);
    assert.equal(messages[0].type, 'started');
    const progress = messages.filter((m) => m.type === 'progress');
    assert.ok(progress.length >= 1 && progress.length <= 5, `progress is batched, got ${progress.length} messages`);
    const epochs = progress.flatMap((m) => (m.type === 'progress' ? m.epochs : []));
    assert.deepEqual(epochs.map((e) => e.epoch), Array.from({ length: 30 }, (_, i) => i + 1));
    assert.equal(result.epochs, 30);
    assert.equal(result.backend, 'fused');
    assert.ok(result.metrics.train.accuracy! >= 0 && result.metrics.train.accuracy! <= 1);
    assert.equal(result.evaluation.kind, 'confusion');
    const total = (result.evaluation as { matrix: number[][] }).matrix.flat().reduce((a, b) => a + b, 0);
    assert.equal(total, 60, 'confusion matrix counts every evaluated row');
    // Without a test split the matrix is the train split's: its precision / recall / F1 are the result's.
    const report = classificationReport((result.evaluation as { matrix: number[][] }).matrix, ['A', 'B', 'C']);
    assert.deepEqual(result.metrics.train.perClass, report.perClass);
    assert.deepEqual([result.metrics.train.precision, result.metrics.train.recall, result.metrics.train.f1], [report.precision, report.recall, report.f1]);
    assert.ok(epochs.every((e) => e.train.f1 === undefined), 'F1 is measured at the end of the run, not per epoch');
    assert.equal(result.checks.length, 4);
  });

  it('is deterministic for a seed, and the seed matters', async () => {
    const a = finished((await runInProcess({ learnerFile: file, seed: 5 })).last);
    const b = finished((await runInProcess({ learnerFile: file, seed: 5 })).last);
    const c = finished((await runInProcess({ learnerFile: file, seed: 6 })).last);
    assert.equal(a.metrics.train.loss, b.metrics.train.loss);
    assert.notEqual(a.metrics.train.loss, c.metrics.train.loss);
  });

  it('every backend starts from the same weights and reaches the same loss', async () => {
    const losses: Record<string, number> = {};
    for (const backend of ['fused', 'cpu', 'wasm'] as BackendChoice[]) {
      const result = finished((await runInProcess({ learnerFile: file, backend, epochs: 10 })).last);
      assert.equal(result.backend, backend);
      losses[backend] = result.metrics.train.loss;
    }
    assert.ok(Math.abs(losses.fused - losses.cpu) < 1e-4, JSON.stringify(losses));
    assert.ok(Math.abs(losses.wasm - losses.cpu) < 1e-4, JSON.stringify(losses));
  });

  it('a learning-rate schedule and the optimizer values run alike on the fused path and tfjs, and are in the result', async () => {
    const scheduled = learnerFile(QWERTY_LEARNER.replace("optimizer: 'sgd', learningRate: 0.05", "optimizer: 'rmsprop', learningRate: 0.01, rho: 0.9, lrSchedule: { kind: 'step', every: 4, gamma: 0.5 }"));
    const runs = [];
    for (const backend of ['fused', 'cpu'] as BackendChoice[]) {
      const { messages, last } = await runInProcess({ learnerFile: scheduled, backend, epochs: 10 });
      const epochs = messages.flatMap((m) => (m.type === 'progress' ? m.epochs : []));
      const started = messages.find((m) => m.type === 'started');
      runs.push({ result: finished(last), epochs, notes: started?.type === 'started' ? started.run.warnings : [] });
    }
    assert.deepEqual(runs.map((r) => r.result.backend), ['fused', 'cpu']);
    // StepLR(step_size=4, gamma=0.5) stepped per epoch: 0.01 for epochs 1-4, 0.005 for 5-8, 0.0025 for 9-10.
    assert.deepEqual(runs[0].epochs.map((e) => e.learningRate), [0.01, 0.01, 0.01, 0.01, 0.005, 0.005, 0.005, 0.005, 0.0025, 0.0025]);
    assert.deepEqual(runs[0].result.optimizer, { name: 'rmsprop', learningRate: 0.01, rho: 0.9, epsilon: 1e-8, lrSchedule: { kind: 'step', every: 4, gamma: 0.5 } });
    assert.deepEqual(runs[1].result.optimizer, runs[0].result.optimizer);
    assert.ok(Math.abs(runs[0].result.metrics.train.loss - runs[1].result.metrics.train.loss) < 1e-4, `${runs[0].result.metrics.train.loss} vs ${runs[1].result.metrics.train.loss}`);
    assert.ok(runs[0].notes.includes("Optimizer rmsprop: epsilon 1e-8 (PyTorch's default; tfjs's is 1e-7), rho 0.9 (PyTorch's default is 0.99); as in tfjs, epsilon is added under the square root, sqrt(v + eps), where PyTorch adds it after, sqrt(v) + eps."), runs[0].notes.join('\n'));
    // Without a schedule the epochs carry no rate, and sgd has no values to note.
    const plain = await runInProcess({ learnerFile: file, epochs: 2 });
    assert.ok(plain.messages.every((m) => m.type !== 'progress' || m.epochs.every((e) => e.learningRate === undefined)));
    assert.deepEqual(finished(plain.last).optimizer, { name: 'sgd', learningRate: 0.05 });
  });

  it('runs on native TensorFlow (tfjs-node) when it is installed, with the same loss', async function () {
    const status = tfjsNodeStatus();
    if (!status.loaded) {
      console.log(`      skipped: @tensorflow/tfjs-node is not installed (${status.error}); scripts/install-tfjs-node.sh builds it from a local TensorFlow wheel`);
      this.skip();
    }
    const native = finished((await runInProcess({ learnerFile: file, backend: 'tensorflow', epochs: 10 })).last);
    const cpu = finished((await runInProcess({ learnerFile: file, backend: 'cpu', epochs: 10 })).last);
    assert.equal(native.backend, 'tensorflow');
    assert.ok(Math.abs(native.metrics.train.loss - cpu.metrics.train.loss) < 1e-4);
  });

  it('frees its tensors: no growth across epochs on the tfjs path', async () => {
    await runInProcess({ learnerFile: file, backend: 'cpu', epochs: 5 });
    const before = tf.memory().numTensors;
    finished((await runInProcess({ learnerFile: file, backend: 'cpu', epochs: 40 })).last);
    assert.equal(tf.memory().numTensors, before);
  });

  it('trains a class model with a custom loop over the variables it creates', async () => {
    const result = finished((await runInProcess({
      exerciseDir: exerciseDir('seq-to-class'), learnerFile: fs.realpathSync(exerciseDir('seq-to-class')) + '/solution.ts', epochs: 5, backend: 'cpu',
    })).last);
    assert.deepEqual(result.checks.slice(0, 2).map((c) => c.passed), [true, true]);
  });

  describe('class models on the fused path', () => {
    const classModel = (forward: string) => learnerFile(QWERTY_LEARNER.replace(/export function createModel\(\) \{[\s\S]*$/, `
export class Model {
  hidden = tf.layers.dense({ units: 4 });
  out = tf.layers.dense({ units: 3 });
  forward(x: tf.Tensor): tf.Tensor { ${forward} }
}`));
    const startedOf = (messages: TrainerToHost[]) => (messages[0] as Extract<TrainerToHost, { type: 'started' }>).run;

    it('a dense chain written as a class is traced, fused, and trains exactly like tfjs', async () => {
      const file = classModel('return this.out.apply(tf.relu(this.hidden.apply(x) as tf.Tensor)) as tf.Tensor;');
      const fused = await runInProcess({ learnerFile: file, epochs: 10 });
      const cpu = finished((await runInProcess({ learnerFile: file, backend: 'cpu', epochs: 10 })).last);
      assert.equal(startedOf(fused.messages).backend, 'fused');
      assert.ok(Math.abs(finished(fused.last).metrics.train.loss - cpu.metrics.train.loss) < 1e-4);
    });

    for (const [what, forward, reason] of [
      ['extra arithmetic in forward', 'return this.out.apply(tf.mul(tf.relu(this.hidden.apply(x) as tf.Tensor), 2)) as tf.Tensor;', /does more than a dense stack after layer 1/],
      ['a layer applied twice', 'const h = this.hidden.apply(x) as tf.Tensor; this.hidden.apply(x); return this.out.apply(h) as tf.Tensor;', /does not apply each Dense layer once/],
      ['a softmax at the end', 'return tf.softmax(this.out.apply(tf.relu(this.hidden.apply(x) as tf.Tensor)) as tf.Tensor);', /does more than a dense stack after layer 2/],
    ] as const) {
      it(`falls back to tfjs, saying why: ${what}`, async () => {
        const run = await runInProcess({ learnerFile: classModel(forward), epochs: 3 });
        const started = startedOf(run.messages);
        assert.equal(started.backend, 'wasm');
        assert.match(started.backendReason, reason);
        finished(run.last);
      });
    }
  });

  it('takes a sweep\'s setting overrides and hands model parameters to createModel(params)', async () => {
    const file = learnerFile(QWERTY_LEARNER.replace('export function createModel() {', 'export function createModel(params: { units?: number }) {').replace('units: 4,', 'units: params.units ?? 4,'));
    const { messages, last } = await runInProcess({ learnerFile: file, overrides: { learningRate: 0.2, epochs: 4 }, modelParams: { units: 7 } });
    const started = (messages[0] as Extract<TrainerToHost, { type: 'started' }>).run;
    assert.equal(started.settings.learningRate, 0.2);
    assert.deepEqual(started.model.variableShapes, [[2, 7], [7], [7, 3], [3]]);
    assert.equal(finished(last).epochs, 4);
    const bad = await runInProcess({ learnerFile: file, overrides: { learningRate: -1 } });
    assert.equal(bad.last.type, 'failed');
    assert.match(JSON.stringify(bad.last), /overrides\.learningRate must be at least 1e-7/);
  });

  it('stops on cancel with the epochs done so far', async () => {
    const slow = learnerFile(QWERTY_LEARNER.replace('epochs: 30', 'epochs: 1000000'));
    let cancelledAt = 0;
    const { last } = await runInProcess({ learnerFile: slow }, (message, cancel) => {
      if (message.type === 'progress' && message.epochs.some((e) => e.epoch > 100) && !cancelledAt) {
        cancelledAt = performance.now();
        cancel();
      }
    });
    const result = finished(last);
    assert.equal(result.status, 'stopped');
    assert.ok(result.epochs < 1000000);
    assert.ok(performance.now() - cancelledAt < 1000, 'stops within a second');
    assert.equal(result.passed, false);
  });
});
