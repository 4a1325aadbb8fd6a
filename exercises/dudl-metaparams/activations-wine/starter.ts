// Activation functions in the wine classifier (starter)
//
// The wine-quality classifier (11-16-32-32-1). The sweep already runs it with ReLU, tanh and
// sigmoid units, but the model does not listen yet. Your challenge: let it, and find the odd one
// out. See README.md. Run the sweep with `dlx sweep activations-wine`.
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
  // TODO: use params.activation (default 'relu') in the three layers below instead of 'relu'.
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 16, inputShape: [11], activation: 'relu' }),
      tf.layers.dense({ units: 32, activation: 'relu' }),
      tf.layers.dense({ units: 32, activation: 'relu' }),
      tf.layers.dense({ units: 1 }),
    ],
  });
}
