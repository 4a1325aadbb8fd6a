// Checkpoints on disk, next to their run's record: `<record>.checkpoints/best/` and `.../last/`, each
// a TensorFlow.js model folder (model.json + a weights file) that `tf.loadLayersModel` opens for a
// layers model. Written so that a reader never sees a model.json whose weights file is not complete:
// the weights go to a new file first, then model.json is replaced to point at it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Checkpoint, CheckpointArtifacts, CheckpointKind } from '../engine/checkpoint';
import type { OptimizerState } from '../engine/optimizerState';
import { DlxError } from '../engine/errors';
import { writeJsonAtomic } from './recordFolder';

/** The format tag of a class model's checkpoint: weights only, no topology. */
export const WEIGHTS_ONLY_FORMAT = 'dlx-weights';

/** model.json, as tfjs writes it (io/model_management's ModelJSON), with the run's facts in userDefinedMetadata. */
export interface CheckpointModelJson {
  format: 'layers-model' | typeof WEIGHTS_ONLY_FORMAT;
  generatedBy: string;
  convertedBy: null;
  modelTopology: object | null;
  weightsManifest: { paths: string[]; weights: CheckpointArtifacts['weightSpecs'] }[];
  userDefinedMetadata: { dlx: Omit<Checkpoint, 'artifacts' | 'optimizerState'> & { optimizerState?: SavedOptimizerState } };
}

/** The optimizer's state in model.json: its facts, its values in a file of their own beside the weights. */
type SavedOptimizerState = Omit<OptimizerState, 'data'> & { file: string };

/** A file name a checkpoint may name: in its own folder, nothing else (the values are sent to the trainer, where learner code runs). */
const OWN_FOLDER_FILE = /^(\.\/)?[\w-][\w.-]*$/;

/** The checkpoints folder of the run whose record is `recordFile`. */
export function checkpointsDirOf(recordFile: string): string {
  return recordFile.replace(/\.json$/, '.checkpoints');
}

export function writeCheckpoint(checkpointsDir: string, checkpoint: Checkpoint): string {
  const dir = path.join(checkpointsDir, checkpoint.kind);
  fs.mkdirSync(dir, { recursive: true });
  const writeBinary = (name: string, base64: string) => {
    const temp = path.join(dir, `${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    fs.writeFileSync(temp, Buffer.from(base64, 'base64'));
    fs.renameSync(temp, path.join(dir, name));
    return name;
  };
  const weightsName = writeBinary(`weights-epoch${checkpoint.epoch}.bin`, checkpoint.artifacts.weightData);
  const { artifacts, optimizerState, ...rest } = checkpoint;
  const optimizerName = optimizerState && writeBinary(`optimizer-epoch${checkpoint.epoch}.bin`, optimizerState.data);
  const facts = { ...rest, ...(optimizerState ? { optimizerState: { ...withoutData(optimizerState), file: `./${optimizerName}` } } : {}) };
  const modelJson: CheckpointModelJson = {
    format: artifacts.modelTopology ? 'layers-model' : WEIGHTS_ONLY_FORMAT,
    generatedBy: 'DL Exercises',
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [`./${weightsName}`], weights: artifacts.weightSpecs }],
    userDefinedMetadata: { dlx: facts },
  };
  writeJsonAtomic(path.join(dir, 'model.json'), modelJson);
  // The weights of the checkpoints this one replaced.
  for (const name of fs.readdirSync(dir)) if (name.endsWith('.bin') && name !== weightsName && name !== optimizerName) fs.rmSync(path.join(dir, name), { force: true });
  return dir;
}

/** A checkpoint folder (or its model.json) read back as the trainer takes it. */
export function readCheckpoint(location: string): Checkpoint {
  const file = location.endsWith('.json') ? location : path.join(location, 'model.json');
  let json: CheckpointModelJson;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8')) as CheckpointModelJson;
  } catch (error) {
    throw new DlxError('settings', `Cannot read the checkpoint ${file}: ${(error as Error).message.split('\n')[0]}. A checkpoint is a folder with a model.json, such as .dlx/runs/<run>.checkpoints/best.`);
  }
  const manifest = json.weightsManifest?.[0];
  const facts = json.userDefinedMetadata?.dlx;
  if (!manifest || !Array.isArray(manifest.paths) || !Array.isArray(manifest.weights) || !facts || typeof facts.epoch !== 'number') {
    throw new DlxError('settings', `${file} is not a checkpoint of DL Exercises: it needs a weightsManifest and userDefinedMetadata.dlx (the epoch it was saved at).`);
  }
  // The weights are sent to the trainer, where learner code runs: only files of the checkpoint's own folder.
  const outside = manifest.paths.find((name) => typeof name !== 'string' || !OWN_FOLDER_FILE.test(name));
  if (outside !== undefined) {
    throw new DlxError('settings', `${file} names the weights file "${String(outside)}", outside its own folder: a checkpoint's weightsManifest.paths may only name files next to its model.json (such as ./weights-epoch50.bin).`);
  }
  const weightData = Buffer.concat(manifest.paths.map((name) => fs.readFileSync(path.join(path.dirname(file), name)))).toString('base64');
  const { optimizerState: saved, ...rest } = facts;
  return { ...rest, artifacts: { modelTopology: json.modelTopology ?? null, weightSpecs: manifest.weights, weightData }, ...(saved ? { optimizerState: readOptimizerState(file, saved) } : {}) };
}

function withoutData({ data: _data, ...facts }: OptimizerState): Omit<OptimizerState, 'data'> {
  return facts;
}

function readOptimizerState(file: string, saved: SavedOptimizerState): OptimizerState {
  const { file: name, ...facts } = saved;
  if (typeof name !== 'string' || !OWN_FOLDER_FILE.test(name)) {
    throw new DlxError('settings', `${file} names the optimizer state file "${String(name)}", outside its own folder: userDefinedMetadata.dlx.optimizerState.file may only name a file next to its model.json (such as ./optimizer-epoch50.bin).`);
  }
  const bytes = fs.readFileSync(path.join(path.dirname(file), name));
  const floats = Array.isArray(saved.slots) ? saved.slots.reduce((sum, slot) => sum + slot.size, 0) : Number.NaN;
  if (bytes.length !== floats * 4) throw new DlxError('settings', `${file}: its optimizer state file ${name} holds ${bytes.length} bytes, but its slots list ${floats} float32 values: the files do not belong together.`);
  return { ...facts, data: bytes.toString('base64') };
}

/** The kept checkpoints of a run, `best` first: each that exists. */
export function savedCheckpoints(checkpointsDir: string): { kind: CheckpointKind; dir: string }[] {
  return (['best', 'last'] as const).map((kind) => ({ kind, dir: path.join(checkpointsDir, kind) })).filter(({ dir }) => fs.existsSync(path.join(dir, 'model.json')));
}
