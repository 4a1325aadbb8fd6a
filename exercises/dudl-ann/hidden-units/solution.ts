// How many hidden units? (reference solution)
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'csv', file: 'data/iris.csv', target: 'species', classColumn: true, zscore: 'none' },
  loss: 'crossEntropy',
  optimizer: 'sgd',
  learningRate: 0.01,
  batchSize: 'full',
  epochs: 150,
};

// Every whole number of hidden units from 1 to 128: 128 models.
export const sweep = {
  vary: { units: { from: 1, to: 128, step: 1 } },
  outcome: 'accuracy',
};

// The sweep hands each run its value: createModel({ units: 1 }), createModel({ units: 2 }), ...
// The default (16) is what `dlx run` trains when there is no sweep.
export function createModel({ units = 16 }: { units?: number } = {}) {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units, inputShape: [4], activation: 'relu' }),
      tf.layers.dense({ units, activation: 'relu' }),
      tf.layers.dense({ units: 3 }),
    ],
  });
}
