// Predict sugar (reference solution)
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: {
    kind: 'csv',
    file: 'data/winequality-red.csv',
    filters: [{ column: 'total sulfur dioxide', below: 200 }],
    // Every column is standardised now, the target included, and quality is just a feature.
    zscore: 'all',
    target: 'residual sugar',
  },
  // A regression: mean squared error between predicted and true (standardised) sugar.
  loss: 'mse',
  optimizer: 'sgd',
  learningRate: 0.01,
  batchSize: 32,
  epochs: 1000,
  testFraction: 0.1,
};

export function createModel() {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 16, inputShape: [11], activation: 'relu' }),
      tf.layers.dense({ units: 32, activation: 'relu' }),
      tf.layers.dense({ units: 32, activation: 'relu' }),
      // One linear output: the predicted sugar.
      tf.layers.dense({ units: 1 }),
    ],
  });
}
