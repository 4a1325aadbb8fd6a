// Pack code shared by the optimizer exercises' reference files (never a learner's file): the
// valley they all minimize, and a TensorFlow.js optimizer minimizing it, step by step.
import * as tf from '@tensorflow/tfjs';

export function loss(w0: number, w1: number): number {
  return (w0 - 3) ** 2 + 10 * (w1 + 1) ** 2;
}

/** `optimizer` minimizing the loss from `start`: the parameters after every step. */
export function minimizeWith(optimizer: tf.Optimizer, start: [number, number], steps: number): [number, number][] {
  const w0 = tf.variable(tf.scalar(start[0]));
  const w1 = tf.variable(tf.scalar(start[1]));
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
