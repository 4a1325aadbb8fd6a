// Train, dev, test (reference solution)
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'csv', file: 'data/iris.csv', target: 'species', classColumn: true, zscore: 'none' },
  loss: 'crossEntropy',
  optimizer: 'sgd',
  learningRate: 0.01,
  batchSize: 'full',
  epochs: 1000,
  // 120 flowers train, 15 are the dev set (evaluated every epoch), 15 are tested once at the end.
  testFraction: 0.1,
  devFraction: 0.1,
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
