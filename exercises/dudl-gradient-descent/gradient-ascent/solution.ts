// Gradient ascent (solution)
import * as tf from '@tensorflow/tfjs';

// The "peaks" surface (two hills, a deep valley, a shallower one and a saddle), in plain numbers
// and in tensor operations for tf.grads.
export function peaks(x: number, y: number): number {
  return 3 * (1 - x) ** 2 * Math.exp(-(x ** 2) - (y + 1) ** 2)
    - 10 * (x / 5 - x ** 3 - y ** 5) * Math.exp(-(x ** 2) - y ** 2)
    - (1 / 3) * Math.exp(-((x + 1) ** 2) - y ** 2);
}

export function peaksTensor(x: tf.Tensor, y: tf.Tensor): tf.Tensor {
  const first = tf.mul(tf.mul(3, tf.square(tf.sub(1, x))), tf.exp(tf.sub(tf.neg(tf.square(x)), tf.square(tf.add(y, 1)))));
  const second = tf.mul(tf.mul(10, tf.sub(tf.sub(tf.div(x, 5), tf.pow(x, 3)), tf.pow(y, 5))), tf.exp(tf.sub(tf.neg(tf.square(x)), tf.square(y))));
  const third = tf.mul(1 / 3, tf.exp(tf.sub(tf.neg(tf.square(tf.add(x, 1))), tf.square(y))));
  return tf.sub(tf.sub(first, second), third);
}

export const experiment = { start: [-0.5, 1], learningRate: 0.02, steps: 300 };

export function f(x: number, y: number): number {
  return peaks(x, y);
}

const gradF = tf.grads((x: tf.Tensor, y: tf.Tensor) => peaksTensor(x, y));
const gradNegated = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.neg(peaksTensor(x, y)));

function gradient(grad: typeof gradF, x: number, y: number): [number, number] {
  return tf.tidy(() => {
    const [gx, gy] = grad([tf.scalar(x), tf.scalar(y)]);
    return [gx.dataSync()[0], gy.dataSync()[0]];
  });
}

// Way 1: step along the gradient of f instead of against it.
export function ascend(start: [number, number], learningRate: number, steps: number): [number, number][] {
  let [x, y] = start;
  const path: [number, number][] = [[x, y]];
  for (let i = 0; i < steps; i++) {
    const [gx, gy] = gradient(gradF, x, y);
    x += learningRate * gx;
    y += learningRate * gy;
    path.push([x, y]);
  }
  return path;
}

// Way 2: ordinary descent, on -f.
export function descendNegated(start: [number, number], learningRate: number, steps: number): [number, number][] {
  let [x, y] = start;
  const path: [number, number][] = [[x, y]];
  for (let i = 0; i < steps; i++) {
    const [gx, gy] = gradient(gradNegated, x, y);
    x -= learningRate * gx;
    y -= learningRate * gy;
    path.push([x, y]);
  }
  return path;
}
