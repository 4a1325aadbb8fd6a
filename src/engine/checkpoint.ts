// Checkpoints (the course's savers and loaders): when to save during training, and the weights in
// TensorFlow.js's own format as plain data. The trainer serializes into memory and sends them to the
// host, which writes them (src/host/checkpointStore.ts): the trainer process may not write files.
import { DlxError } from './errors';
import { checkpointWeights } from './checkpointWeights';
import { float32Base64 } from './float32Data';
import type { TrainableModel } from './model';
import type { CheckpointArtifacts } from './results';

export type { Checkpoint, CheckpointArtifacts, CheckpointKind } from './results';
import { tfc as tf } from './tf';

export function checkpointArtifacts(model: Pick<TrainableModel, 'savedForm' | 'allVariables'>, weights: readonly Float32Array[]): CheckpointArtifacts {
  const { modelTopology, weightNames } = model.savedForm();
  if (weights.length !== model.allVariables.length) throw new Error(`checkpoint: ${weights.length} weight arrays for ${model.allVariables.length} variables`);
  return {
    modelTopology,
    weightSpecs: model.allVariables.map((variable, i) => ({ name: weightNames[i], shape: [...variable.shape], dtype: 'float32' })),
    weightData: float32Base64(weights),
  };
}

/** Puts a checkpoint's weights into the model's variables, in order; a checkpoint of another model is an error that says how they differ. */
export function loadCheckpoint(model: Pick<TrainableModel, 'allVariables'>, artifacts: CheckpointArtifacts): void {
  const shapes = (list: readonly { shape: readonly number[] }[]) => list.map((item) => `[${item.shape.join(', ')}]`).join(' ');
  const same = artifacts.weightSpecs.length === model.allVariables.length
    && artifacts.weightSpecs.every((spec, i) => spec.shape.length === model.allVariables[i].shape.length && spec.shape.every((size, d) => size === model.allVariables[i].shape[d]));
  if (!same) {
    throw new DlxError('settings', `The checkpoint holds weights of shapes ${shapes(artifacts.weightSpecs)}, but your model's are ${shapes(model.allVariables)}: it was saved from a different model. Load it with the model that trained it.`);
  }
  const weights = checkpointWeights(artifacts);
  tf.tidy(() => model.allVariables.forEach((variable, i) => variable.assign(tf.tensor(weights[i], variable.shape))));
}
