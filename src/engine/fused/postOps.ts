// What may follow a Dense layer on the fused path, over the net's memory: activation layers and dropout
// (tfjs's inverted scaling, masks from the run's seeded stream) in JS, and batch normalization (tfjs-layers'
// BatchNormalization: batch statistics and a running update in training, the running statistics in
// evaluation) in the kernels. Each op reads its input buffer, writes its own output buffer and, going
// back, turns the gradient of its output into that of its input in place.
import { applyActivation, backActivation } from './activations';
import type { DenseActivation, PostOp } from './spec';
import type { Kernels } from './wasm';

const f32 = Math.fround;

/** Where an op finds things: float offsets into `mem`, rows of `u` values `stride` apart. */
export interface OpContext {
  /** Read at each call: the memory is created after the ops have taken their buffers. */
  readonly mem: Float32Array;
  /** Bound to that memory; read at each call too. */
  readonly kernels: Kernels;
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
  /** The running statistics (batch norm), for snapshots and weights(): views of the memory. */
  readonly state?: Float32Array[];
  /** Called once the memory exists: writes the op's starting values (batch norm's gamma, beta, running statistics). */
  bind?(): void;
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
      input = from;
      if (kernelRelu) return from;
      // LeakyReLU and ReLU6 in the kernels (a JS loop over random signs mispredicts), the rest in JS (relu too,
      // where an op comes between it and its Dense layer's kernel).
      if (kind === 'leakyRelu') ctx.kernels.leakyRelu(from * 4, out * 4, n, stride * 4, alpha);
      else if (kind === 'relu6') ctx.kernels.relu6(from * 4, out * 4, n, stride * 4);
      else applyActivation(ctx.mem, kind, alpha, from, out, n, u, stride);
      return out;
    },
    backward(d, n) {
      if (kind === 'relu') ctx.kernels.reluBackward(input * 4, d * 4, n, stride * 4);
      else if (kind === 'leakyRelu') ctx.kernels.leakyReluBackward(input * 4, d * 4, n, stride * 4, alpha);
      else if (kind === 'relu6') ctx.kernels.relu6Backward(input * 4, d * 4, n, stride * 4);
      else backActivation(ctx.mem, kind, alpha, input, kernelRelu ? input : out, d, n, u, stride);
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
  const mean = ctx.alloc(stride), variance = ctx.alloc(stride), movingMean = ctx.alloc(stride), movingVariance = ctx.alloc(stride);
  // 1 / sqrt(variance + epsilon) per feature in float64 (two floats each), from the forward pass to the backward one.
  const invStd = ctx.alloc(2 * stride);
  const decay = f32(1 - op.momentum);
  // The kernels take byte offsets; 0 stands for "no gamma" (scale 1), "no beta" (offset 0), "no gradient".
  const bytes = (floats: number | null) => (floats === null ? 0 : floats * 4);
  const s4 = stride * 4;
  return {
    get state() {
      return [ctx.mem.subarray(movingMean, movingMean + u), ctx.mem.subarray(movingVariance, movingVariance + u)];
    },
    bind() {
      const mem = ctx.mem;
      mem.set(op.movingMean, movingMean);
      mem.set(op.movingVariance, movingVariance);
      if (op.gamma && gamma !== null) mem.set(op.gamma, gamma);
      if (op.beta && beta !== null) mem.set(op.beta, beta);
    },
    forward(input, n, training) {
      const kernels = ctx.kernels;
      // tf.moments: the batch mean and the biased variance (PyTorch's running variance uses the unbiased one);
      // tfjs-layers' moving average: v -= (v - batch) * (1 - momentum), momentum the weight of the old value.
      if (training) kernels.batchNormMoments(input * 4, n, s4, mean * 4, variance * 4, movingMean * 4, movingVariance * 4, decay);
      // The cpu batchNorm kernel's formula: offset + (x - mean) * scale / sqrt(variance + epsilon). Only a
      // training pass is followed by a backward one, which reads the normalized values (xhat).
      kernels.batchNormApply(input * 4, n, s4, (training ? mean : movingMean) * 4, (training ? variance : movingVariance) * 4,
        bytes(gamma), bytes(beta), op.epsilon, invStd * 4, training ? xhat * 4 : 0, out * 4);
      return out;
    },
    backward(d, n) {
      ctx.kernels.batchNormBackward(d * 4, xhat * 4, n, s4, invStd * 4, bytes(gamma), bytes(gradGamma), bytes(gradBeta));
    },
  };
}
