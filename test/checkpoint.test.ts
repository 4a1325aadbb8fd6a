// Checkpoints (issue 13, items 5 and 13): saved in TensorFlow.js's own format, loadable with
// tf.loadLayersModel; `--from-checkpoint --epochs 0` reproduces a run's test metrics; a resumed run
// goes on exactly as the uninterrupted one (plain SGD on the fused path: no optimizer state to lose).
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Checkpoint } from '../src/engine/checkpoint';
import { checkpointWeights } from '../src/engine/checkpointWeights';
import { createCheckpointPolicy } from '../src/engine/checkpointPolicy';
import type { EpochMetrics, OptimizerState, RunResult } from '../src/engine/results';
import { tfc as tf, tfl } from '../src/engine/tf';
import { readCheckpoint, writeCheckpoint } from '../src/host/checkpointStore';
import { createCheckpointSender } from '../src/trainer/checkpoints';
import { createTrainerCore } from '../src/trainer/core';
import type { RunRequest, TrainerToHost } from '../src/trainer/protocol';
import { exerciseDir, learnerFile, REPO, tempDir } from './helpers/fixtures';

const CLI = path.join(REPO, 'bin', 'dlx.js');

const learner = (checkpoint: string, extra = '', model = `export function createModel() {
  return tf.sequential({ layers: [tf.layers.dense({ units: 6, inputShape: [2], activation: 'relu' }), tf.layers.dense({ units: 3 })] });
}`) => `import * as tf from '@tensorflow/tfjs';
export const experiment = {
  data: { kind: 'clusters', centers: [[1, 1], [5, 1], [3, -2]], perCluster: 40, blur: 1 },
  loss: 'crossEntropy', optimizer: 'sgd', learningRate: 0.05, batchSize: 16, epochs: 40,
  testFraction: 0.2, devFraction: 0.1, checkpoint: ${checkpoint}, ${extra}
};
${model}`;

async function runCore(request: Partial<RunRequest> & { learnerFile: string }) {
  const messages: TrainerToHost[] = [];
  const start = performance.now();
  const core = createTrainerCore({ send: (m) => messages.push(m), now: () => performance.now() - start });
  await core.handle({ type: 'run', request: { exerciseDir: exerciseDir('many-qwerties'), backend: 'auto', ...request } });
  const last = messages[messages.length - 1];
  assert.equal(last.type, 'finished', JSON.stringify(last).slice(0, 500));
  return {
    result: (last as { result: RunResult }).result,
    epochs: messages.flatMap((m) => (m.type === 'progress' ? m.epochs : [])) as EpochMetrics[],
    checkpoints: messages.flatMap((m) => (m.type === 'checkpoint' ? [m.checkpoint] : [])),
    warnings: (messages[0] as Extract<TrainerToHost, { type: 'started' }>).run.warnings,
  };
}

const NO_STATE: OptimizerState = { engine: 'fused', optimizer: 'sgd', steps: 0, scalars: [], slots: [], data: '' };

const withoutNorms = (epochs: EpochMetrics[]) => epochs.map(({ layers: _layers, ...rest }) => rest);

