// Breadth vs depth (reference solution)
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'csv', file: 'data/iris.csv', target: 'species', classColumn: true, zscore: 'none' },
  loss: 'crossEntropy',
  optimizer: 'sgd',
  learningRate: 0.01,
  batchSize: 'full',
  epochs: 500,
};

// Two settings make a grid: every number of layers with every width, 5 x 33 = 165 models.
export const sweep = {
  vary: {
    layers: { from: 1, to: 5, step: 1 },
    units: { from: 4, to: 100, step: 3 },
  },
  outcome: 'accuracy',
  along: 'units',
};

export function createModel({ layers = 1, units = 16 }: { layers?: number; units?: number } = {}) {
  const hidden = [];
  for (let i = 0; i < layers; i++) {
    // Only the first layer needs to know the input size (4 measurements).
    hidden.push(tf.layers.dense({ units, activation: 'relu', ...(i === 0 ? { inputShape: [4] } : {}) }));
  }
  return tf.sequential({ layers: [...hidden, tf.layers.dense({ units: 3 })] });
}
