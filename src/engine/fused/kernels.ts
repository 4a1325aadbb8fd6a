// Dense layer loops. Kernels stay in tfjs layout [inputSize, units] so every inner loop runs over
// contiguous units. Zero inputs (dead relus, zero features) are skipped: they add nothing.
import type { DenseActivation } from './spec';

export const LINEAR = 0, RELU = 1, SIGMOID = 2, TANH = 3;
export const ACTIVATION_CODE: Record<DenseActivation, number> = { linear: LINEAR, relu: RELU, sigmoid: SIGMOID, tanh: TANH };

export interface Layer {
  k: number;
  u: number;
  act: number;
  w: Float32Array;
  b: Float32Array | null;
  gw: Float64Array;
  gb: Float64Array | null;
  /** Outputs after the activation, [maxBatch, u]. */
  a: Float32Array;
  /** dLoss/d(pre-activation), [maxBatch, u]. */
  d: Float64Array;
}

/** a = act(x·w + b) for n rows. Four output columns at a time, so sums stay in registers. */
export function forwardLayer(x: Float32Array, L: Layer, n: number): void {
  const { k, u, w, b, a, act } = L;
  const u4 = u & ~3;
  for (let r = 0; r < n; r++) {
    const xo = r * k, ao = r * u;
    let j = 0;
    for (; j < u4; j += 4) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let i = 0, wo = j; i < k; i++, wo += u) {
        const xi = x[xo + i];
        if (xi === 0) continue;
        s0 += xi * w[wo];
        s1 += xi * w[wo + 1];
        s2 += xi * w[wo + 2];
        s3 += xi * w[wo + 3];
      }
      a[ao + j] = s0;
      a[ao + j + 1] = s1;
      a[ao + j + 2] = s2;
      a[ao + j + 3] = s3;
    }
    for (; j < u; j++) {
      let s = 0;
      for (let i = 0, wo = j; i < k; i++, wo += u) s += x[xo + i] * w[wo];
      a[ao + j] = s;
    }
    // tfjs rounds the matmul, then adds the bias, then applies the activation (cpu kernels' formulas;
    // relu lets NaN through like Math.max does).
    if (b) for (let j = 0; j < u; j++) a[ao + j] += b[j];
    if (act === RELU) for (let j = ao; j < ao + u; j++) a[j] = a[j] < 0 ? 0 : a[j];
    else if (act === SIGMOID) for (let j = ao; j < ao + u; j++) a[j] = 1 / (1 + Math.exp(-a[j]));
    else if (act === TANH) for (let j = ao; j < ao + u; j++) a[j] = Math.tanh(a[j]);
  }
}

/**
 * From L.d (dLoss/dz of this layer) compute L.gw, L.gb, and, when dx is given, write dLoss/dz of the
 * layer below: (d·wᵀ) times the derivative of its activation `act`, taken from its output x as tfjs does
 * (relu: step(y), so exactly 0 gives 0; sigmoid: y(1-y); tanh: 1-y²).
 */
export function backwardLayer(x: Float32Array, L: Layer, n: number, dx: Float64Array | null, act: number): void {
  const { k, u, w, gw, gb, d } = L;
  const u4 = u & ~3;
  for (let i = 0; i < k; i++) {
    let j = 0;
    for (; j < u4; j += 4) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let r = 0, xo = i, dOff = j; r < n; r++, xo += k, dOff += u) {
        const xi = x[xo];
        if (xi === 0) continue;
        s0 += xi * d[dOff];
        s1 += xi * d[dOff + 1];
        s2 += xi * d[dOff + 2];
        s3 += xi * d[dOff + 3];
      }
      const o = i * u + j;
      gw[o] = s0;
      gw[o + 1] = s1;
      gw[o + 2] = s2;
      gw[o + 3] = s3;
    }
    for (; j < u; j++) {
      let s = 0;
      for (let r = 0, xo = i, dOff = j; r < n; r++, xo += k, dOff += u) s += x[xo] * d[dOff];
      gw[i * u + j] = s;
    }
  }
  if (gb) {
    for (let j = 0; j < u; j++) {
      let s = 0;
      for (let r = 0, dOff = j; r < n; r++, dOff += u) s += d[dOff];
      gb[j] = s;
    }
  }
  if (dx === null) return;
  for (let r = 0; r < n; r++) {
    const dOff = r * u, xo = r * k;
    for (let i = 0; i < k; i++) {
      const xi = x[xo + i];
      if (xi === 0 && act === RELU) {
        dx[xo + i] = 0;
        continue;
      }
      const wo = i * u;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, j = 0;
      for (; j < u4; j += 4) {
        s0 += d[dOff + j] * w[wo + j];
        s1 += d[dOff + j + 1] * w[wo + j + 1];
        s2 += d[dOff + j + 2] * w[wo + j + 2];
        s3 += d[dOff + j + 3] * w[wo + j + 3];
      }
      for (; j < u; j++) s0 += d[dOff + j] * w[wo + j];
      const s = s0 + s1 + (s2 + s3);
      dx[xo + i] = act === LINEAR ? s : act === RELU ? (xi > 0 ? s : 0) : act === SIGMOID ? s * xi * (1 - xi) : s * (1 - xi * xi);
    }
  }
}
