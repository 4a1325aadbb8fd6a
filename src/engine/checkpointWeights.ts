// A checkpoint's weights as arrays: plain data, apart from checkpoint.ts's tfjs, so the host (which
// compares checkpoints for the checkpoint checks) loads no tfjs.
import { DlxError } from './errors';
import { float32Arrays } from './float32Data';
import type { CheckpointArtifacts } from './results';

/** The weight arrays of a checkpoint, in weightSpecs order. */
export function checkpointWeights(artifacts: CheckpointArtifacts): Float32Array[] {
  const sizes = artifacts.weightSpecs.map((spec) => spec.shape.reduce((product, size) => product * size, 1));
  const total = sizes.reduce((sum, size) => sum + size, 0);
  return float32Arrays(artifacts.weightData, sizes)
    ?? notTheirs(`The checkpoint's weights hold ${Buffer.from(artifacts.weightData, 'base64').length} bytes, but its model.json describes ${total} float32 weights (${total * 4} bytes): the files do not belong together.`);
}

function notTheirs(message: string): never {
  throw new DlxError('settings', message);
}
