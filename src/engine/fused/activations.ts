// The activations of the fused path, each as tfjs's cpu kernel computes it, and the derivative
// tfjs's autodiff takes for it (tfjs-core gradients/*_grad.js), including its convention at the
// kinks. Applied in JS, except where kernels.wat has them (relu in the forward kernel and relu's
// backward pass, leakyRelu's and relu6's both ways): for those these are the definitions the
// kernels are tested against (test/fusedReluFamily.test.ts).
import type { DenseActivation } from './spec';

// tfjs-core ops/selu_util.js and ops/erf_util.js (Abramowitz-Stegun 7.1.26, as the cpu Erf kernel).
const SELU_SCALE = 1.0507009873554804934193349852946;
const SELU_SCALEALPHA = 1.7580993408473768599402175208123;
const ERF_P = 0.3275911, A1 = 0.254829592, A2 = -0.284496736, A3 = 1.421413741, A4 = -1.453152027, A5 = 1.061405429;
// tfjs cpu Softplus: exp(x) below, x above these bounds, log1p(exp(x)) between.
const SOFTPLUS_THRESHOLD = Math.log(1.1920928955078125e-7) + 2;
const SQRT_HALF = Math.SQRT1_2, INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

export function erf(x: number): number {
  const v = Math.abs(x), t = 1 / (1 + ERF_P * v);
  return Math.sign(x) * (1 - (((((A5 * t + A4) * t) + A3) * t + A2) * t + A1) * t * Math.exp(-v * v));
}

function softplus(x: number): number {
  if (x < SOFTPLUS_THRESHOLD) return Math.exp(x);
  if (x > -SOFTPLUS_THRESHOLD) return x;
  return Math.log(1 + Math.exp(x));
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** f(z) for one value; `alpha` is leakyRelu's slope. */
export function activationOf(kind: DenseActivation, alpha = 0): (z: number) => number {
  switch (kind) {
    case 'linear': return (z) => z;
    case 'relu': return (z) => (z < 0 ? 0 : z);
    case 'sigmoid': return sigmoid;
    case 'tanh': return Math.tanh;
    case 'leakyRelu': return (z) => (z < 0 ? alpha * z : z);
    case 'relu6': return (z) => Math.min(Math.max(0, z), 6);
    case 'elu': return (z) => (z >= 0 ? z : Math.exp(z) - 1);
    case 'selu': return (z) => (z >= 0 ? SELU_SCALE * z : SELU_SCALEALPHA * (Math.exp(z) - 1));
    case 'softplus': return softplus;
    // tfjs-layers Gelu: x * 0.5 * (1 + erf(x / sqrt 2)).
    case 'gelu': return (z) => z * (0.5 * (1 + erf(z / Math.SQRT2)));
  }
}

/** f'(z), with y = f(z) where tfjs's gradient reads the output (sigmoid, tanh, elu). */
export function derivativeOf(kind: DenseActivation, alpha = 0): (z: number, y: number) => number {
  switch (kind) {
    case 'linear': return () => 1;
    case 'relu': return (z) => (z > 0 ? 1 : 0);
    case 'sigmoid': return (_z, y) => y * (1 - y);
    case 'tanh': return (_z, y) => 1 - y * y;
    case 'leakyRelu': return (z) => (z > 0 ? 1 : alpha);
    // tfjs-layers relu6 is minimum(6, relu(x)): 0 at 0 (relu's step) and at 6 (minimum's tie goes to the 6).
    case 'relu6': return (z) => (z > 0 && z < 6 ? 1 : 0);
    case 'elu': return (_z, y) => (y >= 0 ? 1 : y + 1);
    case 'selu': return (z) => (z > 0 ? SELU_SCALE : SELU_SCALEALPHA * Math.exp(z));
    case 'softplus': return (z) => sigmoid(z);
    // d/dx x·Φ(x) = Φ(x) + x·φ(x), with autodiff's exact erf' (not the approximation's).
    case 'gelu': return (z) => 0.5 * (1 + erf(z * SQRT_HALF)) + z * INV_SQRT_2PI * Math.exp(-0.5 * z * z);
  }
}

/** dst = f(src) over n rows of u values (row stride `stride` floats). */
export function applyActivation(mem: Float32Array, kind: DenseActivation, alpha: number, src: number, dst: number, n: number, u: number, stride: number): void {
  const f = activationOf(kind, alpha);
  for (let r = 0, o = 0; r < n; r++, o += stride) for (let j = o; j < o + u; j++) mem[dst + j] = f(mem[src + j]);
}

/** d *= f'(z), z = the activation's input, y = its output (same layout as d). Relu's runs in the kernels (reluBackward). */
export function backActivation(mem: Float32Array, kind: DenseActivation, alpha: number, z: number, y: number, d: number, n: number, u: number, stride: number): void {
  if (kind === 'linear') return;
  const df = derivativeOf(kind, alpha);
  for (let r = 0, o = 0; r < n; r++, o += stride) for (let j = o; j < o + u; j++) mem[d + j] *= df(mem[z + j], mem[y + j]);
}
