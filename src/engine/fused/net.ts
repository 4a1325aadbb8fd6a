// Forward + backward + optimizer step for a dense stack, in plain loops over preallocated buffers.
// Reproduces what tfjs computes for computeLoss(...) and optimizer.minimize on the cpu backend:
// activations are stored as float32 (as tfjs tensors are), sums and gradients run in float64.
import type { FusedNetSpec } from './spec';
import { fusedUnsupportedReason } from './support';
import { createOptimizer, type Param } from './optim';
import { LINEAR, RELU, SIGMOID, TANH, ACTIVATION_CODE, forwardLayer, backwardLayer, type Layer } from './kernels';
import { lossOf } from './loss';

export { fusedUnsupportedReason };
export type { FusedSpecShape } from './support';

export interface FusedNet {
  /** One optimizer step on a batch of n rows. x: row-major [n, inputSize]. labels: class indices (as floats) for
   *  crossEntropy, else targets (length n, one output unit). Returns the batch's mean loss from the forward pass
   *  BEFORE the update (exactly what computeLoss would give on the same output). If `outputs` is given, writes the
   *  model's final output (after the last layer's activation, row-major [n, units]) of that same forward pass into it. */
  trainStep(x: Float32Array, labels: Float32Array, n: number, outputs?: Float32Array): number;
  /** Forward only: writes outputs [n, units]; returns the mean loss. */
  evaluate(x: Float32Array, labels: Float32Array, n: number, outputs?: Float32Array): number;
  /** Current weights in tfjs order: kernel0, bias0 (if any), kernel1, ... (copies). */
  weights(): Float32Array[];
}

export function createFusedNet(spec: FusedNetSpec, maxBatch: number): FusedNet {
  const reason = fusedUnsupportedReason(spec);
  if (reason !== null) throw new Error(`fused net: ${reason}`);
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError(`fused net: maxBatch ${maxBatch}`);
  const layers: Layer[] = spec.layers.map((s) => ({
    k: s.inputSize,
    u: s.units,
    act: ACTIVATION_CODE[s.activation],
    w: Float32Array.from(s.kernel),
    b: s.bias ? Float32Array.from(s.bias) : null,
    gw: new Float64Array(s.inputSize * s.units),
    gb: s.bias ? new Float64Array(s.units) : null,
    a: new Float32Array(maxBatch * s.units),
    d: new Float64Array(maxBatch * s.units),
  }));
  const params: Param[] = layers.flatMap((L) => [
    { value: L.w, grad: L.gw },
    ...(L.b && L.gb ? [{ value: L.b, grad: L.gb }] : []),
  ]);
  const update = createOptimizer(spec.optimizer, params);
  const inputSize = layers[0].k, top = layers[layers.length - 1], units = top.u;
  const loss = lossOf(spec.loss);

  const check = (x: Float32Array, labels: Float32Array, n: number, outputs?: Float32Array) => {
    if (!Number.isInteger(n) || n < 1 || n > maxBatch) throw new RangeError(`fused net: batch of ${n} rows (max ${maxBatch})`);
    if (x.length < n * inputSize || labels.length < n || (outputs && outputs.length < n * units)) {
      throw new RangeError('fused net: x, labels or outputs shorter than the batch');
    }
  };
  const forward = (x: Float32Array, n: number, outputs?: Float32Array) => {
    let input = x;
    for (const L of layers) {
      forwardLayer(input, L, n);
      input = L.a;
    }
    if (outputs) outputs.set(top.a.subarray(0, n * units));
  };

  return {
    trainStep(x, labels, n, outputs) {
      check(x, labels, n, outputs);
      forward(x, n, outputs);
      const value = loss(top.a, top.d, labels, n, units);
      const d = top.d, a = top.a, m = n * units;
      // dLoss/dOutput -> dLoss/dz through the last activation (the hidden ones are folded into backwardLayer).
      if (top.act === RELU) for (let i = 0; i < m; i++) d[i] = a[i] > 0 ? d[i] : 0;
      else if (top.act === SIGMOID) for (let i = 0; i < m; i++) d[i] *= a[i] * (1 - a[i]);
      else if (top.act === TANH) for (let i = 0; i < m; i++) d[i] *= 1 - a[i] * a[i];
      for (let l = layers.length - 1; l >= 0; l--) {
        const below = l > 0 ? layers[l - 1] : null;
        backwardLayer(below ? below.a : x, layers[l], n, below ? below.d : null, below ? below.act : LINEAR);
      }
      update();
      return value;
    },
    evaluate(x, labels, n, outputs) {
      check(x, labels, n, outputs);
      forward(x, n, outputs);
      return loss(top.a, null, labels, n, units);
    },
    weights: () => params.map((p) => p.value.slice()),
  };
}
