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

export const sweep = { vary: { batchNorm: [false, true] }, repeats: 3, outcome: 'trainLoss' };

export function createModel(params: { batchNorm?: boolean } = {}) {
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
