// Forward + backward + optimizer step for a dense stack: matrix loops, batch norm and optimizers in
// WebAssembly SIMD (kernels.wat, batchNorm.wat), other activations and dropout (postOps.ts), penalties
// (penalty.ts) and the loss in JS, all over one memory allocated up front. Reproduces what tfjs computes
// for computeLoss(...) plus the training penalty and optimizer.minimize on the cpu backend, in float32 like tfjs.
import type { FusedNetSpec } from './spec';
import { fusedUnsupportedReason } from './support';
import { createOptimizer, type FusedOptimizerState, type ParamBlock } from './optim';
import { lossOf } from './loss';
import { activationOp, createOp, type FusedOp } from './postOps';
import { createPenalty, type PenaltyRegion } from './penalty';
import { createRng } from '../rng';
import { instantiate, type Kernels } from './wasm';

export { fusedUnsupportedReason };
export type { FusedSpecShape } from './support';

export interface FusedNet {
  /** One optimizer step on a batch of n rows, in training mode. x: row-major [n, inputSize]. labels: class indices
   *  (as floats) for crossEntropy, else targets (length n, one output unit). Returns the batch's mean data loss from
   *  the forward pass BEFORE the update (exactly what computeLoss would give on the same output). If `outputs` is
   *  given, writes the model's final output (row-major [n, units]) of that same forward pass into it. */
  trainStep(x: Float32Array, labels: Float32Array, n: number, outputs?: Float32Array): number;
  /** The penalty the last trainStep added to the loss it minimized (its weights before the update); 0 without one. */
  lastPenalty(): number;
  /** Whether the spec has a penalty term (then lastPenalty is reported). */
  hasPenalty: boolean;
  /** Forward only, in evaluation mode: writes outputs [n, units]; returns the mean loss. Any n >= 1 (chunked beyond maxBatch). */
  evaluate(x: Float32Array, labels: Float32Array, n: number, outputs?: Float32Array): number;
  /** Current weights in tfjs's getWeights() order: kernel0, bias0 (if any), a batch norm's gamma, beta,
   *  moving mean, moving variance, kernel1, ... (copies). */
  weights(): Float32Array[];
  /** The learning rate of the next steps (a schedule's). */
  setLearningRate(learningRate: number): void;
  /** A copy of every parameter and running statistic (for restoreParameters only). Optimizer state is not part of it. */
  snapshotParameters(): Float32Array;
  /** Puts back what snapshotParameters of this net took. */
  restoreParameters(snapshot: Float32Array): void;
  /** The optimizer's state (a checkpoint's), and putting one back (or why it does not fit). */
  optimizerState(): FusedOptimizerState;
  restoreOptimizerState(state: FusedOptimizerState): string | null;
  /** Per layer: the L2 norm of its kernel and bias now, and of their gradient from the last trainStep. */
  layerNorms(): { weightNorm: number; gradientNorm: number }[];
}

/** Test hook: the uniform draws of dropout op `op` (counted over the whole net) for one step. */
export type DropoutUniforms = (op: number, count: number) => ArrayLike<number>;

const LINEAR = 0, RELU = 1, SIGMOID = 2, TANH = 3;
const KERNEL_ACT: Record<string, number> = { linear: LINEAR, relu: RELU, sigmoid: SIGMOID, tanh: TANH };
const ceil4 = (v: number) => (v + 3) & ~3;

/**
 * Every row is padded to a multiple of 4 floats (`us`), kernels to k4 = ceil4(k) rows. Pads start at 0 and
 * stay 0 (their gradients are exactly 0), which lets the SIMD loops run over whole vectors. The fields
 * hold float offsets into the memory; the kernels take them times 4. A "plain" layer (one of the kernels'
 * activations, nothing after it) keeps its activation inside the kernels; any other runs `ops` in JS
 * between the kernel's output `z` and what the next layer reads, `out`.
 */
interface Layer {
  k: number; u: number; k4: number; us: number; act: number; plain: boolean;
  /** What backInput applies for this layer from its output: a plain layer's activation, or relu when only
   *  dropouts follow it (their masks keep relu's signs, so (out > 0) is relu'(z) where the mask is not 0). */
  backAct: number;
  w: number; b: number; gw: number; gb: number; z: number; d: number; out: number;
  ops: FusedOp[];
}

