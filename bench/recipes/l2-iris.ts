// Bench recipe (bench/torch/l2_iris.py): iris, 4-64-64-3, PyTorch's SGD weight_decay 0.01.
// Lines ending in "// new" are what the baseline row leaves out.
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'csv', file: 'data/iris.csv', target: 'species', classColumn: true, normalize: 'none' },
  loss: 'crossEntropy', optimizer: 'sgd', learningRate: 0.005, batchSize: 64, epochs: 1000, testFraction: 0.2,
  weightDecay: 0.01, // new
};

export function createModel() {
  return tf.sequential({ layers: [
    tf.layers.dense({ units: 64, inputShape: [4], activation: 'relu' }),
    tf.layers.dense({ units: 64, activation: 'relu' }),
    tf.layers.dense({ units: 3 }),
  ] });
}
