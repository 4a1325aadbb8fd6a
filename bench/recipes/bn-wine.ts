// Bench recipe (bench/torch/bn_wine.py): wine quality > 5, 11-16-BN-32-BN-20-1, ReLU before each batch norm.
// Lines ending in "// new" are what the baseline row leaves out.
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'csv', file: 'data/winequality-red.csv', target: 'quality', binarize: { above: 5 } },
  loss: 'binaryCrossEntropyWithLogits', optimizer: 'sgd', learningRate: 0.01, batchSize: 32, epochs: 1000, testFraction: 0.1,
};

export function createModel() {
  return tf.sequential({ layers: [
    tf.layers.dense({ units: 16, inputShape: [11], activation: 'relu' }),
    tf.layers.batchNormalization({ momentum: 0.99, epsilon: 1e-3 }), // new
    tf.layers.dense({ units: 32, activation: 'relu' }),
    tf.layers.batchNormalization({ momentum: 0.99, epsilon: 1e-3 }), // new
    tf.layers.dense({ units: 20, activation: 'relu' }),
    tf.layers.dense({ units: 1 }),
  ] });
}
