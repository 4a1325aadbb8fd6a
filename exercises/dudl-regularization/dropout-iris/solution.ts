// Dropout on iris (reference solution)
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

// np.arange(10) / 10: dropout rates 0, 0.1, ... 0.9; every rate of a repeat starts from the same seed.
export const sweep = {
  vary: { dropout: { from: 0, to: 0.9, count: 10 } },
  repeats: 3,
  outcome: 'testAccuracy',
};

// The sweep hands each run its rate: createModel({ dropout: 0 }), createModel({ dropout: 0.1 }), ...
export function createModel({ dropout = 0.5 }: { dropout?: number } = {}) {
  return tf.sequential({
    layers: [
      // Dropout after the input layer (4 -> 12) and after the hidden layer, as the course places it.
      tf.layers.dense({ units: 12, inputShape: [4], activation: 'relu' }),
      tf.layers.dropout({ rate: dropout }),
      tf.layers.dense({ units: 12, activation: 'relu' }),
      tf.layers.dropout({ rate: dropout }),
      tf.layers.dense({ units: 3 }),
    ],
  });
}
