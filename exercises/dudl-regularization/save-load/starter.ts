// Save, load and resume (starter)
//
// The wine-quality classifier (11-16-32-32-1) trained with Adam for 200 epochs. It saves nothing:
// when the run ends, only its last weights are left, and an interrupted run starts over.
// Your challenge: save a checkpoint every 50 epochs, keep the best one by the dev set, reload it and
// test it, then resume an interrupted run from its last checkpoint. See README.md.
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: {
    kind: 'csv',
    file: 'data/winequality-red.csv',
    filters: [{ column: 'total sulfur dioxide', below: 200 }],
    normalize: { method: 'zscore', except: ['quality'] },
    target: 'quality',
    binarize: { above: 5 },
  },
  loss: 'binaryCrossEntropyWithLogits',
  optimizer: 'adam',
  learningRate: 0.001,
  batchSize: 32,
  epochs: 200,
  testFraction: 0.1,
  // TODO: a dev set of 10% (devFraction), to choose the best checkpoint by.
  // TODO: a checkpoint every 50 epochs, the best one kept by the dev loss (see README.md).
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
