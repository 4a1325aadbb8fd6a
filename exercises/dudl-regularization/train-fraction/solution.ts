// How much data to train on? (reference solution)
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'csv', file: 'data/iris.csv', target: 'species', classColumn: true, zscore: 'none' },
  loss: 'crossEntropy',
  optimizer: 'sgd',
  learningRate: 0.01,
  batchSize: 'full',
  epochs: 1000,
  testFraction: 0.2,
  split: 'random',
};

// Train on 10%, 20%, ... 90% of the flowers: the test set gets the rest.
export const sweep = {
  vary: { testFraction: { from: 0.1, to: 0.9, count: 9 } },
  repeats: 5,
  outcome: 'testAccuracy',
  seeds: 'perRun',
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
