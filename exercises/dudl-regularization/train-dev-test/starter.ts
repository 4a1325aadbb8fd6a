// Train, dev, test (starter)
//
// The iris classifier again, with a two-way split: 80% train, 20% test. Your challenge: the
// course's three-way split for small data, 80% train, 10% dev, 10% test. Watch the dev accuracy
// during training (the dev curve in the panel, the `dev:` line of `dlx run train-dev-test`) and
// report the test accuracy once, at the end. See README.md.
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'csv', file: 'data/iris.csv', target: 'species', classColumn: true, zscore: 'none' },
  loss: 'crossEntropy',
  optimizer: 'sgd',
  learningRate: 0.01,
  batchSize: 'full',
  epochs: 1000,
  // TODO: 10% test and 10% dev (devFraction), the rest for training.
  testFraction: 0.2,
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
