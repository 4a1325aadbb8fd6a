// The reference values of adam-by-hand: TensorFlow.js's own optimizer (tf.train.adam), step by step.
import * as tf from '@tensorflow/tfjs';
import { minimizeWith } from '../common/valley';

export { loss } from '../common/valley';

export function minimize(start: [number, number], learningRate: number, steps: number): [number, number][] {
  return minimizeWith(tf.train.adam(learningRate, 0.9, 0.999, 1e-8), start, steps);
}
