// Splitting by hand (starter)
//
// The iris classifier (4 -> 64 -> 64 -> 3) trained on 80% of the flowers and tested on the other
// 20%. The split below takes the FIRST 80% of the rows for training, in file order. Run it
// (`dlx run manual-split`) and look at the test line and its per-class counts: what is in the
// test set? Then make the 80/20 split random. See README.md.
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  // Fixed by the exercise: iris.csv in file order (50 setosa, then 50 versicolor, then 50 virginica).
  data: { kind: 'csv', file: 'data/iris.csv', target: 'species', classColumn: true, zscore: 'none' },
  loss: 'crossEntropy',
  optimizer: 'sgd',
  learningRate: 0.01,
  batchSize: 'full',
  epochs: 1000,
  testFraction: 0.2,
  // 'ordered': rows 1-120 train, rows 121-150 test, no shuffling.
  // TODO: take a random 80% for training instead (split: 'random').
  split: 'ordered',
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
