// Save, load and resume (reference solution)
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
  // 80/10/10: the dev set chooses the best checkpoint, the test set tests it once.
  testFraction: 0.1,
  devFraction: 0.1,
  // A `last` checkpoint every 50 epochs (weights and Adam's state: what --resume needs), and at those
  // epochs the one with the lowest dev loss kept as `best` (what --from-checkpoint loads).
  checkpoint: { every: 50, best: 'devLoss' },
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
