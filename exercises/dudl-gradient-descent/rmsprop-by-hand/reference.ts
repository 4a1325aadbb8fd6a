// The reference values of rmsprop-by-hand: TensorFlow.js's own optimizer (tf.train.rmsprop), step by step.
import * as tf from '@tensorflow/tfjs';
import { minimizeWith } from '../common/valley';

export { loss } from '../common/valley';

export function minimize(start: [number, number], learningRate: number, steps: number): [number, number][] {
  return minimizeWith(tf.train.rmsprop(learningRate, 0.9, 0, 1e-8), start, steps);
}
