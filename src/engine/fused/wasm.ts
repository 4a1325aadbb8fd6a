// Loads kernels.wat and batchNorm.wat (as kernels.wasm.ts, batchNorm.wasm.ts), two modules on one memory.
// The project's TS lib has no WebAssembly types, so the few entry points used are declared here.
import { BATCH_NORM_WASM } from './batchNorm.wasm';
import { KERNELS_WASM } from './kernels.wasm';

/** Byte offsets and byte strides into the shared memory; see kernels.wat and batchNorm.wat for each loop. */
export interface Kernels {
  forward(x: number, xs: number, w: number, b: number, a: number, n: number, k: number, us: number, relu: number): void;
  gradients(x: number, xs: number, d: number, gw: number, gb: number, n: number, k4: number, us: number): void;
  backInput(x: number, xs: number, d: number, w: number, dx: number, n: number, k4: number, us: number, act: number): void;
  reluBackward(z: number, d: number, n: number, us: number): void;
  leakyRelu(z: number, dst: number, n: number, us: number, alpha: number): void;
  leakyReluBackward(z: number, d: number, n: number, us: number, alpha: number): void;
  relu6(z: number, dst: number, n: number, us: number): void;
  relu6Backward(z: number, d: number, n: number, us: number): void;
  batchNormMoments(x: number, n: number, us: number, mean: number, variance: number, movingMean: number, movingVariance: number, decay: number): void;
  batchNormApply(x: number, n: number, us: number, mean: number, variance: number, gamma: number, beta: number,
    epsilon: number, invStd: number, xhat: number, out: number): void;
  batchNormBackward(d: number, xhat: number, n: number, us: number, invStd: number, gamma: number, gradGamma: number, gradBeta: number): void;
  sgd(w: number, g: number, len: number, c: number): void;
  momentum(w: number, g: number, s1: number, len: number, c: number, m: number): void;
  adam(w: number, g: number, s1: number, s2: number, len: number,
    b1: number, c1: number, b2: number, c2: number, k1: number, k2: number, eps: number, c: number): void;
  rmsprop(w: number, g: number, s1: number, len: number, d: number, c: number, lr: number, eps: number): void;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
}
const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: object[] | null | undefined;

/** The compiled modules, or null where WebAssembly SIMD is missing. */
export function kernelsModule(): object[] | null {
  if (compiled === undefined) {
    try {
      compiled = api ? [KERNELS_WASM, BATCH_NORM_WASM].map((wasm) => new api.Module(Buffer.from(wasm, 'base64'))) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** A fresh memory of at least `bytes` with the kernels of both modules bound to it. */
export function instantiate(bytes: number): { kernels: Kernels; buffer: ArrayBuffer } {
  const modules = kernelsModule();
  if (!api || !modules) throw new Error('fused net: WebAssembly SIMD is not available');
  const memory = new api.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  const exports = modules.map((module) => new api.Instance(module, { env: { memory } }).exports as object);
  return { kernels: Object.assign({}, ...exports) as Kernels, buffer: memory.buffer };
}
