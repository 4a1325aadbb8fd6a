// Optimizers: SGD, RMSprop and Adam across learning rates (starter)
//
// The three-qwerty classifier (2-8-8-3) trained with SGD at four learning rates. Your challenge:
// make it a grid of optimizers x learning rates, and find which optimizer cares least about the
// learning rate. See README.md. Run the sweep with `dlx sweep optimizers`.
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'clusters', centers: [[1, 1], [5, 1], [4, 4]], perCluster: 300, blur: 1 },
  loss: 'crossEntropy',
  // PyTorch's defaults run: RMSprop alpha (rho) 0.99, Adam betas 0.9 / 0.999, epsilon 1e-8.
  optimizer: 'sgd',
  learningRate: 0.01,
  batchSize: 16,
  epochs: 50,
  testFraction: 0.1,
};

// TODO: a grid: vary optimizer too (first, so it gives the rows): 'sgd', 'rmsprop' and 'adam'.
export const sweep = {
  vary: { learningRate: [0.0001, 0.001, 0.01, 0.1] },
  repeats: 3,
  outcome: 'trainAccuracy',
};

export function createModel() {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 8, inputShape: [2], activation: 'relu' }),
      tf.layers.dense({ units: 8, activation: 'relu' }),
      tf.layers.dense({ units: 3 }),
    ],
  });
}
