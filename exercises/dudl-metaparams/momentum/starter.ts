// Momentum (starter)
//
// The three-qwerty classifier (2-8-8-3, ReLU, cross-entropy), trained with SGD and momentum.
// Your challenge: sweep the momentum from 0 to 0.999 and watch when, and whether, the model learns.
// See README.md. Run the sweep with "DL Exercises: Run Sweep" or `dlx sweep momentum`.
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  // Three qwerty groups, 300 points each: A = (1, 1), B = (5, 1), C = (4, 4).
  data: { kind: 'clusters', centers: [[1, 1], [5, 1], [4, 4]], perCluster: 300, blur: 1 },
  loss: 'crossEntropy',
  // PyTorch's SGD(momentum=beta): v = beta * v + g; w -= lr * v (dampening 0, not Nesterov).
  optimizer: 'momentum',
  learningRate: 0.01,
  momentum: 0.9, // the sweep replaces this with each of its values
  batchSize: 16,
  epochs: 50,
  testFraction: 0.1,
};

export const sweep = {
  // TODO: add the course's larger betas: 0.9, 0.95 and 0.999.
  vary: { momentum: [0, 0.5] },
  repeats: 3,
  outcome: 'trainAccuracy',
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
