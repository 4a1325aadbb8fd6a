// Normalization: z-scoring the wine data (reference solution)
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

// The same model on raw and on z-scored features, three seeds each.
export const sweep = {
  vary: { 'data.normalize': ['none', 'zscore'] },
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
