// Gradient descent in 1-D (starter)
//
// The function is f(x) = 3x² - 3x + 4. Your challenge: write its derivative df by hand, and the
// loop that descends it. Read README.md, then run "DL Exercises: Run Experiment" (Shift+Alt+E in
// this file), or in a terminal here: `dlx run gd-1d`.
import * as tf from '@tensorflow/tfjs';

// The descent the run draws: where it starts, how big each step is, how many steps.
export const experiment = { start: -1.5, learningRate: 0.01, steps: 100 };

export function f(x: number): number {
  return 3 * x ** 2 - 3 * x + 4;
}

// Your derivative of f. As given it says the slope is 0 everywhere, which is wrong.
export function df(x: number): number {
  return 0;
}

// The same derivative by automatic differentiation: tf.grad turns f (written with tensor ops) into its derivative.
const gradient = tf.grad((x: tf.Tensor) => tf.add(tf.sub(tf.mul(3, tf.square(x)), tf.mul(3, x)), 4));

export function dfAuto(x: number): number {
  return gradient(tf.scalar(x)).dataSync()[0];
}

// Returns the path: the start, then the x after each step (steps + 1 numbers).
// As given it takes no step at all.
export function descend(start: number, learningRate: number, steps: number): number[] {
  const path = [start];
  return path;
}
