// Dropout on the two-ring qwerties (starter)
//
// Two classes of qwerties on two rings (inner radius 10, outer 15): no straight line separates them.
// A 2-128-128-1 network classifies them. Your challenge: add dropout after the input layer and after
// the hidden layer, with the rate as a parameter, and sweep the rate from 0 to 0.9. See README.md.
// Run it with "DL Exercises: Run Sweep" or `dlx sweep dropout-rings --predict <shape>`.
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  // Fixed by the exercise: 200 points per ring, noise 1.
  data: { kind: 'rings' },
  loss: 'binaryCrossEntropyWithLogits',
  optimizer: 'adam',
  learningRate: 0.005,
  batchSize: 'full',
  epochs: 100,
  testFraction: 0.2,
};

export const sweep = {
  // TODO: the dropout rates 0, 0.1, ... 0.9 ({ from, to, count }), each repeated 3 times.
  vary: { dropout: [0.5] },
  repeats: 1,
  outcome: 'testAccuracy',
};

// The sweep hands each run its rate: createModel({ dropout: 0.5 }).
export function createModel({ dropout = 0.5 }: { dropout?: number } = {}) {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 128, inputShape: [2], activation: 'relu' }),
      // TODO: dropout here, after the input layer: tf.layers.dropout({ rate: dropout })
      tf.layers.dense({ units: 128, activation: 'relu' }),
      // TODO: and here, after the hidden layer.
      tf.layers.dense({ units: 1 }),
    ],
  });
}
