// The losses of ../losses.ts and the gradients tfjs autodiff derives for them (mean reduction: / n).
import type { LossName } from '../settings';

/** Mean loss over n rows of `out` [n, units]; when d is given, also writes dLoss/dOutput into it. */
export type LossFn = (out: Float32Array, d: Float64Array | null, labels: Float32Array, n: number, units: number) => number;

/** ../losses.ts PROBABILITY_EPSILON, repeated so the fused path loads without tfjs (a test keeps them equal). */
export const PROBABILITY_EPSILON = 1e-7;
// tfjs clips with float32 bounds and passes the gradient only inside [lo, hi] (ClipByValue_grad).
const LO = Math.fround(PROBABILITY_EPSILON), HI = Math.fround(1 - PROBABILITY_EPSILON);

export function lossOf(loss: LossName): LossFn {
  switch (loss) {
    case 'crossEntropy': return softmaxCrossEntropy;
    case 'binaryCrossEntropy': return binaryCrossEntropy;
    case 'binaryCrossEntropyWithLogits': return sigmoidCrossEntropy;
    case 'mse': return meanSquaredError;
  }
}

/** tf.losses.softmaxCrossEntropy(oneHot(labels), logits): a label outside [0, units) one-hots to zeros. */
function softmaxCrossEntropy(out: Float32Array, d: Float64Array | null, labels: Float32Array, n: number, units: number): number {
  const scale = 1 / n;
  let total = 0;
  for (let r = 0, o = 0; r < n; r++, o += units) {
    let max = out[o];
    for (let j = 1; j < units; j++) if (out[o + j] > max) max = out[o + j];
    let sum = 0;
    for (let j = 0; j < units; j++) sum += Math.exp(out[o + j] - max);
    const lse = max + Math.log(sum), c = Math.trunc(labels[r]);
    const hit = c >= 0 && c < units;
    if (hit) total += lse - out[o + c];
    if (d) {
      for (let j = 0; j < units; j++) d[o + j] = Math.exp(out[o + j] - lse) * scale;
      if (hit) d[o + c] -= scale;
    }
  }
  return total / n;
}

/** -mean(y·log(p) + (1-y)·log(1-p)), p = clip(out, 1e-7, 1-1e-7). */
function binaryCrossEntropy(out: Float32Array, d: Float64Array | null, labels: Float32Array, n: number): number {
  const scale = -1 / n;
  let total = 0;
  for (let r = 0; r < n; r++) {
    const y = labels[r], o = out[r];
    const p = o > HI ? HI : o < LO ? LO : o;
    total += y * Math.log(p) + (1 - y) * Math.log(1 - p);
    if (d) d[r] = o >= LO && o <= HI ? scale * (y / p - (1 - y) / (1 - p)) : 0;
  }
  return -total / n;
}

/** tf.losses.sigmoidCrossEntropy: relu(z) - z·y + log1p(exp(-|z|)), differentiated term by term as tfjs does. */
function sigmoidCrossEntropy(out: Float32Array, d: Float64Array | null, labels: Float32Array, n: number): number {
  const scale = 1 / n;
  let total = 0;
  for (let r = 0; r < n; r++) {
    const y = labels[r], z = out[r], e = Math.exp(-Math.abs(z));
    total += (z > 0 ? z : 0) - z * y + Math.log1p(e);
    // step(z) for relu and sign(z) for abs, both 0-at-0 / -1-at-0 as tfjs' step(x, alpha).
    if (d) d[r] = scale * (z > 0 ? 1 - y - e / (1 + e) : -y + e / (1 + e));
  }
  return total / n;
}

function meanSquaredError(out: Float32Array, d: Float64Array | null, labels: Float32Array, n: number): number {
  let total = 0;
  for (let r = 0; r < n; r++) {
    const diff = out[r] - labels[r];
    total += diff * diff;
    if (d) d[r] = (2 / n) * diff;
  }
  return total / n;
}
