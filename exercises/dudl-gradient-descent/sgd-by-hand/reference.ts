// The reference values of sgd-by-hand: TensorFlow.js's own SGD (tf.train.sgd), step by step.
import * as tf from '@tensorflow/tfjs';

export function loss(w0: number, w1: number): number {
  return (w0 - 3) ** 2 + 10 * (w1 + 1) ** 2;
}

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
  const w0 = tf.variable(tf.scalar(start[0]));
  const w1 = tf.variable(tf.scalar(start[1]));
  const optimizer = tf.train.sgd(learningRate);
  const path: [number, number][] = [[start[0], start[1]]];
  for (let i = 0; i < steps; i++) {
    optimizer.minimize(() => tf.add(tf.square(tf.sub(w0, 3)), tf.mul(10, tf.square(tf.add(w1, 1)))) as tf.Scalar, false, [w0, w1]);
    path.push([w0.dataSync()[0], w1.dataSync()[0]]);
  }
  w0.dispose();
  w1.dispose();
  optimizer.dispose();
  return path;
}
