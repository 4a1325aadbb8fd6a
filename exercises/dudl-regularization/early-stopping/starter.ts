// Early stopping (starter)
//
// The wine-quality classifier (11-16-32-32-1) trained with Adam for 300 epochs. It learns the
// training wines almost by heart, and its loss on wines it has not seen grows as it does.
// Your challenge: hold out a dev set and stop training when the dev loss stops improving, with the
// best epoch's weights restored. See README.md.
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
  epochs: 300,
  testFraction: 0.1,
  // TODO: a dev set of 10% (devFraction), so that 80% is left to train on.
  // TODO: early stopping on the dev loss, with a patience of 20 epochs (see README.md).
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
