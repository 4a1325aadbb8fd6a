// Seeded randomness: every random draw of a run (data, split, shuffling, weight init) comes from here.

/** mulberry32: small, fast, good enough for data generation; returns floats in [0, 1). */
export function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box-Muller). */
export function createGaussian(uniform: () => number): () => number {
  return () => {
    const u = 1 - uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}

/** Fisher-Yates, in place. */
export function shuffleInPlace(values: Int32Array | number[], uniform: () => number): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    const swap = values[i];
    values[i] = values[j];
    values[j] = swap;
  }
}

/** Independent streams per purpose, so changing the epochs does not change the split. */
export function deriveSeed(seed: number, purpose: 'data' | 'split' | 'shuffle' | 'init' | 'pytorchInit' | 'search' | 'dropout'): number {
  const salt = { data: 0x9e3779b9, split: 0x85ebca6b, shuffle: 0xc2b2ae35, init: 0x27d4eb2f, pytorchInit: 0x165667b1, search: 0xd3a2646c, dropout: 0x7feb352d }[purpose];
  return (Math.imul(seed ^ salt, 0x01000193) ^ (seed >>> 7)) >>> 0;
}
