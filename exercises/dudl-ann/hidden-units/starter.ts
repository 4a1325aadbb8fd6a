// How many hidden units? (starter)
//
// This file trains one iris classifier: 4 measurements of a flower in, 3 species out, with two
// hidden layers of 16 ReLU units. Your challenge: find out how the accuracy depends on the
// number of hidden units, from 1 to 128. See README.md. Run the sweep with
//   "DL Exercises: Run Sweep" (Shift+Alt+S in this file),
//   or in a terminal here: `dlx sweep hidden-units`
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  // The iris data: 150 flowers, 50 per species. Raw measurements in cm, as in the course.
  data: { kind: 'csv', file: 'data/iris.csv', target: 'species', classColumn: true, zscore: 'none' },
  loss: 'crossEntropy',
  optimizer: 'sgd',
  learningRate: 0.01,
  batchSize: 'full',
  epochs: 150,
};

// A sweep runs the experiment once per value. For now it tries three values...
export const sweep = {
  vary: { units: [4, 16, 64] },
  outcome: 'accuracy',
};

// ...but this model does not look at them: it always has 16 units per hidden layer.
export function createModel() {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 16, inputShape: [4], activation: 'relu' }),
      tf.layers.dense({ units: 16, activation: 'relu' }),
      tf.layers.dense({ units: 3 }),
    ],
  });
}
