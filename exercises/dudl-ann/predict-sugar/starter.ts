// Predict sugar (starter)
//
// This is the wine-quality classifier from the course: it reads 11 chemical measurements
// of red wines and predicts whether a wine is "good" (quality 6-8) or "bad" (3-5).
// Your challenge: make it predict how much residual sugar a wine has, from the other 11
// columns. That is a regression, not a classification, and it takes many small changes.
// See README.md.
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: {
    kind: 'csv',
    file: 'data/winequality-red.csv',
    // A few wines have extreme total sulfur dioxide: leave them out.
    filters: [{ column: 'total sulfur dioxide', below: 200 }],
    // Standardise every column except quality, which becomes the label.
    zscore: { except: ['quality'] },
    target: 'quality',
    // quality > 5 means "good" (label 1), otherwise "bad" (label 0).
    binarize: { above: 5 },
  },
  // One output logit; the sigmoid is inside the loss (PyTorch: nn.BCEWithLogitsLoss).
  loss: 'binaryCrossEntropyWithLogits',
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
      tf.layers.dense({ units: 1 }),
    ],
  });
}
