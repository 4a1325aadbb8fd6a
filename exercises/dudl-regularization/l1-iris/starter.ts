// L1 regularization on iris (starter)
//
// The iris classifier (4-64-64-3) trained with SGD at 0.005 in minibatches of 64, for 1000 epochs, now
// with the course's L1 term: loss + l1 * sum|W| / (number of weights), biases excluded.
// Your challenge: sweep the amount of L1, first over the course's range (0 to 0.005), then far beyond
// it, and find where L1 starts to change anything. See README.md.
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'csv', file: 'data/iris.csv', target: 'species', classColumn: true, zscore: 'none' },
  loss: 'crossEntropy',
  optimizer: 'sgd',
  learningRate: 0.005,
  batchSize: 64,
  epochs: 1000,
  testFraction: 0.2,
  l1: 0, // a sweep replaces this with each of its values
};

export const sweep = {
  // TODO: six amounts from 0.005 to 500, each 10 times the last ({ from, to, count, scale: 'log' }).
  vary: { l1: [0] },
  // TODO: 2 repeats each.
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
