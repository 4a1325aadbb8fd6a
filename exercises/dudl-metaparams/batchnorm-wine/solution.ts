// Batch norm in the wine classifier (reference solution)
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
  // A batch-norm layer after the first two hidden layers: 11-16-BN-32-BN-20-1. momentum 0.9 is
  // PyTorch's BatchNorm1d default (momentum=0.1): tfjs's momentum weighs the old running value.
  // tf.layers.batchNormalization follows the mode: batch statistics in training, running ones in evaluation.
  const norm = () => (params.batchNorm ? [tf.layers.batchNormalization({ momentum: 0.9 })] : []);
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
