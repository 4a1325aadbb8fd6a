// Many qwerties! (starter)
//
// This file trains a classifier for TWO clusters of "qwerties": 2-D points scattered
// around the centres (1, 1) and (5, 1). It has one output unit: a sigmoid that says how
// sure the model is that a point belongs to the second cluster.
//
// Your challenge: make it classify THREE clusters, with a third centre at (3, -2).
// Read README.md for the recipe. Then run "DL Exercises: Run Experiment" (Shift+Alt+E in
// this file), or in a terminal here: `dlx run many-qwerties`.
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  // 100 points around each centre, spread ("blur") of 1.
  data: { kind: 'clusters', centers: [[1, 1], [5, 1]], perCluster: 100, blur: 1 },
  // Binary cross-entropy on a sigmoid output: the classic two-class recipe.
  loss: 'binaryCrossEntropy',
  optimizer: 'sgd',
  learningRate: 0.01,
  batchSize: 'full',
  epochs: 1000,
};

export function createModel() {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 1, inputShape: [2], activation: 'relu' }),
      tf.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
}
