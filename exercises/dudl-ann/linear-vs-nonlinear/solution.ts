// The mystery of the qwerties (reference solution)
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'clusters', centers: [[1, 3], [1, -2]], perCluster: 100, blur: 1 },
  loss: 'binaryCrossEntropy',
  optimizer: 'sgd',
  learningRate: 0.01,
  batchSize: 'full',
  epochs: 1000,
};

// A grid: both versions of the model at 10 learning rates, 5 times each = 100 runs.
export const sweep = {
  vary: {
    activation: ['relu', 'linear'],
    learningRate: { from: 0.001, to: 0.1, count: 10 },
  },
  repeats: 5,
  outcome: 'trainAccuracy',
  threshold: 0.7,
  seeds: 'perRun',
  along: 'activation',
};

// 'relu': the original model. 'linear': the same layers with no nonlinearity between them;
// only the output keeps its sigmoid, which turns the score into a probability.
export function createModel({ activation = 'linear' }: { activation?: string } = {}) {
  const hidden = activation === 'relu' ? 'relu' : 'linear';
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 16, inputShape: [2], activation: hidden }),
      tf.layers.dense({ units: 1, activation: hidden }),
      tf.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
}
