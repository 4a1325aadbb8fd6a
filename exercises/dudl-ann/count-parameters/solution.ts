// Counting parameters: wide against deep (reference solution)
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'clusters', centers: [[1, 1], [5, 1], [3, -2]], perCluster: 100, blur: 1 },
  loss: 'crossEntropy',
  optimizer: 'sgd',
  learningRate: 0.01,
  batchSize: 'full',
  epochs: 1000,
};

export const sweep = {
  vary: { net: ['wide', 'deep'] },
  repeats: 3,
  outcome: 'trainAccuracy',
};

// A dense layer from n inputs to m units has n*m weights and m biases.
//   wide: (2*4 + 4) + (4*3 + 3)             = 12 + 15     = 27
//   deep: (2*2 + 2) + (2*2 + 2) + (2*3 + 3) = 6 + 6 + 9   = 21
export const answers = { wide: 27, deep: 21 };

export function createModel({ net = 'wide' }: { net?: string } = {}) {
  if (net === 'deep') {
    return tf.sequential({
      layers: [
        tf.layers.dense({ units: 2, inputShape: [2], activation: 'relu' }),
        tf.layers.dense({ units: 2, activation: 'relu' }),
        tf.layers.dense({ units: 3 }),
      ],
    });
  }
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 4, inputShape: [2], activation: 'relu' }),
      tf.layers.dense({ units: 3 }),
    ],
  });
}
