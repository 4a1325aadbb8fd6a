// Dropout on iris (starter)
//
// A small iris classifier, 4 -> 12 -> 12 -> 3 (ReLU), trained with full-batch Adam for 300 epochs.
// Your challenge: the question of `dropout-rings` on real data. Add dropout after the input layer and
// after the hidden layer, with the rate as a parameter, and sweep it from 0 to 0.9. See README.md.
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'csv', file: 'data/iris.csv', target: 'species', classColumn: true, zscore: 'none' },
  loss: 'crossEntropy',
  optimizer: 'adam',
  learningRate: 0.005,
  batchSize: 'full',
  epochs: 300,
  testFraction: 0.2,
};

export const sweep = {
  // TODO: the dropout rates 0, 0.1, ... 0.9 ({ from, to, count }), each repeated 3 times.
  vary: { dropout: [0.5] },
  repeats: 1,
  outcome: 'testAccuracy',
};

// The sweep hands each run its rate: createModel({ dropout: 0.5 }).
export function createModel({ dropout = 0.5 }: { dropout?: number } = {}) {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 12, inputShape: [4], activation: 'relu' }),
      // TODO: dropout here, after the input layer: tf.layers.dropout({ rate: dropout })
      tf.layers.dense({ units: 12, activation: 'relu' }),
      // TODO: and here, after the hidden layer.
      tf.layers.dense({ units: 3 }),
    ],
  });
}
