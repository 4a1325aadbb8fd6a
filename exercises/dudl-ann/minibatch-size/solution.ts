// Minibatch size in the wine data (reference solution)
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: {
    kind: 'csv',
    file: 'data/winequality-red.csv',
    filters: [{ column: 'total sulfur dioxide', below: 200 }],
    zscore: { except: ['quality'] },
    target: 'quality',
    binarize: { above: 5 },
  },
  loss: 'binaryCrossEntropyWithLogits',
  optimizer: 'sgd',
  learningRate: 0.01,
  batchSize: 32,
  epochs: 1000,
  testFraction: 0.1,
};

// Powers of two from 2 to 512, every other one: 2, 8, 32, 128, 512.
// ({ from: 2, to: 512, count: 5, scale: 'log' } gives the same five values.)
export const sweep = {
  vary: { batchSize: [2, 8, 32, 128, 512] },
  outcome: 'trainAccuracy',
};

export function createModel() {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 16, inputShape: [11], activation: 'relu' }),
      tf.layers.dense({ units: 32, activation: 'relu' }),
      tf.layers.dense({ units: 32, activation: 'relu' }),
      tf.layers.dense({ units: 1 }),
    ],
  });
}
