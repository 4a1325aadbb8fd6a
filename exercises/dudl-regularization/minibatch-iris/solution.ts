// Effects of minibatch size (reference solution)
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

// Batch sizes 2^1 ... 2^6: 2, 4, 8, 16, 32, 64; every size of a repeat starts from the same seed.
export const sweep = {
  vary: { batchSize: [2, 4, 8, 16, 32, 64] },
  repeats: 3,
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
