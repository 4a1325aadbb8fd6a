// L2 regularization on iris (reference solution)
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'csv', file: 'data/iris.csv', target: 'species', classColumn: true, zscore: 'none' },
  loss: 'crossEntropy',
  optimizer: 'sgd',
  learningRate: 0.005,
  batchSize: 64,
  epochs: 1000,
  testFraction: 0.2,
  weightDecay: 0, // a sweep replaces this with each of its values
};

// np.linspace(0, .1, 10): ten amounts of weight decay, every one from the same seed within a repeat.
export const sweep = {
  vary: { weightDecay: { from: 0, to: 0.1, count: 10 } },
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
