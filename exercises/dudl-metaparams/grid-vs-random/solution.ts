// Grid search against random search (reference solution)
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'clusters', centers: [[1, 1], [5, 1], [4, 4]], perCluster: 300, blur: 1 },
  loss: 'crossEntropy',
  optimizer: 'sgd',
  learningRate: 0.01,
  weightDecay: 0,
  batchSize: 16,
  epochs: 10,
  // Settings are chosen on the dev set; the test set stays for the one model you pick.
  devFraction: 0.1,
  testFraction: 0.1,
};

// The same budget as a 3 x 3 grid, nine runs, drawn at random from the same ranges.
export const sweep = {
  search: 'random',
  samples: 9,
  vary: {
    learningRate: { from: 0.001, to: 1, scale: 'log' },
    weightDecay: { from: 0.00001, to: 0.1, scale: 'log' },
  },
  outcome: 'devAccuracy',
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
