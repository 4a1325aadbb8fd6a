import * as tf from '@tensorflow/tfjs';
export const experiment = {
  data: { kind: 'clusters', centers: [[1, 1], [5, 1], [4, 4]], perCluster: 300, blur: 1 },
  loss: 'crossEntropy', optimizer: 'sgd', learningRate: 0.1, batchSize: 16, epochs: 50, testFraction: 0.1,
};
export function createModel() {
  return tf.sequential({ layers: [tf.layers.dense({ units: 8, inputShape: [2], activation: 'relu' }), tf.layers.dense({ units: 8, activation: 'relu' }), tf.layers.dense({ units: 3 })] });
}
