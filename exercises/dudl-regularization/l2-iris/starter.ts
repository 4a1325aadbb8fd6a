// L2 regularization on iris (starter)
//
// The iris classifier (4-64-64-3) trained with SGD at 0.005 in minibatches of 64, for 1000 epochs.
// Your challenge: add L2 regularization (weight decay) and sweep its amount from 0 to 0.1 in ten
// steps, 3 repeats each. Does it help? See README.md.
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'csv', file: 'data/iris.csv', target: 'species', classColumn: true, zscore: 'none' },
  loss: 'crossEntropy',
  optimizer: 'sgd',
  learningRate: 0.005,
  batchSize: 64,
  epochs: 1000,
  testFraction: 0.2,
  weightDecay: 0, // a sweep replaces this with each of its values
};

// TODO: weight decay 0 to 0.1 in 10 steps ({ from, to, count }), 3 repeats each.
export const sweep = {
  vary: { weightDecay: [0] },
  repeats: 1,
  outcome: 'testAccuracy',
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
