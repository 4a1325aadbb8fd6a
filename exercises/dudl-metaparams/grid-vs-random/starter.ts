// Grid search against random search (starter)
//
// A 3 x 3 grid over the learning rate and the weight decay of SGD on the three qwerty groups, 10
// epochs, chosen on the dev set. Your challenge: spend the same nine runs on a random search over the
// same ranges and compare the best model each finds. See README.md.
// Run the sweep with "DL Exercises: Run Sweep" or `dlx sweep grid-vs-random`.
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

// A grid: 3 learning rates x 3 weight decays, log-spaced over the ranges below, nine runs.
// TODO: the same nine runs as a random search: search: 'random', samples: 9, and each range as
// { from, to, scale: 'log' } (no count: the values are drawn).
export const sweep = {
  vary: {
    learningRate: { from: 0.001, to: 1, count: 3, scale: 'log' },
    weightDecay: { from: 0.00001, to: 0.1, count: 3, scale: 'log' },
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
