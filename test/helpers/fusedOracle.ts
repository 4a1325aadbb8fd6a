// The fused net against the tfjs path step by step, from the same start: a learner-style createModel()
// on the cpu backend trained by the tfjs step engine (computeLoss + trainingPenalty + tf.train.*), and
// the fused net built from that model's own dense stack (model.denseStack(), as the trainer builds it).
import * as assert from 'node:assert/strict';
import { createFusedNet, type DropoutUniforms, type FusedNet } from '../../src/engine/fused/net';
import type { DenseLayerSpec, FusedNetSpec } from '../../src/engine/fused/spec';
import type { TrainableModel } from '../../src/engine/model';
import { optimizerValues } from '../../src/engine/optimizers';
import { createRng } from '../../src/engine/rng';
import type { ExperimentSettings, LossName, OptimizerName } from '../../src/engine/settings';
import { createTfjsEngine } from '../../src/engine/stepEngines';
import { loadModel } from './training';

/** Seeded test data and weights (the engine's own mulberry32). */
export const seededUniform = createRng;

export interface OracleCase {
  /** The body of createModel(): `return tf.sequential(...)`; `tf` is in scope. */
  model: string;
  features: number;
  loss: LossName;
  optimizer?: OptimizerName;
  learningRate?: number;
  rows: number;
  batchSize?: number;
  steps?: number;
  seed?: number;
  xScale?: number;
  /** Experiment fields (weightDecay, l1, momentum...). */
  settings?: Partial<ExperimentSettings>;
  uniforms?: DropoutUniforms;
  rtol?: number;
}

export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, rtol = 1e-4, atol = 1e-5): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i], e = expected[i];
    assert.ok(Number.isFinite(e), `${what}[${i}]: oracle gave ${e}`);
    assert.ok(Math.abs(a - e) <= atol + rtol * Math.abs(e), `${what}[${i}]: fused ${a} vs tfjs ${e}`);
  }
}

export function oracleData(c: OracleCase, units: number) {
  const rand = seededUniform(c.seed ?? 1);
  const x = new Float32Array(c.rows * c.features).map(() => (rand() * 2 - 1) * (c.xScale ?? 1));
  const y = new Float32Array(c.rows).map((_, r) => {
    const s = x[r * c.features] - 0.5 * x[r * c.features + 1];
    if (c.loss === 'crossEntropy') return Math.min(units - 1, Math.floor(rand() * units));
    if (c.loss === 'mse') return s + 0.3 * rand();
    return s > 0 ? 1 : 0;
  });
  return { x, y };
}

/** Every weight, layer by layer as getWeights() lists them (a batch norm: gamma, beta, moving mean, moving variance). */
const allValues = (model: TrainableModel) => model.layers.flatMap((layer) => layer.weights.map((w) => Float32Array.from(w.read().dataSync() as Float32Array)));

/** Every weight of the fused net in getWeights() order, as model.allVariables holds them. */
export const fusedValues = (net: FusedNet) => net.weights();

// Models of a test die after it, so tests that count the engine's variables see only their own.
const alive: TrainableModel[] = [];
afterEach(() => alive.splice(0).forEach((model) => model.dispose()));

export interface OracleRun {
  net: FusedNet;
  spec: FusedNetSpec;
  model: TrainableModel;
  tfLosses: number[];
  fusedLosses: number[];
  fusedPenalties: number[];
  x: Float32Array;
  y: Float32Array;
}

/** Trains both `steps` steps on consecutive batches; asserts outputs, losses, penalties and every weight after each step. */
export async function compareWithTfjs(c: OracleCase): Promise<OracleRun> {
  const model = await loadModel(`import * as tf from '@tensorflow/tfjs';\nexport function createModel() {\n${c.model}\n}`, c.features);
  alive.push(model);
  const layers = model.denseStack();
  if (typeof layers === 'string') assert.fail(`not fusable: ${layers}`);
  const units = model.summary.outputUnits;
  const settings = { loss: c.loss, optimizer: c.optimizer ?? 'sgd', learningRate: c.learningRate ?? 0.1, ...c.settings } as ExperimentSettings;
  const spec: FusedNetSpec = { layers: layers as DenseLayerSpec[], loss: c.loss, optimizer: optimizerValues(settings), penalties: { weightDecay: settings.weightDecay, l1: settings.l1 } };
  const batchSize = c.batchSize ?? c.rows, steps = c.steps ?? 8;
  const net = createFusedNet(spec, batchSize, c.uniforms);
  const engine = createTfjsEngine(model, settings, c.features);
  const { x, y } = oracleData(c, units);
  const rtol = c.rtol ?? 1e-4;
  assertAllClose(fusedValues(net), allValues(model), 'initial weights', rtol);
  const outputs = new Float32Array(batchSize * units);
  const run: OracleRun = { net, spec, model, tfLosses: [], fusedLosses: [], fusedPenalties: [], x, y };
  for (let step = 0, start = 0; step < steps; step++) {
    if (start + batchSize > c.rows) start = 0;
    const xb = x.subarray(start * c.features, (start + batchSize) * c.features), yb = y.subarray(start, start + batchSize);
    const expected = engine.trainEpoch(xb, yb, batchSize, 1);
    run.tfLosses.push(expected.losses[0]);
    run.fusedLosses.push(net.trainStep(xb, yb, batchSize, outputs));
    run.fusedPenalties.push(net.lastPenalty());
    assertClose(outputs, expected.outputs, `outputs at step ${step + 1}`, rtol);
    assertClose([run.fusedLosses[step]], [run.tfLosses[step]], `loss at step ${step + 1}`, rtol);
    assert.equal(net.hasPenalty, expected.penalties !== undefined, 'a penalty on one path only');
    if (expected.penalties) assertClose([net.lastPenalty()], [expected.penalties[0]], `penalty at step ${step + 1}`, rtol);
    assertAllClose(fusedValues(net), allValues(model), `weights after step ${step + 1}`, rtol);
    start += batchSize;
  }
  engine.dispose();
  return run;
}

function assertAllClose(actual: Float32Array[], expected: Float32Array[], what: string, rtol: number): void {
  assert.equal(actual.length, expected.length, `${what}: tensor count`);
  actual.forEach((values, i) => assertClose(values, expected[i], `${what} [${i}]`, rtol));
}
