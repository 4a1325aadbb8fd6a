// Bench recipe (bench/torch/early_stopping_iris.py): iris, 4-64-64-3, adam, a dev set and early stopping.
// Lines ending in "// new" are what the baseline row leaves out (then all 1000 epochs run).
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'csv', file: 'data/iris.csv', target: 'species', classColumn: true, normalize: 'none' },
  loss: 'crossEntropy', optimizer: 'adam', learningRate: 0.001, batchSize: 16, epochs: 1000, testFraction: 0.2,
  devFraction: 0.2, // new
  earlyStopping: { monitor: 'devLoss', patience: 50 }, // new
};

export function createModel() {
  return tf.sequential({ layers: [
    tf.layers.dense({ units: 64, inputShape: [4], activation: 'relu' }),
    tf.layers.dense({ units: 64, activation: 'relu' }),
    tf.layers.dense({ units: 3 }),
  ] });
}
