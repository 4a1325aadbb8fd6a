// Loads kernels.wat (as kernels.wasm.ts). The project's TS lib has no WebAssembly types, so the few
// entry points used are declared here.
import { KERNELS_WASM } from './kernels.wasm';

/** Byte offsets and byte strides into the shared memory; see kernels.wat for each loop. */
export interface Kernels {
  forward(x: number, xs: number, w: number, b: number, a: number, n: number, k: number, us: number, relu: number): void;
  gradients(x: number, xs: number, d: number, gw: number, gb: number, n: number, k4: number, us: number): void;
  backInput(x: number, xs: number, d: number, w: number, dx: number, n: number, k4: number, us: number, act: number): void;
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

let compiled: object | null | undefined;

/** The compiled module, or null where WebAssembly SIMD is missing. */
export function kernelsModule(): object | null {
  if (compiled === undefined) {
    try {
      compiled = api ? new api.Module(Buffer.from(KERNELS_WASM, 'base64')) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** A fresh memory of at least `bytes` with the kernels bound to it. */
export function instantiate(bytes: number): { kernels: Kernels; buffer: ArrayBuffer } {
  const module = kernelsModule();
  if (!api || !module) throw new Error('fused net: WebAssembly SIMD is not available');
  const memory = new api.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  const instance = new api.Instance(module, { env: { memory } });
  return { kernels: instance.exports as Kernels, buffer: memory.buffer };
}
