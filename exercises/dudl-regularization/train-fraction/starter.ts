// How much data to train on? (starter)
//
// The iris classifier (4 -> 64 -> 64 -> 3), trained on part of the flowers and tested on the rest.
// Your challenge: a parametric experiment on the split itself. Train on 10%, 20%, ... 90% of the
// data (testFraction 0.9 down to 0.1), 5 runs each, and plot the test accuracy. See README.md.
// Run it with "DL Exercises: Run Sweep" or `dlx sweep train-fraction --predict <shape>`.
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'csv', file: 'data/iris.csv', target: 'species', classColumn: true, zscore: 'none' },
  loss: 'crossEntropy',
  optimizer: 'sgd',
  learningRate: 0.01,
  batchSize: 'full',
  epochs: 1000,
  testFraction: 0.2, // a sweep replaces this with each of its values
  split: 'random',
};

export const sweep = {
  // TODO: nine test fractions, 0.1 to 0.9 in equal steps ({ from, to, count }).
  vary: { testFraction: [0.2, 0.5] },
  // TODO: 5 runs per fraction: each run draws its own split and its own initial weights.
  repeats: 1,
  outcome: 'testAccuracy',
  seeds: 'perRun',
};

export function createModel() {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 64, inputShape: [4], activation: 'relu' }),
      tf.layers.dense({ units: 64, activation: 'relu' }),
      tf.layers.dense({ units: 3 }),
    ],
  });
}
