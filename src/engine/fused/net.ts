// Forward + backward + optimizer step for a dense stack: matrix loops and optimizers in WebAssembly SIMD
// (kernels.wat), sigmoid/tanh and the loss in JS, all over one memory allocated up front. Reproduces what
// tfjs computes for computeLoss(...) and optimizer.minimize on the cpu backend, in float32 like tfjs.
import type { FusedNetSpec } from './spec';
import { fusedUnsupportedReason } from './support';
import { createOptimizer, type ParamBlock } from './optim';
import { lossOf } from './loss';
import { instantiate } from './wasm';

export { fusedUnsupportedReason };
export type { FusedSpecShape } from './support';

export interface FusedNet {
  /** One optimizer step on a batch of n rows. x: row-major [n, inputSize]. labels: class indices (as floats) for
   *  crossEntropy, else targets (length n, one output unit). Returns the batch's mean loss from the forward pass
   *  BEFORE the update (exactly what computeLoss would give on the same output). If `outputs` is given, writes the
   *  model's final output (after the last layer's activation, row-major [n, units]) of that same forward pass into it. */
  trainStep(x: Float32Array, labels: Float32Array, n: number, outputs?: Float32Array): number;
  /** Forward only: writes outputs [n, units]; returns the mean loss. Any n >= 1 (chunked beyond maxBatch). */
  evaluate(x: Float32Array, labels: Float32Array, n: number, outputs?: Float32Array): number;
  /** Current weights in tfjs order: kernel0, bias0 (if any), kernel1, ... (copies). */
  weights(): Float32Array[];
  /** The learning rate of the next steps (a schedule's). */
  setLearningRate(learningRate: number): void;
  /** A copy of every parameter (padded layout, for restoreParameters only). Optimizer state is not part of it. */
  snapshotParameters(): Float32Array;
  /** Puts back parameters from snapshotParameters of this net. */
  restoreParameters(snapshot: Float32Array): void;
  /** Per layer: the L2 norm of its kernel and bias now, and of their gradient from the last trainStep. */
  layerNorms(): { weightNorm: number; gradientNorm: number }[];
}

const LINEAR = 0, RELU = 1, SIGMOID = 2, TANH = 3;
const ACT = { linear: LINEAR, relu: RELU, sigmoid: SIGMOID, tanh: TANH };
const ceil4 = (v: number) => (v + 3) & ~3;

/**
 * Every row is padded to a multiple of 4 floats (`us`), kernels to k4 = ceil4(k) rows. Pads start at 0 and
 * stay 0 (their gradients are exactly 0), which lets the SIMD loops run over whole vectors. The fields
 * hold float offsets into the memory; the kernels take them times 4.
 */
interface Layer {
  k: number; u: number; k4: number; us: number; act: number;
  w: number; b: number; gw: number; gb: number; a: number; d: number;
}

