// Early stopping (reference solution)
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
  // 80/10/10: the dev set decides when to stop, the test set is read once at the end.
  testFraction: 0.1,
  devFraction: 0.1,
  // Stop once the dev loss has not improved for 20 epochs, and go back to the best epoch's weights
  // (restoreBestWeights defaults to true here; Keras's default is false).
  earlyStopping: { monitor: 'devLoss', patience: 20 },
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
