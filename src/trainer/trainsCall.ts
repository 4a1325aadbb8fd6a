// A `trains` call in the trainer child: build the check's data and network through the engine
// (engine/data.ts, engine/init.ts's createSeededModel: the learner's child and the reference's start
// from the same weights), take tfjs gradients, and update the weights either with the learner's
// rule on plain number arrays or with tf.train.<optimizer>. Sends back the loss per epoch, measured
// in inference mode on all the rows; the host compares the two curves.
import * as fs from 'node:fs';
import { buildDataset } from '../engine/data';
import { DlxError } from '../engine/errors';
import { trainsLoss, trainsShape } from '../engine/functions/trains';
import type { TrainingCall } from '../engine/functions/types';
import { dataText } from '../engine/functions/values';
import { createSeededModel } from '../engine/init';
import { learnerError, type CompiledLearnerFile } from '../engine/learner';
import { computeLoss } from '../engine/losses';
import type { TrainableModel } from '../engine/model';
import { createRng, deriveSeed, shuffleInPlace } from '../engine/rng';
import { createTfjsOptimizer } from '../engine/stepEngines';
import { tfc as tf, tfl } from '../engine/tf';

/** The learner's update rule as the check calls it. */
export type UpdateRule = (params: number[], grads: number[], state: unknown, hyper: Record<string, number>) => unknown;

/** A training that stopped part-way (the rule threw or returned what cannot be used): the losses of the epochs before. */
export class TrainingStopped extends Error {
  constructor(readonly failure: unknown, readonly losses: number[]) {
    super(failure instanceof Error ? failure.message : String(failure));
  }
}

/** One optimizer step on the model's variables from their gradients (keyed by variable name). */
type Update = (grads: tf.NamedTensorMap, where: string) => void;

function buildNetwork(call: TrainingCall, compiled: CompiledLearnerFile, features: number, outputs: number): TrainableModel {
  const { hidden, activation, seed } = call.model;
  const createModel = () => tfl.sequential({
    layers: [
      ...hidden.map((units, i) => tfl.layers.dense({ units, activation, ...(i === 0 ? { inputShape: [features] } : {}) })),
      tfl.layers.dense({ units: outputs, ...(hidden.length === 0 ? { inputShape: [features] } : {}) }),
    ],
  });
  return createSeededModel({ compiled, experiment: {}, createModel }, features, { seed, init: 'tfjs' }, {});
}

/** The line of the export's definition, for a value it returned (no stack frame points there). */
function definitionLine(compiled: CompiledLearnerFile, name: string): { file: string; line: number; column: number } | undefined {
  let source: string;
  try {
    source = fs.readFileSync(compiled.file, 'utf8');
  } catch {
    return undefined;
  }
  const pattern = new RegExp(`\\b(?:function\\s+${name}\\b|(?:const|let|var)\\s+${name}\\s*=)`);
  const index = source.split('\n').findIndex((line) => pattern.test(line));
  return index < 0 ? undefined : { file: compiled.file, line: index + 1, column: 1 };
}

