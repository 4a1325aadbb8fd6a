// Learning rates, one hidden unit (reference solution)
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'clusters', centers: [[1, 3], [1, -2]], perCluster: 100, blur: 1 },
  loss: 'binaryCrossEntropy',
  optimizer: 'sgd',
  learningRate: 0.01,
  batchSize: 'full',
  epochs: 1000,
};

// 40 learning rates, np.linspace(.001, .1, 40), each repeated 10 times from fresh weights.
export const sweep = {
  vary: { learningRate: { from: 0.001, to: 0.1, count: 40 } },
  repeats: 10,
  outcome: 'trainAccuracy',
  threshold: 0.7,
  seeds: 'perRun',
};

// The course's first classifier: 2 inputs -> 1 ReLU unit -> a sigmoid output.
export function createModel() {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 1, inputShape: [2], activation: 'relu' }),
      tf.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
}
