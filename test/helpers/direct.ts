// Engine-level training without the trainer core, for tests that need the model's weights afterwards.
import { activateBackend } from '../../src/engine/backends';
import { buildDataset, splitDataset, type Split } from '../../src/engine/data';
import { compileLearnerFile, evaluateLearnerModule } from '../../src/engine/learner';
import { instantiateModel, type TrainableModel } from '../../src/engine/model';
import type { ExperimentSettings } from '../../src/engine/settings';
import { createTfjsEngine, type StepEngine } from '../../src/engine/stepEngines';
import { train } from '../../src/engine/training';
import type { EpochMetrics } from '../../src/trainer/protocol';
import { learnerFile, PACK } from './fixtures';

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
  const split = splitDataset(dataset, full.testFraction, full.seed);
  const model = await loadModel(`import * as tf from '@tensorflow/tfjs';\n${modelSource}`, dataset.features.length);
  const engine = createTfjsEngine(model, full, dataset.features.length);
  const epochs: EpochMetrics[] = [];
  await train(engine, full, split, { features: dataset.features.length, units: model.summary.outputUnits }, {
    onEpoch: (metrics) => epochs.push(metrics), checkpoint: async () => false, now: () => 0,
  });
  return { model, engine, epochs, split };
}

export const valuesOf = (model: TrainableModel): Float32Array[] => model.variables.map((v) => Float32Array.from(v.dataSync() as Float32Array));
