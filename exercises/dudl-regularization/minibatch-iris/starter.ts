// Effects of minibatch size (starter)
//
// The iris classifier (4-64-64-3) trained with plain SGD at a small learning rate, 0.001, for 500 epochs.
// Your challenge (the course's "Effects of mini-batch size"): train it with minibatches of 2^N flowers
// for N = 1..6, 3 repeats each, and compare the learning curves. See README.md.
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'csv', file: 'data/iris.csv', target: 'species', classColumn: true, zscore: 'none' },
  loss: 'crossEntropy',
  optimizer: 'sgd',
  learningRate: 0.001,
  batchSize: 16, // a sweep replaces this with each of its values
  epochs: 500,
  testFraction: 0.2,
};

// TODO: the batch sizes 2^1 ... 2^6, 3 repeats each.
export const sweep = {
  vary: { batchSize: [16, 32] },
  repeats: 1,
  outcome: 'testAccuracy',
};

export function createModel() {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 64, inputShape: [4], activation: 'relu' }),
      tf.layers.dense({ units: 64, activation: 'relu' }),
      tf.layers.dense({ units: 3 }),
    ],
  });
}
