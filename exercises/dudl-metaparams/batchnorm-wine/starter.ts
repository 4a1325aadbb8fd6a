// Batch norm in the wine classifier (starter)
//
// The course's wine net 11-16-32-20-1. The sweep compares it without and with batch norm, but the
// model has no batch-norm layers yet. Your challenge: add them when params.batchNorm is true.
// See README.md. Run the sweep with `dlx sweep batchnorm-wine`.
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: {
    kind: 'csv',
    file: 'data/winequality-red.csv',
    filters: [{ column: 'total sulfur dioxide', below: 200 }],
    normalize: { method: 'zscore', except: ['quality'] },
    target: 'quality',
    binarize: { above: 5 },
  },
  loss: 'binaryCrossEntropyWithLogits',
  optimizer: 'sgd',
  learningRate: 0.01,
  batchSize: 64,
  epochs: 20,
  testFraction: 0.1,
};

// The same net without and with batch norm, three seeds each; each run's loss curve is the story.
export const sweep = { vary: { batchNorm: [false, true] }, repeats: 3, outcome: 'trainLoss' };

export function createModel(params: { batchNorm?: boolean } = {}) {
  // TODO: when params.batchNorm is true, a tf.layers.batchNormalization layer after each of the
  // first two hidden layers (11-16-BN-32-BN-20-1).
  const norm = (): tf.layers.Layer[] => [];
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 16, inputShape: [11], activation: 'relu' }),
      ...norm(),
      tf.layers.dense({ units: 32, activation: 'relu' }),
      ...norm(),
      tf.layers.dense({ units: 20, activation: 'relu' }),
      tf.layers.dense({ units: 1 }),
    ],
  });
}
