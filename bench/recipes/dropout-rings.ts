// Bench recipe (bench/torch/dropout_rings.py): the dropout lesson's rings, 2-128-128-1, dropout 0.5.
// Lines ending in "// new" are what the baseline row leaves out.
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'rings' },
  loss: 'binaryCrossEntropyWithLogits', optimizer: 'sgd', learningRate: 0.002, batchSize: 16, epochs: 1000, testFraction: 0.2,
};

export function createModel() {
  return tf.sequential({ layers: [
    tf.layers.dense({ units: 128, inputShape: [2], activation: 'relu' }),
    tf.layers.dropout({ rate: 0.5 }), // new
    tf.layers.dense({ units: 128, activation: 'relu' }),
    tf.layers.dropout({ rate: 0.5 }), // new
    tf.layers.dense({ units: 1 }),
  ] });
}