export function createFusedNet(spec: FusedNetSpec, maxBatch: number, dropoutUniforms?: DropoutUniforms): FusedNet {
  const reason = fusedUnsupportedReason(spec);
  if (reason !== null) throw new Error(`fused net: ${reason}`);
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError(`fused net: maxBatch ${maxBatch}`);
  const rows = ceil4(maxBatch);
  // Parameters (kernel0, bias0, gamma, beta, kernel1, ...) are one block so the optimizer is one loop;
  // gradients and optimizer state are blocks of the same layout right after it.
  let len = 0;
  const take = (floats: number) => ((len += floats), len - floats);
  const at = spec.layers.map((s) => {
    const w = take(ceil4(s.inputSize) * ceil4(s.units));
    const b = s.bias ? take(ceil4(s.units)) : -1;
    const norms = (s.after ?? []).map((op) => op.kind === 'batchNorm'
      ? { gamma: op.gamma ? take(ceil4(s.units)) : -1, beta: op.beta ? take(ceil4(s.units)) : -1 }
      : null);
    return { w, b, norms };
  });
  let top = 4; // offset 0 means "no bias gradient" to the kernels
  const alloc = (floats: number) => ((top += floats), top - floats);
  const block: ParamBlock = { w: alloc(len), g: alloc(len), s1: alloc(len), s2: alloc(len), len };
  const zeros = alloc(ceil4(Math.max(...spec.layers.map((s) => s.units))));
  const k0 = ceil4(spec.layers[0].inputSize), xIn = alloc(rows * k0);
  // Buffers of ops are allocated before the memory exists: ops get a view that is bound afterwards.
  const memory: { mem: Float32Array; kernels: Kernels | null } = { mem: new Float32Array(0), kernels: null };
  const rng = createRng(spec.dropoutSeed ?? 0);
  let dropoutCount = 0;
  let draws = new Float64Array(0);
  // One buffer of draws reused by every dropout op (each consumes its draws before the next op asks). Two
  // uniforms of 16 bits from each 32-bit draw: the masks cost as much as a layer's matrix product at the
  // course's sizes, and 1/65536 steps are plenty for a keep-or-drop decision.
  const drawsFor = (op: number) => (count: number): ArrayLike<number> => {
    if (dropoutUniforms) return dropoutUniforms(op, count);
    if (draws.length < count + 1) draws = new Float64Array(count + 1);
    for (let i = 0; i < count; i += 2) {
      const bits = rng() * 4294967296;
      draws[i] = (bits & 0xffff) / 65536;
      draws[i + 1] = (bits >>> 16) / 65536;
    }
    return draws;
  };
  const regions: PenaltyRegion[] = [];
  const region = (offset: number, rowsOf: number, cols: number, stride: number, isBias: boolean, reg?: { l1: number; l2: number }) =>
    regions.push({ offset: block.w + offset, grad: block.g + offset, rows: rowsOf, cols, stride, isBias, l1: reg?.l1 ?? 0, l2: reg?.l2 ?? 0 });
  const layers: Layer[] = spec.layers.map((s, l) => {
    const k4 = ceil4(s.inputSize), us = ceil4(s.units), after = s.after ?? [];
    const plain = after.length === 0 && s.activation in KERNEL_ACT;
    const act = plain ? KERNEL_ACT[s.activation] : s.activation === 'relu' ? RELU : LINEAR;
    const reluThroughDropout = !plain && act === RELU && after.every((op) => op.kind === 'dropout');
    const L: Layer = {
      k: s.inputSize, u: s.units, k4, us, act, plain, backAct: plain || reluThroughDropout ? act : LINEAR,
      w: block.w + at[l].w, b: s.bias ? block.w + at[l].b : zeros,
      gw: block.g + at[l].w, gb: s.bias ? block.g + at[l].b : 0,
      z: alloc(rows * us), d: alloc(rows * us), out: 0, ops: [],
    };
    L.out = L.z;
    region(at[l].w, s.inputSize, s.units, us, false, s.kernelRegularizer);
    if (s.bias) region(at[l].b, 1, s.units, us, true, s.biasRegularizer);
    if (plain) return L;
    const ctx = (parameters = { gamma: null as number | null, beta: null as number | null, gradGamma: null as number | null, gradBeta: null as number | null }) => ({
      get mem() { return memory.mem; }, get kernels() { return memory.kernels!; }, u: s.units, stride: us, alloc, parameters,
      uniforms: drawsFor(dropoutCount),
    });
    // The dense activation is the first op (relu stays in the kernel: its derivative reads the output).
    if (s.activation !== 'linear') L.ops.push(activationOp(s.activation, s.alpha ?? 0, ctx(), rows, s.activation === 'relu'));
    after.forEach((op, i) => {
      const norm = at[l].norms[i];
      const params = norm && {
        gamma: norm.gamma >= 0 ? block.w + norm.gamma : null, beta: norm.beta >= 0 ? block.w + norm.beta : null,
        gradGamma: norm.gamma >= 0 ? block.g + norm.gamma : null, gradBeta: norm.beta >= 0 ? block.g + norm.beta : null,
      };
      if (norm && norm.gamma >= 0) region(norm.gamma, 1, s.units, us, false);
      if (norm && norm.beta >= 0) region(norm.beta, 1, s.units, us, true);
      L.ops.push(createOp(op, ctx(params ?? undefined), rows));
      if (op.kind === 'dropout') dropoutCount++;
    });
    return L;
  });
  const { kernels, buffer } = instantiate(top * 4);
  const mem = (memory.mem = new Float32Array(buffer));
  memory.kernels = kernels;
  spec.layers.forEach(({ kernel, bias }, l) => {
    const { k, u, us, w, b } = layers[l];
    for (let i = 0; i < k; i++) for (let j = 0; j < u; j++) mem[w + i * us + j] = kernel[i * u + j];
    if (bias) mem.set(bias, b);
  });
  for (const L of layers) for (const op of L.ops) op.bind?.();
  const optimizer = createOptimizer(spec.optimizer, kernels, { w: block.w * 4, g: block.g * 4, s1: block.s1 * 4, s2: block.s2 * 4, len }, mem);
  const penalty = createPenalty(regions, spec.penalties ?? {});
  const states = layers.flatMap((L) => L.ops.flatMap((op) => op.state ?? []));
  const stateLength = states.reduce((sum, s) => sum + s.length, 0);
  const loss = lossOf(spec.loss);
  const last = layers[layers.length - 1], inputSize = layers[0].k, units = last.u;
  let penaltyValue = 0;

  const forward = (x: Float32Array, labels: Float32Array, n: number, training: boolean, outputs?: Float32Array) => {
    if (!Number.isInteger(n) || n < 1 || n > maxBatch) throw new RangeError(`fused net: batch of ${n} rows (max ${maxBatch})`);
    if (x.length < n * inputSize || labels.length < n || (outputs && outputs.length < n * units)) {
      throw new RangeError('fused net: x, labels or outputs shorter than the batch');
    }
    for (let r = 0; r < n; r++) for (let i = 0; i < inputSize; i++) mem[xIn + r * k0 + i] = x[r * inputSize + i];
    let input = xIn, stride = k0;
    for (const L of layers) {
      // Rows n..ceil4(n) hold stale values: computed, never read back.
      kernels.forward(input * 4, stride * 4, L.w * 4, L.b * 4, L.z * 4, ceil4(n), L.k, L.us * 4, L.act === RELU ? 1 : 0);
      let out = L.z;
      if (L.plain && (L.act === SIGMOID || L.act === TANH)) {
        for (let r = 0, o = L.z; r < n; r++, o += L.us) {
          if (L.act === SIGMOID) for (let j = o; j < o + L.u; j++) mem[j] = 1 / (1 + Math.exp(-mem[j]));
          else for (let j = o; j < o + L.u; j++) mem[j] = Math.tanh(mem[j]);
        }
      }
      for (const op of L.ops) out = op.forward(out, n, training);
      L.out = out;
      input = out;
      stride = L.us;
    }
    if (outputs) for (let r = 0; r < n; r++) for (let j = 0; j < units; j++) outputs[r * units + j] = mem[last.out + r * last.us + j];
    return mem.subarray(last.out, last.out + rows * last.us);
  };
  const dOut = mem.subarray(last.d, last.d + rows * last.us);

  return {
    hasPenalty: penalty !== null,
    trainStep(x, labels, n, outputs) {
      const out = forward(x, labels, n, true, outputs);
      const value = loss(out, dOut, labels, n, units, last.us);
      penaltyValue = penalty ? penalty.value(mem) : 0;
      // dLoss/dOutput -> dLoss/dz through the last activation (hidden ones are folded into backInput).
      if (last.plain && last.act !== LINEAR) {
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
        // A hidden layer whose relu backInput applied (backAct) skips its relu op.
        const firstOp = l < layers.length - 1 && !L.plain && L.backAct === RELU ? 1 : 0;
        for (let i = L.ops.length - 1; i >= firstOp; i--) L.ops[i].backward(L.d, n);
        const x4 = (below ? below.out : xIn) * 4, xs4 = (below ? below.us : k0) * 4;
        kernels.gradients(x4, xs4, L.d * 4, L.gw * 4, L.gb * 4, n, L.k4, L.us * 4);
        // backInput applies the layer below's backAct from its output; its ops do the rest.
        if (below) kernels.backInput(x4, xs4, L.d * 4, L.w * 4, below.d * 4, n, L.k4, L.us * 4, below.backAct);
      }
      penalty?.addGradient(mem);
      optimizer.step();
      return value;
    },
    lastPenalty: () => penaltyValue,
    evaluate(x, labels, n, outputs) {
      if (!(n > maxBatch && Number.isInteger(n))) {
        return loss(forward(x, labels, n, false, outputs), null, labels, n, units, last.us);
      }
      // More rows than buffers: chunks, their mean losses weighted back into one mean.
      let total = 0;
      for (let s = 0; s < n; s += maxBatch) {
        const m = Math.min(maxBatch, n - s);
        const out = forward(x.subarray(s * inputSize), labels.subarray(s), m, false, outputs?.subarray(s * units));
        total += loss(out, null, labels.subarray(s), m, units, last.us) * m;
      }
      return total / n;
    },
    setLearningRate: (learningRate) => optimizer.setLearningRate(learningRate),
    optimizerState: () => optimizer.state(),
    restoreOptimizerState: (state) => optimizer.restore(state),
    snapshotParameters: () => {
      const snapshot = new Float32Array(len + stateLength);
      snapshot.set(mem.subarray(block.w, block.w + len));
      let at = len;
      for (const s of states) (snapshot.set(s, at), (at += s.length));
      return snapshot;
    },
    restoreParameters: (snapshot) => {
      if (snapshot.length !== len + stateLength) throw new RangeError(`fused net: a snapshot of ${snapshot.length} values for a net of ${len + stateLength}`);
      mem.set(snapshot.subarray(0, len), block.w);
      let at = len;
      for (const s of states) (s.set(snapshot.subarray(at, at + s.length)), (at += s.length));
    },
    // Pads are 0 in the weights and their gradients, so whole padded blocks sum to the layer's norm.
    layerNorms: () => layers.map(({ k4, us, w, b, gw, gb }) => {
      const sumOfSquares = (start: number, floats: number) => mem.subarray(start, start + floats).reduce((sum, value) => sum + value * value, 0);
      return {
        weightNorm: Math.sqrt(sumOfSquares(w, k4 * us) + (gb ? sumOfSquares(b, us) : 0)),
        gradientNorm: Math.sqrt(sumOfSquares(gw, k4 * us) + (gb ? sumOfSquares(gb, us) : 0)),
      };
    }),
    weights: () => layers.flatMap(({ k, u, us, w, b, gb, ops }, l) => {
      const kernel = new Float32Array(k * u);
      for (let i = 0; i < k; i++) for (let j = 0; j < u; j++) kernel[i * u + j] = mem[w + i * us + j];
      const norms = at[l].norms.flatMap((norm, i) => {
        if (!norm) return [];
        const op = ops[i + (spec.layers[l].activation === 'linear' ? 0 : 1)];
        const of = (offset: number) => (offset >= 0 ? [mem.slice(block.w + offset, block.w + offset + u)] : []);
        return [...of(norm.gamma), ...of(norm.beta), ...op.state!.map((s) => s.slice())];
      });
      return [...(gb ? [kernel, mem.slice(b, b + u)] : [kernel]), ...norms];
    }),
  };
}
