// What may follow a Dense layer on the fused path, in JS over the net's memory: activation layers,
// dropout (tfjs's inverted scaling, masks from the run's seeded stream) and batch normalization
// (tfjs-layers' BatchNormalization: batch statistics and a running update in training, the running
// statistics in evaluation). Each op reads its input buffer, writes its own output buffer and, going
// back, turns the gradient of its output into that of its input in place.
import { applyActivation, backActivation } from './activations';
import type { DenseActivation, PostOp } from './spec';

const f32 = Math.fround;

/** Where an op finds things: float offsets into `mem`, rows of `u` values `stride` apart. */
export interface OpContext {
  /** Read at each call: the memory is created after the ops have taken their buffers. */
  readonly mem: Float32Array;
  u: number;
  stride: number;
  /** Float offsets of `rows * stride` floats each, for an op's buffers. */
  alloc(floats: number): number;
  /** Offsets of gamma and beta (and their gradients) in the parameter block, when the op has them. */
  parameters: { gamma: number | null; beta: number | null; gradGamma: number | null; gradBeta: number | null };
  /** Uniform draws in [0, 1) for a dropout mask of `count` values, row by row. */
  uniforms(count: number): ArrayLike<number>;
}

export interface FusedOp {
  /** Returns where the output is (dropout in evaluation passes its input through). */
  forward(input: number, n: number, training: boolean): number;
  /** d holds dLoss/dOutput of the last training forward; leaves dLoss/dInput there. */
  backward(d: number, n: number): void;
  /** The running statistics (batch norm), for snapshots and weights(). */
  state?: Float32Array[];
}

export function createOp(op: PostOp, ctx: OpContext, rows: number): FusedOp {
  switch (op.kind) {
    case 'activation': return activationOp(op.activation, op.alpha ?? 0, ctx, rows);
    case 'dropout': return dropoutOp(op.rate, ctx, rows);
    case 'batchNorm': return batchNormOp(op, ctx, rows);
  }
}

/** `kernelRelu`: the forward kernel already applied relu to its output, which is then both input and output. */
export function activationOp(kind: DenseActivation, alpha: number, ctx: OpContext, rows: number, kernelRelu = false): FusedOp {
  const { u, stride } = ctx;
  const out = kernelRelu ? -1 : ctx.alloc(rows * stride);
  let input = 0;
  return {
    forward(from, n) {
      const mem = ctx.mem;
      input = from;
      if (kernelRelu) return from;
      applyActivation(mem, kind, alpha, from, out, n, u, stride);
      return out;
    },
    backward(d, n) {
      backActivation(ctx.mem, kind, alpha, input, kernelRelu ? input : out, d, n, u, stride);
    },
  };
}

function dropoutOp(rate: number, ctx: OpContext, rows: number): FusedOp {
  const { u, stride } = ctx;
  const out = ctx.alloc(rows * stride), mask = ctx.alloc(rows * stride);
  // tfjs's dropout: x * floor(uniform + keep) / keep, each op in float32.
  const keep = f32(1 - rate), scale = f32(1 / keep);
  return {
    forward(input, n, training) {
      if (!training) return input;
      const mem = ctx.mem;
      const draws = ctx.uniforms(n * u);
      for (let r = 0, o = 0, i = 0; r < n; r++, o += stride) {
        for (let j = o; j < o + u; j++) {
          const m = f32(draws[i++] + keep) >= 1 ? scale : 0;
          mem[mask + j] = m;
          mem[out + j] = mem[input + j] * m;
        }
      }
      return out;
    },
    backward(d, n) {
      const mem = ctx.mem;
      for (let r = 0, o = 0; r < n; r++, o += stride) for (let j = o; j < o + u; j++) mem[d + j] *= mem[mask + j];
    },
  };
}

function batchNormOp(op: Extract<PostOp, { kind: 'batchNorm' }>, ctx: OpContext, rows: number): FusedOp {
  const { u, stride } = ctx;
  const { gamma, beta, gradGamma, gradBeta } = ctx.parameters;
  const out = ctx.alloc(rows * stride), xhat = ctx.alloc(rows * stride);
  const movingMean = Float32Array.from(op.movingMean), movingVariance = Float32Array.from(op.movingVariance);
  const invStd = new Float64Array(u);
  const decay = f32(1 - op.momentum);
  const scaleOf = (j: number) => (gamma === null ? 1 : ctx.mem[gamma + j]);
  const offsetOf = (j: number) => (beta === null ? 0 : ctx.mem[beta + j]);
  return {
    state: [movingMean, movingVariance],
    forward(input, n, training) {
      const mem = ctx.mem;
      for (let j = 0; j < u; j++) {
        let mean: number, variance: number;
        if (training) {
          // tf.moments: the batch mean and the biased variance (PyTorch's running variance uses the unbiased one).
          let sum = 0;
          for (let r = 0; r < n; r++) sum += mem[input + r * stride + j];
          mean = f32(sum / n);
          let squares = 0;
          for (let r = 0; r < n; r++) squares += (mem[input + r * stride + j] - mean) ** 2;
          variance = f32(squares / n);
          // tfjs-layers' moving average: v -= (v - batch) * (1 - momentum), momentum the weight of the old value.
          movingMean[j] = f32(movingMean[j] - f32(f32(movingMean[j] - mean) * decay));
          movingVariance[j] = f32(movingVariance[j] - f32(f32(movingVariance[j] - variance) * decay));
        } else {
          mean = movingMean[j];
          variance = movingVariance[j];
        }
        const inv = 1 / Math.sqrt(variance + op.epsilon), scale = scaleOf(j), offset = offsetOf(j);
        invStd[j] = inv;
        // The cpu batchNorm kernel's formula: offset + (x - mean) * scale / sqrt(variance + epsilon).
        for (let r = 0, o = j; r < n; r++, o += stride) {
          const centred = mem[input + o] - mean;
          // Only a training pass is followed by a backward one, which reads the normalized values.
          if (training) mem[xhat + o] = centred * inv;
          mem[out + o] = offset + (centred * scale) * inv;
        }
      }
      return out;
    },
    backward(d, n) {
      const mem = ctx.mem;
      for (let j = 0; j < u; j++) {
        let sumD = 0, sumDX = 0;
        for (let r = 0, o = j; r < n; r++, o += stride) {
          sumD += mem[d + o];
          sumDX += mem[d + o] * mem[xhat + o];
        }
        if (gradGamma !== null) mem[gradGamma + j] = sumDX;
        if (gradBeta !== null) mem[gradBeta + j] = sumD;
        const k = (scaleOf(j) * invStd[j]) / n;
        for (let r = 0, o = j; r < n; r++, o += stride) mem[d + o] = k * (n * mem[d + o] - sumD - mem[xhat + o] * sumDX);
      }
    },
  };
}