describe('checkpoints', () => {
  it('policy: every N epochs a last one; the best looked for at those epochs, or at every epoch without `every`', () => {
    const epoch = (n: number, devLoss: number) => ({ epoch: n, train: { loss: 1 }, dev: { loss: devLoss } });
    const both = createCheckpointPolicy({ every: 2, best: 'devLoss' });
    assert.deepEqual([epoch(1, 0.1), epoch(2, 0.5), epoch(3, 0.2), epoch(4, 0.4), epoch(5, 0.3), epoch(6, 0.6)].map((e) => both.observe(e)), [[], ['best', 'last'], [], ['best', 'last'], [], ['last']]);
    assert.equal(both.bestValue(), 0.4);
    const bestOnly = createCheckpointPolicy({ best: 'devLoss' });
    assert.deepEqual([epoch(1, 0.5), epoch(2, 0.6), epoch(3, 0.4)].map((e) => bestOnly.observe(e)), [['best'], [], ['best']]);
  });

  it('a best-only checkpoint is sent at most once a second, and the one held back before the run ends', () => {
    const sent: TrainerToHost[] = [];
    let now = 0;
    const model = { savedForm: () => ({ modelTopology: null, weightNames: ['w'] }), allVariables: [{ shape: [1] }] } as never;
    let value = 1;
    const sender = createCheckpointSender({ settings: { best: 'devLoss' }, model, engine: { currentWeights: () => [Float32Array.of(value)], optimizerState: () => NO_STATE }, send: (m) => sent.push(m), now: () => now });
    sender.save('best', 1, 0.9);
    now = 500;
    value = 2;
    sender.save('best', 2, 0.8);
    assert.equal(sent.length, 1);
    sender.flush();
    assert.deepEqual(sent.map((m) => (m as { checkpoint: Checkpoint }).checkpoint.epoch), [1, 2]);
    assert.deepEqual(sender.saved(), { best: { epoch: 2, monitor: 'devLoss', value: 0.8 } });
  });

  it('a layers model\'s checkpoint is a TensorFlow.js model folder that tf.loadLayersModel opens, with the trained weights', async () => {
    const { result, checkpoints } = await runCore({ learnerFile: learnerFile(learner('{ every: 10, best: \'devLoss\' }')) });
    assert.deepEqual(checkpoints.map((c) => [c.kind, c.epoch]).filter(([kind]) => kind === 'last'), [['last', 10], ['last', 20], ['last', 30], ['last', 40]]);
    assert.equal(result.checkpoints!.last!.epoch, 40);
    assert.equal(result.checkpoints!.best!.monitor, 'devLoss');
    assert.equal(result.checkpoints!.best!.epoch % 10, 0);
    const dir = tempDir();
    for (const checkpoint of checkpoints) writeCheckpoint(dir, checkpoint);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'last')).sort(), ['model.json', 'optimizer-epoch40.bin', 'weights-epoch40.bin'], 'a newer checkpoint replaces the older one');
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'last', 'model.json'), 'utf8'));
    assert.equal(json.format, 'layers-model');
    // A load handler over the files, as tfjs-node's file:// would be.
    const loaded = await tfl.loadLayersModel({
      load: () => tf.io.getModelArtifactsForJSON(json, async (manifest) => [manifest[0].weights, new Uint8Array(fs.readFileSync(path.join(dir, 'last', manifest[0].paths[0]))).buffer]),
    });
    const kernel = loaded.layers[0].getWeights()[0];
    assert.deepEqual(kernel.shape, [2, 6]);
    assert.deepEqual(Array.from(kernel.dataSync()), Array.from(checkpointWeights(checkpoints.find((c) => c.kind === 'last' && c.epoch === 40)!.artifacts)[0]));
    assert.deepEqual(Array.from(readCheckpoint(path.join(dir, 'last')).artifacts.weightSpecs.map((s) => s.shape)), [[2, 6], [6], [6, 3], [3]]);
    loaded.dispose();
  });

  it('refuses a model.json whose weights file lies outside its folder', () => {
    const dir = tempDir({ 'best/model.json': JSON.stringify({ weightsManifest: [{ paths: ['../../secret.bin'], weights: [] }], userDefinedMetadata: { dlx: { kind: 'best', epoch: 1 } } }) });
    assert.throws(() => readCheckpoint(path.join(dir, 'best')), /names the weights file "\.\.\/\.\.\/secret\.bin", outside its own folder/);
  });

  it('a resumed run goes on from its last checkpoint exactly as the uninterrupted run (fused, SGD), epochs counted on', async () => {
    const file = learnerFile(learner('{ every: 15 }'));
    const full = await runCore({ learnerFile: file });
    assert.equal(full.result.backend, 'fused');
    const at15 = full.checkpoints.find((c) => c.epoch === 15)!;
    const resumed = await runCore({ learnerFile: file, startFrom: { artifacts: at15.artifacts, epoch: 15, resume: true } });
    assert.deepEqual(resumed.epochs.map((e) => e.epoch), Array.from({ length: 25 }, (_, i) => i + 16));
    assert.deepEqual(withoutNorms(resumed.epochs), withoutNorms(full.epochs.slice(15)));
    assert.deepEqual(resumed.result.metrics, full.result.metrics);
    assert.equal(resumed.result.epochs, 40);
    assert.deepEqual(resumed.result.startedFrom, { epoch: 15, resume: true });
    assert.match(resumed.warnings.join(' '), /Resumed after epoch 15 from its checkpoint: epochs 16 to 40/);
  });

  for (const backend of ['fused', 'cpu'] as const) {
    it(`a resumed Adam run takes the uninterrupted run's steps: its optimizer state is in the checkpoint (${backend === 'fused' ? 'fused' : 'tfjs'})`, async () => {
      const file = learnerFile(learner('{ every: 10 }', "optimizer: 'adam', learningRate: 0.01,").replace('epochs: 40', 'epochs: 20'));
      const straight = await runCore({ learnerFile: file, backend });
      assert.equal(straight.result.backend, backend);
      const at10 = straight.checkpoints.find((c) => c.epoch === 10)!;
      assert.equal(at10.optimizerState!.engine, backend === 'fused' ? 'fused' : 'tfjs');
      // 84 training rows (120 less 20% test, 10% dev) in whole batches of 16: 5 steps an epoch.
      assert.equal(at10.optimizerState!.steps, 50);
      const resumed = await runCore({ learnerFile: file, backend, startFrom: { artifacts: at10.artifacts, epoch: 10, resume: true, optimizerState: at10.optimizerState } });
      assert.match(resumed.warnings.join(' '), /The adam optimizer's state \(its moment estimates and step count\) was restored from the checkpoint/);
      const finalWeights = (run: typeof straight) => checkpointWeights(run.checkpoints.find((c) => c.epoch === 20)!.artifacts);
      const [a, b] = [finalWeights(straight), finalWeights(resumed)];
      a.forEach((values, i) => values.forEach((value, j) => assert.ok(Math.abs(value - b[i][j]) <= 1e-6, `weight ${i}[${j}]: ${value} vs ${b[i][j]}`)));
      assert.ok(Math.abs(resumed.result.metrics.test!.loss - straight.result.metrics.test!.loss) <= 1e-6);
      // Without the state (a checkpoint of an older version) the optimizer restarts, and the run says so; the steps differ.
      const restarted = await runCore({ learnerFile: file, backend, startFrom: { artifacts: at10.artifacts, epoch: 10, resume: true } });
      assert.match(restarted.warnings.join(' '), /Optimizer state not saved: restarted\. The checkpoint holds no adam state/);
      assert.ok(Math.abs(restarted.result.metrics.test!.loss - straight.result.metrics.test!.loss) > 1e-6);
    });
  }

  it('momentum\'s velocity and RMSprop\'s mean squares resume exactly too (fused)', async () => {
    for (const optimizer of ['momentum', 'rmsprop']) {
      const file = learnerFile(learner('{ every: 10 }', `optimizer: '${optimizer}', learningRate: 0.01,`).replace('epochs: 40', 'epochs: 20'));
      const straight = await runCore({ learnerFile: file, backend: 'fused' });
      const at10 = straight.checkpoints.find((c) => c.epoch === 10)!;
      assert.equal(at10.optimizerState!.slots.length, 1, `${optimizer}: one state block`);
      const resumed = await runCore({ learnerFile: file, backend: 'fused', startFrom: { artifacts: at10.artifacts, epoch: 10, resume: true, optimizerState: at10.optimizerState } });
      assert.deepEqual(resumed.result.metrics, straight.result.metrics, optimizer);
    }
  });

  it('an optimizer state of the other path or optimizer is not restored, and the note says why', async () => {
    const file = learnerFile(learner('{ every: 10 }', "optimizer: 'adam',").replace('epochs: 40', 'epochs: 20'));
    const fused = await runCore({ learnerFile: file, backend: 'fused' });
    const at10 = fused.checkpoints.find((c) => c.epoch === 10)!;
    const onTfjs = await runCore({ learnerFile: file, backend: 'cpu', startFrom: { artifacts: at10.artifacts, epoch: 10, resume: true, optimizerState: at10.optimizerState } });
    assert.match(onTfjs.warnings.join(' '), /Optimizer state not restored: restarted\. The checkpoint's adam state does not fit this run \(it was saved by the fused path, and this run trains on the tfjs path/);
    const momentum = learnerFile(learner('{ every: 10 }', "optimizer: 'momentum',").replace('epochs: 40', 'epochs: 20'));
    const other = await runCore({ learnerFile: momentum, startFrom: { artifacts: at10.artifacts, epoch: 10, resume: true, optimizerState: at10.optimizerState } });
    assert.match(other.warnings.join(' '), /does not fit this run \(it is the state of adam, and this run's optimizer is momentum\)/);
  });

  it('the optimizer state is written beside the weights, read back the same, and must stay in its folder', () => {
    const state: OptimizerState = { engine: 'tfjs', optimizer: 'adam', steps: 7, scalars: [0.5, 0.25], slots: [{ name: 'w/m', size: 2 }, { name: 'w/v', size: 1 }], data: Buffer.from(Float32Array.of(1, 2, 3).buffer).toString('base64') };
    const checkpoint: Checkpoint = { kind: 'last', epoch: 3, artifacts: { modelTopology: null, weightSpecs: [{ name: 'w', shape: [1], dtype: 'float32' }], weightData: Buffer.from(Float32Array.of(9).buffer).toString('base64') }, optimizerState: state };
    const dir = tempDir();
    writeCheckpoint(dir, checkpoint);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'last')).sort(), ['model.json', 'optimizer-epoch3.bin', 'weights-epoch3.bin']);
    assert.deepEqual(readCheckpoint(path.join(dir, 'last')), checkpoint);
    // The next checkpoint replaces both files.
    writeCheckpoint(dir, { ...checkpoint, epoch: 4 });
    assert.deepEqual(fs.readdirSync(path.join(dir, 'last')).sort(), ['model.json', 'optimizer-epoch4.bin', 'weights-epoch4.bin']);
    const modelJson = path.join(dir, 'last', 'model.json');
    const json = JSON.parse(fs.readFileSync(modelJson, 'utf8'));
    json.userDefinedMetadata.dlx.optimizerState.file = '../../secret.bin';
    fs.writeFileSync(modelJson, JSON.stringify(json));
    assert.throws(() => readCheckpoint(path.join(dir, 'last')), /names the optimizer state file "\.\.\/\.\.\/secret\.bin", outside its own folder/);
  });

  it('a class model\'s checkpoint holds its weights only, and loads back into the same class', async () => {
    const classModel = `export class Model {
  constructor() { this.hidden = tf.layers.dense({ units: 5, inputShape: [2], activation: 'relu' }); this.out = tf.layers.dense({ units: 3 }); }
  forward(x) { return this.out.apply(this.hidden.apply(x)); }
}`;
    const file = learnerFile(learner('{ every: 40 }', '', classModel));
    const run = await runCore({ learnerFile: file });
    const last = run.checkpoints.find((c) => c.kind === 'last')!;
    assert.equal(last.artifacts.modelTopology, null);
    assert.match(run.warnings.join(' '), /its checkpoints hold its weights only/);
    const dir = tempDir();
    writeCheckpoint(dir, last);
    assert.equal(JSON.parse(fs.readFileSync(path.join(dir, 'last', 'model.json'), 'utf8')).format, 'dlx-weights');
    const evaluated = await runCore({ learnerFile: file, epochs: 0, startFrom: { artifacts: readCheckpoint(path.join(dir, 'last')).artifacts, epoch: 40, resume: false } });
    assert.deepEqual(evaluated.result.metrics.test, run.result.metrics.test);
  });

  it('a checkpoint of another model is an error that names both shapes', async () => {
    const run = await runCore({ learnerFile: learnerFile(learner('{ every: 40 }')) });
    const messages: TrainerToHost[] = [];
    const core = createTrainerCore({ send: (m) => messages.push(m), now: () => 0 });
    const wide = learner('{ every: 40 }', '', `export function createModel() { return tf.sequential({ layers: [tf.layers.dense({ units: 8, inputShape: [2] }), tf.layers.dense({ units: 3 })] }); }`);
    await core.handle({ type: 'run', request: { exerciseDir: exerciseDir('many-qwerties'), backend: 'auto', learnerFile: learnerFile(wide), startFrom: { artifacts: run.checkpoints[0].artifacts, epoch: 40, resume: false } } });
    const last = messages[messages.length - 1];
    assert.equal(last.type, 'failed');
    assert.match((last as { error: { message: string } }).error.message, /The checkpoint holds weights of shapes \[2, 6\] \[6\] \[6, 3\] \[3\], but your model's are \[2, 8\] \[8\] \[8, 3\] \[3\]: it was saved from a different model/);
  });

  describe('dlx run', () => {
    const dlx = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [CLI, 'run', exerciseDir('many-qwerties'), ...args], { cwd, encoding: 'utf8', timeout: 60_000 });

    it('saves the record and checkpoints under ./.dlx/runs/; --from-checkpoint <run-id> --epochs 0 reproduces the test metrics, verified', () => {
      const cwd = tempDir({ 'q.ts': learner('{ every: 20 }') });
      const first = dlx(cwd, '--file', 'q.ts', '--json');
      assert.notEqual(first.status, 2, first.stderr);
      const out = JSON.parse(first.stdout);
      assert.deepEqual(out.checkpoints, { last: { epoch: 40 } });
      assert.ok(fs.existsSync(path.join(out.checkpointsDir, 'last', 'model.json')));
      assert.ok(fs.existsSync(out.record));
      assert.deepEqual(out.layers.map((layer: { name: string }) => layer.name), ['Dense 1', 'Dense 2']);
      const again = dlx(cwd, '--file', 'q.ts', '--json', '--from-checkpoint', out.runId, '--epochs', '0');
      const reloaded = JSON.parse(again.stdout);
      assert.equal(reloaded.epochs, 0);
      for (const metric of ['loss', 'accuracy'] as const) assert.ok(Math.abs(reloaded.metrics.test[metric] - out.metrics.test[metric]) <= 1e-6, `${metric}: ${reloaded.metrics.test[metric]} vs ${out.metrics.test[metric]}`);
      assert.equal(reloaded.verification.state, 'verified');
      assert.match(again.stderr, /Starting from the last checkpoint of epoch 40 .* with seed 1 as the run that saved it/);
      // A folder works as well as a run id.
      const byFolder = JSON.parse(dlx(cwd, '--file', 'q.ts', '--json', '--from-checkpoint', path.join(out.checkpointsDir, 'last'), '--epochs', '0').stdout);
      assert.equal(byFolder.metrics.test.loss, reloaded.metrics.test.loss);
      assert.match(dlx(cwd, '--file', 'q.ts', '--resume', out.runId).stderr, /completed its 40 epochs: there is nothing to resume/);
      assert.match(dlx(cwd, '--file', 'q.ts', '--epochs', '0').stderr, /--epochs 0 trains nothing: it goes with --from-checkpoint/);
      assert.match(dlx(cwd, '--file', 'q.ts', '--from-checkpoint', 'nosuchrun').stderr, /no such file or folder, and no run with that id/);
    });

    it('--resume <run-id> continues a stopped run from its last checkpoint, its curves carried over', async () => {
      const cwd = tempDir({ 'q.ts': learner('{ every: 5 }').replace('epochs: 40', 'epochs: 100000') });
      const child = spawn(process.execPath, [CLI, 'run', exerciseDir('many-qwerties'), '--file', 'q.ts', '--json'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      const runs = path.join(cwd, '.dlx', 'runs');
      const started = Date.now();
      while (!(fs.existsSync(runs) && fs.readdirSync(runs).some((name) => name.endsWith('.checkpoints') && fs.existsSync(path.join(runs, name, 'last', 'model.json'))))) {
        assert.ok(Date.now() - started < 30_000, 'a checkpoint within 30 s');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      child.kill('SIGINT');
      await new Promise((resolve) => child.on('close', resolve));
      const stopped = JSON.parse(stdout);
      assert.equal(stopped.status, 'stopped');
      const from = stopped.checkpoints.last.epoch;
      const resumed = dlx(cwd, '--file', 'q.ts', '--json', '--resume', stopped.runId, '--epochs', String(from + 10));
      const out = JSON.parse(resumed.stdout);
      assert.equal(out.status, 'completed', resumed.stdout + resumed.stderr);
      assert.equal(out.epochs, from + 10);
      assert.deepEqual(out.startedFrom, { epoch: from, resume: true });
      assert.equal(out.verification.state, 'verified');
      const record = JSON.parse(fs.readFileSync(out.record, 'utf8'));
      assert.deepEqual(record.epochs.kept.map((e: EpochMetrics) => e.epoch), Array.from({ length: from + 10 }, (_, i) => i + 1), 'the earlier epochs, then the resumed ones');
    });
  });
});
