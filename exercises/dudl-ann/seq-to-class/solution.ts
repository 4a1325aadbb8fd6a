// Convert nn.Sequential to class (reference solution)
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'clusters', centers: [[1, 3], [1, -2]], perCluster: 100, blur: 1 },
  loss: 'binaryCrossEntropy',
  optimizer: 'sgd',
  learningRate: 0.01,
  batchSize: 'full',
  epochs: 1000,
};

export class Model {
  // The layers are created once, in the constructor: these hold the trainable weights.
  private readonly input = tf.layers.dense({ units: 16 });
  private readonly hidden = tf.layers.dense({ units: 1 });
  private readonly output = tf.layers.dense({ units: 1 });

  // forward(x) says how data flows through them; the activations live here now.
  forward(x: tf.Tensor): tf.Tensor {
    x = tf.relu(this.input.apply(x) as tf.Tensor);
    x = tf.relu(this.hidden.apply(x) as tf.Tensor);
    return tf.sigmoid(this.output.apply(x) as tf.Tensor);
  }
}
