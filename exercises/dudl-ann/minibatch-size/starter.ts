// Minibatch size in the wine data (starter)
//
// The wine-quality classifier from the course: 11 chemical measurements of a red wine in, one
// logit out ("good" = quality 6 or more). It trains on minibatches of 32 wines.
// Your challenge: train it with minibatches of 2, 8, 32, 128 and 512 wines and compare how the
// train and test accuracy grow over the epochs. See README.md. Run the sweep with
//   "DL Exercises: Run Sweep" (Shift+Alt+S in this file),
//   or in a terminal here: `dlx sweep minibatch-size`
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: {
    kind: 'csv',
    file: 'data/winequality-red.csv',
    // Two wines with extreme total sulfur dioxide are left out.
    filters: [{ column: 'total sulfur dioxide', below: 200 }],
    // Every column but quality is z-scored; quality > 5 becomes the label 1 ("good").
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

// The sweep: one run per batch size. So far there is just one.
export const sweep = {
  vary: { batchSize: [32] },
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
