// The losses of ../losses.ts and the gradients tfjs autodiff derives for them (mean reduction: / n).
import type { LossName } from '../settings';

/** ../losses.ts PROBABILITY_EPSILON, repeated so the fused path loads without tfjs (a test keeps them equal). */
export const PROBABILITY_EPSILON = 1e-7;
// tfjs clips with float32 bounds and passes the gradient only inside [lo, hi] (ClipByValue_grad).
const LO = Math.fround(PROBABILITY_EPSILON), HI = Math.fround(1 - PROBABILITY_EPSILON);

/**
 * Mean loss over n rows of `out` (row r at r * stride, `units` wide); when d is given, also writes
 * dLoss/dOutput into it with the same layout (and touches nothing else).
 */
export type LossFn = (out: Float32Array, d: Float32Array | null, labels: Float32Array, n: number, units: number, stride: number) => number;

export function lossOf(loss: LossName): LossFn {
  switch (loss) {
    case 'crossEntropy': return softmaxCrossEntropy;
    case 'binaryCrossEntropy': return binaryCrossEntropy;
    case 'binaryCrossEntropyWithLogits': return sigmoidCrossEntropy;
    case 'mse': return meanSquaredError;
  }
}

/** tf.losses.softmaxCrossEntropy(oneHot(labels), logits): a label outside [0, units) one-hots to zeros. */
function softmaxCrossEntropy(out: Float32Array, d: Float32Array | null, labels: Float32Array, n: number, units: number, stride: number): number {
  const scale = 1 / n;
  let total = 0;
  for (let r = 0, o = 0; r < n; r++, o += stride) {
    let top = 0;
    for (let j = 1; j < units; j++) if (out[o + j] > out[o + top]) top = j;
    const max = out[o + top];
    let sum = 0;
    // exp(0) = 1 for the largest logit: one exp fewer per row.
    if (d) for (let j = 0; j < units; j++) sum += d[o + j] = j === top ? 1 : Math.exp(out[o + j] - max);
    else for (let j = 0; j < units; j++) sum += j === top ? 1 : Math.exp(out[o + j] - max);
    const c = Math.trunc(labels[r]), hit = c >= 0 && c < units;
    if (hit) total += max + Math.log(sum) - out[o + c];
    if (d) {
      const k = scale / sum;
      for (let j = 0; j < units; j++) d[o + j] *= k;
      if (hit) d[o + c] -= scale;
    }
  }
  return total / n;
}

/** -mean(y·log(p) + (1-y)·log(1-p)), p = clip(out, 1e-7, 1-1e-7). */
function binaryCrossEntropy(out: Float32Array, d: Float32Array | null, labels: Float32Array, n: number, _u: number, stride: number): number {
  const scale = -1 / n;
  let total = 0;
  for (let r = 0, o = 0; r < n; r++, o += stride) {
    const y = labels[r], v = out[o];
    const p = v > HI ? HI : v < LO ? LO : v;
    total += y * Math.log(p) + (1 - y) * Math.log(1 - p);
    if (d) d[o] = v >= LO && v <= HI ? scale * (y / p - (1 - y) / (1 - p)) : 0;
  }
  return -total / n;
}

/** tf.losses.sigmoidCrossEntropy: relu(z) - z·y + log1p(exp(-|z|)), differentiated term by term as tfjs does. */
function sigmoidCrossEntropy(out: Float32Array, d: Float32Array | null, labels: Float32Array, n: number, _u: number, stride: number): number {
  const scale = 1 / n;
  let total = 0;
  for (let r = 0, o = 0; r < n; r++, o += stride) {
    const y = labels[r], z = out[o], e = Math.exp(-Math.abs(z));
    total += (z > 0 ? z : 0) - z * y + Math.log1p(e);
    // relu' is step(z) (0 at 0) and abs' is step(z, -1) (-1 at 0), as in tfjs.
    if (d) d[o] = scale * (z > 0 ? 1 - y - e / (1 + e) : -y + e / (1 + e));
  }
  return total / n;
}

function meanSquaredError(out: Float32Array, d: Float32Array | null, labels: Float32Array, n: number, _u: number, stride: number): number {
  const scale = 2 / n;
  let total = 0;
  for (let r = 0, o = 0; r < n; r++, o += stride) {
    const diff = out[o] - labels[r];
    total += diff * diff;
    if (d) d[o] = scale * diff;
  }
  return total / n;
}
