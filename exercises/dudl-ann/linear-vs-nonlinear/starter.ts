// The mystery of the qwerties (starter)
//
// The qwerty classifier of the learning-rates exercise: 2 inputs -> 16 ReLU units -> 1 ReLU unit
// -> sigmoid output. About a third of its runs never learn. Your challenge: take the ReLUs out of
// the hidden layers (keep the output's sigmoid), run both versions side by side over learning
// rates and repeats, and explain what you see. See README.md. Run the sweep with
//   "DL Exercises: Run Sweep" (Shift+Alt+S in this file),
//   or in a terminal here: `dlx sweep linear-vs-nonlinear`
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'clusters', centers: [[1, 3], [1, -2]], perCluster: 100, blur: 1 },
  loss: 'binaryCrossEntropy',
  optimizer: 'sgd',
  learningRate: 0.01,
  batchSize: 'full',
  epochs: 1000,
};

// So far: only the ReLU model, at 10 learning rates, 5 runs each, every run with its own seed.
export const sweep = {
  vary: {
    learningRate: { from: 0.001, to: 0.1, count: 10 },
  },
  repeats: 5,
  outcome: 'trainAccuracy',
  threshold: 0.7,
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
