// Learning rates: a parametric experiment (reference solution)
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'clusters', centers: [[1, 3], [1, -2]], perCluster: 100, blur: 1 },
  loss: 'binaryCrossEntropy',
  optimizer: 'sgd',
  learningRate: 0.01,
  batchSize: 'full',
  epochs: 1000,
};

// 50 learning rates, np.linspace(.001, .1, 50); the meta-experiment repeats each one 10 times.
export const sweep = {
  vary: { learningRate: { from: 0.001, to: 0.1, count: 50 } },
  repeats: 10,
  outcome: 'trainAccuracy',
  threshold: 0.7,
  // A fresh random initialisation for every run, as the course's loop does.
  seeds: 'perRun',
};

export function createModel() {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 16, inputShape: [2], activation: 'relu' }),
      tf.layers.dense({ units: 1, activation: 'relu' }),
      tf.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
}
