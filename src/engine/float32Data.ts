// Float32 arrays as JSON-safe text (little-endian, base64): a checkpoint's weights and its optimizer
// state cross the trainer's IPC channel and land in files this way.

export function float32Base64(arrays: readonly ArrayLike<number>[]): string {
  const bytes = Buffer.alloc(arrays.reduce((sum, values) => sum + values.length * 4, 0));
  let offset = 0;
  for (const values of arrays) for (let i = 0; i < values.length; i++) offset = bytes.writeFloatLE(values[i], offset);
  return bytes.toString('base64');
}

/** The arrays of `sizes` floats that `data` holds, in order; null when its length is not theirs. */
export function float32Arrays(data: string, sizes: readonly number[]): Float32Array[] | null {
  const bytes = Buffer.from(data, 'base64');
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (bytes.length !== total * 4) return null;
  let offset = 0;
  return sizes.map((size) => Float32Array.from({ length: size }, () => {
    const value = bytes.readFloatLE(offset);
    offset += 4;
    return value;
  }));
}
