// Learning rates, one hidden unit (starter)
//
// The first qwerty classifier of the course: 2 inputs -> 1 ReLU unit -> a sigmoid output. Your
// challenge: the meta-experiment, 40 learning rates from 0.001 to 0.1, each repeated 10 times, and
// the fraction of runs that end above 70% accuracy. Commit to a prediction first:
//   `dlx sweep learning-rates-single --predict <shape>`. See README.md.
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'clusters', centers: [[1, 3], [1, -2]], perCluster: 100, blur: 1 },
  loss: 'binaryCrossEntropy',
  optimizer: 'sgd',
  learningRate: 0.01,
  batchSize: 'full',
  epochs: 1000,
};

// TODO: 40 learning rates from 0.001 to 0.1, 10 repeats each, and a 70% threshold.
export const sweep = {
  vary: { learningRate: [0.001, 0.01, 0.1] },
  repeats: 1,
  outcome: 'trainAccuracy',
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
