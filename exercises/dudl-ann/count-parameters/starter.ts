// Counting parameters: wide against deep (starter)
//
// Two networks for the three qwerty groups (2 inputs, 3 classes):
//   wide: 2 -> 4 -> 3       one hidden layer of 4 units
//   deep: 2 -> 2 -> 2 -> 3  two hidden layers of 2 units
// Your challenge: write the deep network, then count the trainable parameters of each (weights and
// biases) by hand and report them in `answers`. The sweep trains both, and `dlx sweep
// count-parameters` prints each run's parameter count: check your arithmetic against it afterwards,
// not before. See README.md.
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'clusters', centers: [[1, 1], [5, 1], [3, -2]], perCluster: 100, blur: 1 },
  loss: 'crossEntropy',
  optimizer: 'sgd',
  learningRate: 0.01,
  batchSize: 'full',
  epochs: 1000,
};

// One run per network.
export const sweep = {
  vary: { net: ['wide', 'deep'] },
  repeats: 3,
  outcome: 'trainAccuracy',
};

// TODO: your counts, as plain numbers (the checks read them from this file's text).
export const answers = { wide: 0, deep: 0 };

export function createModel({ net = 'wide' }: { net?: string } = {}) {
  if (net === 'deep') {
    // TODO: the deep network, 2 -> 2 -> 2 -> 3 (ReLU hidden layers, a linear output of 3 logits).
  }
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 4, inputShape: [2], activation: 'relu' }),
      tf.layers.dense({ units: 3 }),
    ],
  });
}
