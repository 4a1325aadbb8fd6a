// Exploding and vanishing gradients (starter)
//
// A deep net of 12 layers: how big is the gradient that reaches each layer, and when does it
// vanish or explode? Read README.md, then run "DL Exercises: Run Experiment" (Shift+Alt+E in this
// file), or in a terminal here: `dlx run exploding-vanishing`.
import * as tf from '@tensorflow/tfjs';

// The deep net: LAYERS dense layers of WIDTH units, no biases, on a fixed batch of inputs. Its weights are
// fixed numbers (a seeded generator), scaled by `weightScale / sqrt(WIDTH)`, so every run of a
// setting is the same run.
export const LAYERS = 12;
export const WIDTH = 16;
/** A batch of 16 inputs: with one, a ReLU layer may switch every unit off. */
const INPUTS = Array.from({ length: 16 }, (_, r) => Array.from({ length: WIDTH }, (_, i) => Math.sin(r * WIDTH + i + 1)));

function fixedWeights(layer: number): number[] {
  let state = 1234 + 97 * layer;
  return Array.from({ length: WIDTH * WIDTH }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return (state / 2147483648) * 2 - 1;
  });
}

export function weightsOf(weightScale: number): tf.Tensor2D[] {
  return Array.from({ length: LAYERS }, (_, layer) => tf.mul(tf.tensor2d(fixedWeights(layer), [WIDTH, WIDTH]), weightScale / Math.sqrt(WIDTH)) as tf.Tensor2D);
}

/** The net's output summed: what the gradients are of. */
export function output(weights: tf.Tensor[], activation: 'sigmoid' | 'relu'): tf.Scalar {
  let h: tf.Tensor = tf.tensor2d(INPUTS);
  for (const w of weights) h = activation === 'sigmoid' ? tf.sigmoid(tf.matMul(h, w)) : tf.relu(tf.matMul(h, w));
  return tf.sum(h);
}

// The norm of the gradient of the output with respect to each layer's weights, layer 1 (next to
// the input) first. As given it measures the weights themselves, not their gradients.
export function layerGradientNorms(activation: 'sigmoid' | 'relu', weightScale: number): number[] {
  return tf.tidy(() => weightsOf(weightScale).map((w) => tf.norm(w).dataSync()[0]));
}

// Judged by layer 1, the farthest from the output: below 1e-3 its gradient has vanished, above
// 1e3 it has exploded.
// As given it calls everything stable.
export function classify(norms: number[]): 'vanishing' | 'exploding' | 'stable' {
  return 'stable';
}

// The four runs of the README: your verdict on each, once you have looked at its norms
// ('vanishing', 'exploding' or 'stable').
export const verdicts = {
  sigmoidScale1: 'stable',
  reluScale0_5: 'stable',
  reluScale2: 'stable',
  reluScale4: 'stable',
};