export function createFusedNet(spec: FusedNetSpec, maxBatch: number): FusedNet {
  const reason = fusedUnsupportedReason(spec);
  if (reason !== null) throw new Error(`fused net: ${reason}`);
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError(`fused net: maxBatch ${maxBatch}`);
  const rows = ceil4(maxBatch);
  // Parameters (kernel0, bias0, kernel1, ...) are one block so the optimizer is one loop; gradients and
  // optimizer state are blocks of the same layout right after it.
  let len = 0;
  const at = spec.layers.map((s) => {
    const w = len;
    len += ceil4(s.inputSize) * ceil4(s.units);
    const b = len;
    if (s.bias) len += ceil4(s.units);
    return { w, b };
  });
  let top = 4; // offset 0 means "no bias gradient" to the kernels
  const alloc = (floats: number) => ((top += floats), top - floats);
  const block: ParamBlock = { w: alloc(len), g: alloc(len), s1: alloc(len), s2: alloc(len), len };
  const zeros = alloc(ceil4(Math.max(...spec.layers.map((s) => s.units))));
  const k0 = ceil4(spec.layers[0].inputSize), xIn = alloc(rows * k0);
  const layers: Layer[] = spec.layers.map((s, l) => {
    const k4 = ceil4(s.inputSize), us = ceil4(s.units);
    return {
      k: s.inputSize, u: s.units, k4, us, act: ACT[s.activation],
      w: block.w + at[l].w, b: s.bias ? block.w + at[l].b : zeros,
      gw: block.g + at[l].w, gb: s.bias ? block.g + at[l].b : 0,
      a: alloc(rows * us), d: alloc(rows * us),
    };
  });
  const { kernels, buffer } = instantiate(top * 4);
  const mem = new Float32Array(buffer);
  spec.layers.forEach(({ kernel, bias }, l) => {
    const { k, u, us, w, b } = layers[l];
    for (let i = 0; i < k; i++) for (let j = 0; j < u; j++) mem[w + i * us + j] = kernel[i * u + j];
    if (bias) mem.set(bias, b);
  });
  const optimizer = createOptimizer(spec.optimizer, kernels, { w: block.w * 4, g: block.g * 4, s1: block.s1 * 4, s2: block.s2 * 4, len });
  const loss = lossOf(spec.loss);
  const last = layers[layers.length - 1], inputSize = layers[0].k, units = last.u;
  const out = mem.subarray(last.a, last.a + rows * last.us), dOut = mem.subarray(last.d, last.d + rows * last.us);

  const forward = (x: Float32Array, labels: Float32Array, n: number, outputs?: Float32Array) => {
    if (!Number.isInteger(n) || n < 1 || n > maxBatch) throw new RangeError(`fused net: batch of ${n} rows (max ${maxBatch})`);
    if (x.length < n * inputSize || labels.length < n || (outputs && outputs.length < n * units)) {
      throw new RangeError('fused net: x, labels or outputs shorter than the batch');
    }
    for (let r = 0; r < n; r++) for (let i = 0; i < inputSize; i++) mem[xIn + r * k0 + i] = x[r * inputSize + i];
    let input = xIn, stride = k0;
    for (const L of layers) {
      // Rows n..ceil4(n) hold stale values: computed, never read back.
      kernels.forward(input * 4, stride * 4, L.w * 4, L.b * 4, L.a * 4, ceil4(n), L.k, L.us * 4, L.act === RELU ? 1 : 0);
      if (L.act === SIGMOID || L.act === TANH) {
        for (let r = 0, o = L.a; r < n; r++, o += L.us) {
          if (L.act === SIGMOID) for (let j = o; j < o + L.u; j++) mem[j] = 1 / (1 + Math.exp(-mem[j]));
          else for (let j = o; j < o + L.u; j++) mem[j] = Math.tanh(mem[j]);
        }
      }
      input = L.a;
      stride = L.us;
    }
    if (outputs) for (let r = 0; r < n; r++) for (let j = 0; j < units; j++) outputs[r * units + j] = out[r * last.us + j];
  };

  return {
    trainStep(x, labels, n, outputs) {
      forward(x, labels, n, outputs);
      const value = loss(out, dOut, labels, n, units, last.us);
      // dLoss/dOutput -> dLoss/dz through the last activation (hidden ones are folded into backInput).
      if (last.act !== LINEAR) {
        for (let r = 0, o = 0; r < n; r++, o += last.us) {
          for (let j = o; j < o + units; j++) {
            const y = out[j];
            if (last.act === RELU) dOut[j] = y > 0 ? dOut[j] : 0;
            else if (last.act === SIGMOID) dOut[j] *= y * (1 - y);
            else dOut[j] *= 1 - y * y;
          }
        }
      }
      for (let l = layers.length - 1; l >= 0; l--) {
        const L = layers[l], below = l > 0 ? layers[l - 1] : null;
        const x4 = (below ? below.a : xIn) * 4, xs4 = (below ? below.us : k0) * 4;
        kernels.gradients(x4, xs4, L.d * 4, L.gw * 4, L.gb * 4, n, L.k4, L.us * 4);
        if (below) kernels.backInput(x4, xs4, L.d * 4, L.w * 4, below.d * 4, n, L.k4, L.us * 4, below.act);
      }
      optimizer.step();
      return value;
    },
    evaluate(x, labels, n, outputs) {
      if (!(n > maxBatch && Number.isInteger(n))) {
        forward(x, labels, n, outputs);
        return loss(out, null, labels, n, units, last.us);
      }
      // More rows than buffers: chunks, their mean losses weighted back into one mean.
      let total = 0;
      for (let s = 0; s < n; s += maxBatch) {
        const m = Math.min(maxBatch, n - s);
        forward(x.subarray(s * inputSize), labels.subarray(s), m, outputs?.subarray(s * units));
        total += loss(out, null, labels.subarray(s), m, units, last.us) * m;
      }
      return total / n;
    },
    setLearningRate: (learningRate) => optimizer.setLearningRate(learningRate),
    snapshotParameters: () => mem.slice(block.w, block.w + len),
    restoreParameters: (snapshot) => {
      if (snapshot.length !== len) throw new RangeError(`fused net: a snapshot of ${snapshot.length} parameters for a net of ${len}`);
      mem.set(snapshot, block.w);
    },
    // Pads are 0 in the weights and their gradients, so whole padded blocks sum to the layer's norm.
    layerNorms: () => layers.map(({ k4, us, w, b, gw, gb }) => {
      const sumOfSquares = (start: number, floats: number) => mem.subarray(start, start + floats).reduce((sum, value) => sum + value * value, 0);
      return {
        weightNorm: Math.sqrt(sumOfSquares(w, k4 * us) + (gb ? sumOfSquares(b, us) : 0)),
        gradientNorm: Math.sqrt(sumOfSquares(gw, k4 * us) + (gb ? sumOfSquares(gb, us) : 0)),
      };
    }),
    weights: () => layers.flatMap(({ k, u, us, w, b, gb }) => {
      const kernel = new Float32Array(k * u);
      for (let i = 0; i < k; i++) for (let j = 0; j < u; j++) kernel[i * u + j] = mem[w + i * us + j];
      return gb ? [kernel, mem.slice(b, b + u)] : [kernel];
    }),
  };
}
