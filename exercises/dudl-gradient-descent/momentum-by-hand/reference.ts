// The reference values of momentum-by-hand: TensorFlow.js's own optimizer (tf.train.momentum), step by step.
import * as tf from '@tensorflow/tfjs';

export function loss(w0: number, w1: number): number {
  return (w0 - 3) ** 2 + 10 * (w1 + 1) ** 2;
}

/** tf.train.momentum minimizing the loss from `start`, the parameters after every step. */
export function minimize(start: [number, number], learningRate: number, steps: number): [number, number][] {
  const w0 = tf.variable(tf.scalar(start[0]));
  const w1 = tf.variable(tf.scalar(start[1]));
  const optimizer = tf.train.momentum(learningRate, 0.9);
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