/** The learner's rule as an Update: flat arrays in, flat arrays out, each returned value checked before it is used. */
function learnerUpdate(rule: UpdateRule, name: string, call: TrainingCall, compiled: CompiledLearnerFile, variables: tf.Variable[]): Update {
  let state: unknown = {};
  const count = variables.reduce((sum, v) => sum + v.size, 0);
  const expected = `[params, state] with params an array of ${count} numbers (the network's weights, layer by layer, as they came in)`;
  return (grads, where) => {
    const params = variables.flatMap((v) => Array.from(v.dataSync()));
    const flatGrads = variables.flatMap((v) => Array.from(grads[v.name].dataSync()));
    const blownUp = flatGrads.findIndex((g) => !Number.isFinite(g));
    if (blownUp >= 0) {
      throw new DlxError('runtime', `The network's gradient is ${flatGrads[blownUp]} ${where} (grads[${blownUp}]): the weights ${name} returned so far made the loss overflow. Does its step go the right way, and is it the right size?`, { location: definitionLine(compiled, name) });
    }
    let returned: unknown;
    try {
      returned = rule(params, flatGrads, state, { ...call.hyper });
    } catch (error) {
      throw learnerError(error, compiled, `calling ${name}(params, grads, state, hyper) ${where}`);
    }
    const fail = (what: string): never => {
      throw new DlxError('runtime', `${name}(params, grads, state, hyper) ${where} returned ${what}; it must return ${expected}`, { location: definitionLine(compiled, name) });
    };
    if (!Array.isArray(returned) || returned.length !== 2) fail(dataText(returned, 60));
    const [updated, nextState] = returned as [unknown, unknown];
    if (!Array.isArray(updated) && !(ArrayBuffer.isView(updated) && !(updated instanceof DataView))) fail(`[${dataText(updated, 40)}, state]`);
    const values = Array.from(updated as ArrayLike<unknown>);
    if (values.length !== count) fail(`params of ${values.length} numbers`);
    const bad = values.findIndex((value) => typeof value !== 'number' || !Number.isFinite(value));
    if (bad >= 0) fail(`${dataText(values[bad], 30)} at params[${bad}] (from params[${bad}] = ${dataText(params[bad], 30)} and grads[${bad}] = ${dataText(flatGrads[bad], 30)})`);
    state = nextState;
    let offset = 0;
    for (const variable of variables) {
      variable.assign(tf.tensor(values.slice(offset, offset + variable.size) as number[], variable.shape, 'float32'));
      offset += variable.size;
    }
  };
}

function tfjsUpdate(call: TrainingCall): { update: Update; dispose(): void } {
  const { learningRate, momentum, beta1, beta2, epsilon, decay } = call.hyper;
  const optimizer = createTfjsOptimizer({ name: call.optimizer!, learningRate, momentum, beta1, beta2, epsilon, rho: decay });
  return { update: (grads) => optimizer.applyGradients(grads), dispose: () => optimizer.dispose() };
}

/**
 * Trains the call's network and returns its loss at epoch 0 (before any step) and after each epoch.
 * With `rule` the learner's update rule takes the steps; without, tf.train.<call.optimizer>.
 */
export function trainCurve(call: TrainingCall, packDir: string, compiled: CompiledLearnerFile, rule?: { fn: UpdateRule; name: string }): number[] {
  const { data: recipe, epochs, batchSize, seed } = call.model;
  const loss = trainsLoss(recipe);
  const { features, outputs } = trainsShape(recipe);
  const data = buildDataset(recipe, packDir, seed);
  const model = buildNetwork(call, compiled, features, outputs);
  const tfjs = rule ? undefined : tfjsUpdate(call);
  const update = rule ? learnerUpdate(rule.fn, rule.name, call, compiled, model.variables) : tfjs!.update;
  const x = tf.tensor2d(data.x, [data.rows, features]);
  const labels = loss === 'crossEntropy' ? tf.tensor1d(Int32Array.from(data.y), 'int32') : tf.tensor2d(data.y, [data.rows, 1]);
  const order = Array.from({ length: data.rows }, (_, i) => i);
  const shuffle = createRng(deriveSeed(seed, 'shuffle'));
  const evaluate = () => tf.tidy(() => computeLoss(loss, model.forward(x, false), labels).dataSync()[0]);
  const batches = Math.ceil(data.rows / batchSize);
  const losses: number[] = [];
  try {
    losses.push(evaluate());
    for (let epoch = 1; epoch <= epochs; epoch++) {
      shuffleInPlace(order, shuffle);
      for (let batch = 0; batch < batches; batch++) {
        tf.tidy(() => {
          const rows = tf.tensor1d(order.slice(batch * batchSize, (batch + 1) * batchSize), 'int32');
          const xb = tf.gather(x, rows) as tf.Tensor2D;
          const yb = tf.gather(labels, rows);
          const { value, grads } = tf.variableGrads(() => computeLoss(loss, model.forward(xb, true), yb), model.variables);
          update(grads, `at epoch ${epoch}, step ${batch + 1} of ${batches}`);
          value.dispose();
        });
      }
      losses.push(evaluate());
    }
    return losses;
  } catch (error) {
    throw rule ? new TrainingStopped(error, losses) : error;
  } finally {
    tf.dispose([x, labels]);
    tfjs?.dispose();
    model.dispose();
  }
}
