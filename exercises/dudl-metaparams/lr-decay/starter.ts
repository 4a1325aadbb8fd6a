// Learning-rate decay (starter)
//
// The three-qwerty classifier trained by SGD with a large, fixed learning rate: it learns fast,
// then keeps bouncing around the minimum. Your challenge: decay the learning rate during training.
// See README.md. Run it with `dlx run lr-decay`.
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'clusters', centers: [[1, 1], [5, 1], [4, 4]], perCluster: 300, blur: 1 },
  loss: 'crossEntropy',
  optimizer: 'sgd',
  learningRate: 0.5,
  // TODO: a learning-rate schedule: lrSchedule: { kind: 'step', every: ..., gamma: ... }
  batchSize: 16,
  epochs: 50,
  testFraction: 0.1,
};

export function createModel() {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 8, inputShape: [2], activation: 'relu' }),
      tf.layers.dense({ units: 8, activation: 'relu' }),
      tf.layers.dense({ units: 3 }),
    ],
  });
}
