// Activation functions in the wine classifier (reference solution)
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
  batchSize: 32,
  epochs: 50,
  testFraction: 0.1,
};

// The same model with each activation after the input and the hidden layers; the output stays a logit.
export const sweep = { vary: { activation: ['relu', 'tanh', 'sigmoid'] }, repeats: 3, outcome: 'trainAccuracy' };

export function createModel(params: { activation?: 'relu' | 'tanh' | 'sigmoid' } = {}) {
  const activation = params.activation ?? 'relu';
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 16, inputShape: [11], activation }),
      tf.layers.dense({ units: 32, activation }),
      tf.layers.dense({ units: 32, activation }),
      tf.layers.dense({ units: 1 }),
    ],
  });
}
