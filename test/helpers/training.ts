// Training runs for tests: through the trainer core in process (messages sorted out), or engine-level
// without the core, for tests that need the model's weights afterwards.
import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { activateBackend } from '../../src/engine/backends';
import { buildDataset, splitDataset, type Split } from '../../src/engine/data';
import { compileLearnerFile, evaluateLearnerModule } from '../../src/engine/learner';
import { instantiateModel, type TrainableModel } from '../../src/engine/model';
import type { ExperimentSettings } from '../../src/engine/settings';
import { createTfjsEngine, type StepEngine } from '../../src/engine/stepEngines';
import { train } from '../../src/engine/training';
import { createTrainerCore } from '../../src/trainer/core';
import type { BackendChoice, EpochMetrics, RunResult } from '../../src/engine/results';
import type { RunStarted, TrainerToHost } from '../../src/trainer/protocol';
import { exerciseDir, learnerFile, PACK } from './fixtures';

/** Trains learner-file source on many-qwerties in process; it must finish. */
export async function runLearner(source: string, backend: BackendChoice = 'auto') {
  const messages: TrainerToHost[] = [];
  const start = performance.now();
  const core = createTrainerCore({ send: (m) => messages.push(m), now: () => performance.now() - start });
  await core.handle({ type: 'run', request: { exerciseDir: exerciseDir('many-qwerties'), learnerFile: learnerFile(source), backend } });
  const last = messages[messages.length - 1];
  assert.equal(last.type, 'finished', JSON.stringify(last));
  return {
    started: (messages[0] as Extract<TrainerToHost, { type: 'started' }>).run as RunStarted,
    result: (last as { result: RunResult }).result,
    epochs: messages.flatMap((m) => (m.type === 'progress' ? m.epochs : [])) as EpochMetrics[],
    logs: messages.flatMap((m) => (m.type === 'log' ? [m.text] : [])),
    messages,
  };
}

export const QWERTIES = { kind: 'clusters', centers: [[1, 1], [5, 1], [3, -2]], perCluster: 20, blur: 1 } as const;

/** A model from learner-file source, on the cpu backend. */
export async function loadModel(source: string, features: number): Promise<TrainableModel> {
  await activateBackend('cpu');
  const module = evaluateLearnerModule(await compileLearnerFile(learnerFile(source)), { log: () => undefined });
  return instantiateModel(module, features);
}

export interface DirectRun {
  model: TrainableModel;
  engine: StepEngine;
  epochs: EpochMetrics[];
  split: { train: Split; test: Split | null };
}

/** Trains `createModel()` of `modelSource` (imports and an experiment are added) on the qwerties with the tfjs engine. */
export async function trainDirect(modelSource: string, settings: Partial<ExperimentSettings> = {}): Promise<DirectRun> {
  const full: ExperimentSettings = {
    data: { ...QWERTIES, centers: QWERTIES.centers.map((c) => [...c]) }, loss: 'crossEntropy', optimizer: 'sgd', learningRate: 0.05,
    batchSize: 'full', epochs: 30, testFraction: 0, seed: 1, ...settings,
  };
  const dataset = buildDataset(full.data, PACK, full.seed);
  const split = splitDataset(dataset, full, full.seed);
  const model = await loadModel(`import * as tf from '@tensorflow/tfjs';\n${modelSource}`, dataset.features.length);
  const engine = createTfjsEngine(model, full, dataset.features.length);
  const epochs: EpochMetrics[] = [];
  await train(engine, full, split, { features: dataset.features.length, units: model.summary.outputUnits }, {
    onEpoch: (metrics) => epochs.push(metrics), checkpoint: async () => false, now: () => 0,
  });
  return { model, engine, epochs, split };
}

export const valuesOf = (model: TrainableModel): Float32Array[] => model.variables.map((v) => Float32Array.from(v.dataSync() as Float32Array));
