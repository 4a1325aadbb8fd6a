// Breadth vs depth (starter)
//
// An iris classifier with ONE hidden layer of 16 ReLU units. Your challenge: build models with
// 1 to 5 hidden layers of 4 to 100 units each, train them all, and find out what matters more
// for this problem: width (breadth) or depth. See README.md. Run the sweep with
//   "DL Exercises: Run Sweep" (Shift+Alt+S in this file),
//   or in a terminal here: `dlx sweep breadth-vs-depth`
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'csv', file: 'data/iris.csv', target: 'species', classColumn: true, zscore: 'none' },
  loss: 'crossEntropy',
  optimizer: 'sgd',
  learningRate: 0.01,
  batchSize: 'full',
  epochs: 500,
};

// So far the sweep only varies the width, over three values.
export const sweep = {
  vary: { units: [4, 16, 64] },
  outcome: 'accuracy',
};

export function createModel({ units = 16 }: { units?: number } = {}) {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units, inputShape: [4], activation: 'relu' }),
      tf.layers.dense({ units: 3 }),
    ],
  });
}
