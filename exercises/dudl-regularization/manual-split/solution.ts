// Splitting by hand (reference solution)
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'csv', file: 'data/iris.csv', target: 'species', classColumn: true, zscore: 'none' },
  loss: 'crossEntropy',
  optimizer: 'sgd',
  learningRate: 0.01,
  batchSize: 'full',
  epochs: 1000,
  testFraction: 0.2,
  // One shuffle of all 150 rows, then 30 of them are held out: every species lands in both sets.
  split: 'random',
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
