// Convert nn.Sequential to class (starter)
//
// This model is built with tf.sequential: a neat stack of layers, but you cannot put any
// logic between them. Your challenge: rewrite it as a class, the way PyTorch's nn.Module
// works. Create the layers in the constructor and apply them, one after the other, in a
// forward(x) method. Same layers, same sizes, same activations. See README.md.
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  // Fixed by the exercise: two qwerty clusters around (1, 3) and (1, -2), 100 points each.
  data: { kind: 'clusters', centers: [[1, 3], [1, -2]], perCluster: 100, blur: 1 },
  loss: 'binaryCrossEntropy',
  optimizer: 'sgd',
  learningRate: 0.01,
  batchSize: 'full',
  epochs: 1000,
};

export function createModel() {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 16, inputShape: [2], activation: 'relu' }), // input layer
      tf.layers.dense({ units: 1, activation: 'relu' }), // hidden layer
      tf.layers.dense({ units: 1, activation: 'sigmoid' }), // output layer
    ],
  });
}
