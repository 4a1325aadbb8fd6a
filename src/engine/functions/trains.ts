// The `trains` check of a function exercise: the learner's update rule trains a small network
// through the engine, and its loss per epoch is compared with tf.train.<optimizer>'s from the same
// start. This file is the pure half (parse, the calls, the verdict on the two curves); the training
// itself runs in the trainer children (src/trainer/trainsCall.ts).
import { parseRecipe } from '../experiment';
import type { DataRecipe, LossName, OptimizerName } from '../settings';
import { OPTIMIZER_NAMES } from '../settings';
import type { Validator } from '../validate';
import { TRAINS_ACTIVATIONS, TRAINS_HYPER, type FunctionCheckSpec, type TrainingCall, type TrainsModelSpec } from './types';
import { numberText } from './values';

export type TrainsCheck = Extract<FunctionCheckSpec, { kind: 'trains' }>;

/** Float32's resolution near zero: two losses closer than this agree whatever the relative tolerance. */
export const TRAINS_ABSOLUTE_FLOOR = 1e-7;
const DEFAULT_TRAINS_TOLERANCE = 1e-3;

/** Regression on a line, classification of qwerties: the loss follows from the data. */
export function trainsLoss(data: DataRecipe): LossName {
  return data.kind === 'line' ? 'mse' : 'crossEntropy';
}

/** Inputs and outputs of the network the data asks for. */
export function trainsShape(data: DataRecipe): { features: number; outputs: number } {
  if (data.kind === 'line') return { features: 1, outputs: 1 };
  if (data.kind === 'rings') return { features: 2, outputs: 2 };
  if (data.kind === 'clusters') return { features: data.centers[0].length, outputs: data.centers.length };
  throw new Error('a trains check has no csv data (parseTrainsCheck refuses it)');
}

export function tfjsOptimizerName(optimizer: OptimizerName): string {
  return `tf.train.${optimizer}`;
}

/** "a 1-8-1 network (relu) on line data, 20 epochs in batches of 16". */
export function describeTrainsModel(model: TrainsModelSpec): string {
  const { features, outputs } = trainsShape(model.data);
  const recipe = model.data;
  const data = recipe.kind === 'line' ? `line data (${recipe.n} rows)` : recipe.kind === 'clusters' ? `qwerties (${recipe.centers.length} clusters of ${recipe.perCluster})` : `ring qwerties (2 rings of ${recipe.kind === 'rings' ? recipe.perClass : 0})`;
  const activation = model.hidden.length ? ` (${model.activation})` : '';
  return `a ${[features, ...model.hidden, outputs].join('-')} network${activation} on ${data}, ${model.epochs} epochs in batches of ${model.batchSize}`;
}

function parseTrainsModel(raw: unknown, path: string, v: Validator): TrainsModelSpec {
  const object = v.object(raw, path);
  v.onlyKeys(object, path, ['data', 'hidden', 'activation', 'epochs', 'batchSize', 'seed']);
  const data = parseRecipe(object.data, `${path}.data`, v);
  if (data.kind === 'csv') v.fail(`${path}.data.kind`, 'must be "line" (regression) or "clusters" / "rings" (qwerties): a trains check generates its data.');
  return {
    data,
    hidden: object.hidden === undefined ? [8] : v.array(object.hidden, `${path}.hidden`).map((units, i) => v.number(units, `${path}.hidden[${i}]`, { integer: true, min: 1, max: 64 })),
    activation: object.activation === undefined ? 'relu' : v.oneOf(object.activation, `${path}.activation`, TRAINS_ACTIVATIONS),
    epochs: v.number(object.epochs, `${path}.epochs`, { integer: true, min: 1, max: 500 }),
    batchSize: v.number(object.batchSize, `${path}.batchSize`, { integer: true, min: 1 }),
    seed: object.seed === undefined ? 1 : v.number(object.seed, `${path}.seed`, { integer: true, min: 0, max: 2 ** 31 - 1 }),
  };
}

/** A `trains` check; `exported` is the update rule's export, already found in $.function.exports. */
export function parseTrainsCheck(object: Record<string, unknown>, path: string, v: Validator, exported: string, name: { name?: string }): TrainsCheck {
  v.onlyKeys(object, path, ['kind', 'name', 'export', 'optimizer', 'hyper', 'model', 'tolerance']);
  const optimizer = v.oneOf(object.optimizer, `${path}.optimizer`, OPTIMIZER_NAMES);
  const hyperRaw = v.object(object.hyper, `${path}.hyper`);
  const takes = TRAINS_HYPER[optimizer];
  // Every value tfjs's optimizer is built from, and no other: the learner's rule gets exactly these.
  v.onlyKeys(hyperRaw, `${path}.hyper`, takes);
  const hyper = Object.fromEntries(takes.map((key) => {
    if (hyperRaw[key] === undefined) v.fail(`${path}.hyper.${key}`, `is required: ${tfjsOptimizerName(optimizer)} is built from ${takes.join(', ')}, and the learner's rule is handed the same values.`);
    return [key, v.number(hyperRaw[key], `${path}.hyper.${key}`, { min: 0 })];
  }));
  return {
    kind: 'trains', ...name, export: exported, optimizer, hyper,
    model: parseTrainsModel(object.model, `${path}.model`, v),
    tolerance: object.tolerance === undefined ? DEFAULT_TRAINS_TOLERANCE : v.number(object.tolerance, `${path}.tolerance`, { min: 0 }),
  };
}

export function trainsCall(check: TrainsCheck, side: 'learner' | 'reference'): TrainingCall {
  return { model: check.model, hyper: check.hyper, ...(side === 'reference' ? { optimizer: check.optimizer } : {}) };
}

const percent = (fraction: number) => `${numberText(100 * fraction)} %`;

/**
 * The verdict on two loss curves (one value per epoch, epoch 0 before any step): every epoch within
 * `tolerance` of tfjs's, relative to tfjs's loss (plus float32's floor), and the learner's loss falls.
 */
export function trainsVerdict(check: TrainsCheck, learner: number[], reference: number[]): { passed: boolean; message: string } {
  const tf = tfjsOptimizerName(check.optimizer);
  const last = reference.length - 1;
  if (learner.length !== reference.length) {
    return { passed: false, message: `Your optimizer's training sent ${learner.length} losses, ${tf}'s ${reference.length} (one per epoch, and epoch 0).` };
  }
  const summary = `your optimizer's loss went ${numberText(learner[0])} → ${numberText(learner[last])}, ${tf}'s ${numberText(reference[0])} → ${numberText(reference[last])}`;
  const apart = learner.findIndex((loss, epoch) => !(Math.abs(loss - reference[epoch]) <= check.tolerance * Math.abs(reference[epoch]) + TRAINS_ABSOLUTE_FLOOR));
  if (apart >= 0) {
    const gap = Math.abs(learner[apart] - reference[apart]) / Math.max(Math.abs(reference[apart]), TRAINS_ABSOLUTE_FLOOR);
    return {
      passed: false,
      message: `At epoch ${apart} your optimizer's loss is ${numberText(learner[apart])} and ${tf}'s ${numberText(reference[apart])}: ${percent(gap)} apart (tolerance ${percent(check.tolerance)}). Over the ${last} epochs ${summary}.`,
    };
  }
  if (!(learner[last] < learner[0])) {
    return { passed: false, message: `The loss did not fall: ${summary}.` };
  }
  return { passed: true, message: `Trained ${describeTrainsModel(check.model)}: ${summary}; every epoch within ${percent(check.tolerance)} of ${tf}.` };
}
