// The reference values of sgd-by-hand: TensorFlow.js's own SGD (tf.train.sgd), step by step.
import * as tf from '@tensorflow/tfjs';
import { minimizeWith } from '../common/valley';

export { loss } from '../common/valley';

/** One tf.train.sgd step on the given parameters and gradients. */
export function sgdStep(params: number[], grads: number[], state: {}, hyper: { learningRate: number }): [number[], {}] {
  const variables = params.map((p) => tf.variable(tf.scalar(p)));
  const optimizer = tf.train.sgd(hyper.learningRate);
  optimizer.applyGradients(Object.fromEntries(variables.map((v, i) => [v.name, tf.scalar(grads[i])])));
  const updated = variables.map((v) => v.dataSync()[0]);
  variables.forEach((v) => v.dispose());
  optimizer.dispose();
  return [updated, state];
}

/** tf.train.sgd minimizing the loss from `start`, the parameters after every step. */
export function minimize(start: [number, number], learningRate: number, steps: number): [number, number][] {
  return minimizeWith(tf.train.sgd(learningRate), start, steps);
}
