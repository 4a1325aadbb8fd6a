// The reference values of momentum-by-hand: TensorFlow.js's own optimizer (tf.train.momentum), step by step.
import * as tf from '@tensorflow/tfjs';
import { minimizeWith } from '../common/valley';

export { loss } from '../common/valley';

export function minimize(start: [number, number], learningRate: number, steps: number): [number, number][] {
  return minimizeWith(tf.train.momentum(learningRate, 0.9), start, steps);
}
