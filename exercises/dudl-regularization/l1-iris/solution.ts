// L1 regularization on iris (reference solution)
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'csv', file: 'data/iris.csv', target: 'species', classColumn: true, zscore: 'none' },
  loss: 'crossEntropy',
  optimizer: 'sgd',
  learningRate: 0.005,
  batchSize: 64,
  epochs: 1000,
  testFraction: 0.2,
  // The course's L1: loss + l1 * sum|W| / (number of weights), biases excluded.
  l1: 0, // a sweep replaces this with each of its values
};

// From the course's largest amount, 0.005, up by factors of 10 to 500: 0.005, 0.05, 0.5, 5, 50, 500.
export const sweep = {
  vary: { l1: { from: 0.005, to: 500, count: 6, scale: 'log' } },
  repeats: 2,
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
