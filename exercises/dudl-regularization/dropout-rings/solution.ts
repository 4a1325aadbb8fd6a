// Dropout on the two-ring qwerties (reference solution)
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'rings' },
  loss: 'binaryCrossEntropyWithLogits',
  optimizer: 'adam',
  learningRate: 0.005,
  batchSize: 'full',
  epochs: 100,
  testFraction: 0.2,
};

// np.arange(10) / 10: dropout rates 0, 0.1, ... 0.9; every rate of a repeat starts from the same seed.
export const sweep = {
  vary: { dropout: { from: 0, to: 0.9, count: 10 } },
  repeats: 3,
  outcome: 'testAccuracy',
};

// The sweep hands each run its rate: createModel({ dropout: 0 }), createModel({ dropout: 0.1 }), ...
export function createModel({ dropout = 0.5 }: { dropout?: number } = {}) {
  return tf.sequential({
    layers: [
      // Dropout after the input layer (2 -> 128) and after the hidden layer, as the course places it.
      tf.layers.dense({ units: 128, inputShape: [2], activation: 'relu' }),
      tf.layers.dropout({ rate: dropout }),
      tf.layers.dense({ units: 128, activation: 'relu' }),
      tf.layers.dropout({ rate: dropout }),
      tf.layers.dense({ units: 1 }),
    ],
  });
}
