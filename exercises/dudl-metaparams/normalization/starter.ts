// Normalization: z-scoring the wine data (starter)
//
// The wine-quality classifier of the course (11-16-32-32-1, ReLU, SGD), trained on the raw
// measurements. Your challenge: run the same experiment on z-scored features too, and compare the
// test accuracy. See README.md. Run the sweep with "DL Exercises: Run Sweep" or `dlx sweep normalization`.
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: {
    kind: 'csv',
    file: 'data/winequality-red.csv',
    filters: [{ column: 'total sulfur dioxide', below: 200 }],
    // The sweep replaces this with each of its values: 'none' (raw units) and 'zscore'.
    normalize: 'none',
    target: 'quality',
    binarize: { above: 5 },
  },
  loss: 'binaryCrossEntropyWithLogits',
  optimizer: 'sgd',
  learningRate: 0.01,
  batchSize: 32,
  epochs: 50,
  testFraction: 0.1,
};

export const sweep = {
  // TODO: add the z-scored data, 'zscore', next to the raw data.
  vary: { 'data.normalize': ['none'] },
  repeats: 3,
  outcome: 'testAccuracy',
};

export function createModel() {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 16, inputShape: [11], activation: 'relu' }),
      tf.layers.dense({ units: 32, activation: 'relu' }),
      tf.layers.dense({ units: 32, activation: 'relu' }),
      tf.layers.dense({ units: 1 }),
    ],
  });
}
