// Gradient descent in 1-D (solution)
import * as tf from '@tensorflow/tfjs';

export const experiment = { start: -1.5, learningRate: 0.01, steps: 100 };

export function f(x: number): number {
  return 3 * x ** 2 - 3 * x + 4;
}

export function df(x: number): number {
  return 6 * x - 3;
}

// The same derivative by automatic differentiation: tf.grad turns f (written with tensor ops) into its derivative.
const gradient = tf.grad((x: tf.Tensor) => tf.add(tf.sub(tf.mul(3, tf.square(x)), tf.mul(3, x)), 4));

export function dfAuto(x: number): number {
  return gradient(tf.scalar(x)).dataSync()[0];
}

export function descend(start: number, learningRate: number, steps: number): number[] {
  const path = [start];
  let x = start;
  for (let i = 0; i < steps; i++) {
    x = x - learningRate * df(x);
    path.push(x);
  }
  return path;
}
