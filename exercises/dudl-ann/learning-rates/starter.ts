// Learning rates: a parametric experiment (starter)
//
// The qwerty classifier from "Convert nn.Sequential to class": 2 inputs -> 16 ReLU units ->
// 1 ReLU unit -> a sigmoid output, trained with binary cross-entropy and full-batch SGD.
// Your challenge: train it at 50 learning rates from 0.001 to 0.1, count the runs that end above
// 70% accuracy, then repeat the whole experiment 10 times. See README.md. Run the sweep with
//   "DL Exercises: Run Sweep" (Shift+Alt+S in this file),
//   or in a terminal here: `dlx sweep learning-rates`
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  // Fixed by the exercise: two qwerty clusters, 100 points each.
  data: { kind: 'clusters', centers: [[1, 3], [1, -2]], perCluster: 100, blur: 1 },
  loss: 'binaryCrossEntropy',
  optimizer: 'sgd',
  learningRate: 0.01, // a sweep replaces this with each of its values
  batchSize: 'full',
  epochs: 1000,
};

// The sweep: the experiment above, once per value of the setting it varies.
export const sweep = {
  // TODO: 50 learning rates, evenly spaced from 0.001 to 0.1: { from: ..., to: ..., count: ... }
  vary: { learningRate: [0.01, 0.05] },
  // TODO (the meta-experiment): repeat every learning rate 10 times.
  repeats: 1,
  outcome: 'trainAccuracy',
  // TODO: count the runs whose final accuracy is above 70% (threshold: 0.7).
  // Every run starts from its own random weights, as in the course's loop.
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
