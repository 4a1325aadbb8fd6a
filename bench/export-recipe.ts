// A reference solution as PyTorch's mirror of it needs it (bench/torch/recipe.py): the layers with
// their starting weights, the resolved settings, and the exact rows of each split, for one run or
// for every run of the exercise's sweep. Pack code only (reference solutions): it runs in this
// process, unsandboxed, so it is a benchmark tool and never part of a learner's run.
//
//   npx tsx bench/export-recipe.ts <exercise-dir> [--file <solution.ts>] [--sweep] --out <recipe.json>
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { buildDataset, splitDataset, type Split } from '../src/engine/data';
import { resolveSettings } from '../src/engine/experiment';
import { compileLearnerFile, evaluateLearnerModule, type LearnerModule } from '../src/engine/learner';
import { createSeededModel } from '../src/engine/init';
import { optimizerValues } from '../src/engine/optimizers';
import { loadExercise, type Exercise } from '../src/engine/pack';
import type { ModelParams } from '../src/engine/results';
import { expandSweep } from '../src/engine/sweep';
import { prepareSweep } from '../src/host/sweep';
import type { ExperimentSettings } from '../src/engine/settings';
import { batchPlan } from '../src/engine/training';
import type { tfl } from '../src/engine/tf';

type LayerRecipe =
  | { kind: 'dense'; units: number; activation: string; kernel: number[][]; bias: number[] | null }
  | { kind: 'dropout'; rate: number }
  | { kind: 'batchnorm'; momentum: number; epsilon: number; gamma: number[] | null; beta: number[] | null; mean: number[]; variance: number[] }
  | { kind: 'activation'; activation: string; alpha?: number; maxValue?: number };

export interface RunRecipe {
  settings: ExperimentSettings;
  optimizer: ReturnType<typeof optimizerValues>;
  batchSize: number;
  layers: LayerRecipe[];
  data: Record<'train' | 'dev' | 'test', { x: number[][]; y: number[] } | null>;
}

const values = (layer: tfl.layers.Layer) => layer.getWeights().map((w) => Array.from(w.dataSync()));

function layerRecipe(layer: tfl.layers.Layer): LayerRecipe | null {
  const config = layer.getConfig() as Record<string, unknown>;
  switch (layer.getClassName()) {
    case 'InputLayer':
      return null;
    case 'Dense': {
      const [kernel, bias] = layer.getWeights();
      const [inputs, units] = kernel.shape;
      const flat = kernel.dataSync();
      // PyTorch's Linear holds [out, in]; tfjs's kernel is [in, out].
      const rows = Array.from({ length: units }, (_, o) => Array.from({ length: inputs }, (_, i) => flat[i * units + o]));
      return { kind: 'dense', units, activation: String(config.activation ?? 'linear'), kernel: rows, bias: bias ? Array.from(bias.dataSync()) : null };
    }
    case 'Dropout':
      return { kind: 'dropout', rate: Number(config.rate) };
    case 'BatchNormalization': {
      const weights = values(layer);
      const [gamma, beta] = [config.scale ? weights.shift()! : null, config.center ? weights.shift()! : null];
      return { kind: 'batchnorm', momentum: Number(config.momentum), epsilon: Number(config.epsilon), gamma, beta, mean: weights[0], variance: weights[1] };
    }
    case 'Activation':
      return { kind: 'activation', activation: String(config.activation) };
    case 'LeakyReLU':
      return { kind: 'activation', activation: 'leakyrelu', alpha: Number(config.alpha) };
    case 'ReLU':
      return { kind: 'activation', activation: config.maxValue == null ? 'relu' : 'relu6', ...(config.maxValue == null ? {} : { maxValue: Number(config.maxValue) }) };
    case 'ELU':
      return { kind: 'activation', activation: 'elu', alpha: Number(config.alpha) };
    default:
      throw new Error(`layer ${layer.getClassName()} has no PyTorch mirror in bench/torch/recipe.py`);
  }
}

function splitRows(split: Split | null | undefined, features: number) {
  if (!split || split.rows === 0) return null;
  const x = Array.from({ length: split.rows }, (_, r) => Array.from(split.x.subarray(r * features, (r + 1) * features)));
  return { x, y: Array.from(split.y) };
}

function runRecipe(exercise: Exercise, learner: LearnerModule, request: { overrides?: Partial<ExperimentSettings>; dataFields?: Record<string, unknown>; seed?: number }, params: ModelParams): RunRecipe {
  const { settings } = resolveSettings(exercise.defaults, learner.experiment, exercise.locked, request);
  const dataset = buildDataset(settings.data, exercise.packDir, settings.seed);
  const split = splitDataset(dataset, settings, settings.seed);
  const features = dataset.features.length;
  const model = createSeededModel(learner, features, settings, params);
  try {
    if (model.style !== 'layers') throw new Error('a class model (forward(x)) has no PyTorch mirror in bench/torch/recipe.py');
    return {
      settings,
      optimizer: optimizerValues(settings),
      batchSize: batchPlan(settings, split.train.rows).batchSize,
      layers: model.layers.map(layerRecipe).filter((layer): layer is LayerRecipe => layer !== null),
      data: { train: splitRows(split.train, features), dev: splitRows(split.dev, features), test: splitRows(split.test, features) },
    };
  } finally {
    model.dispose();
  }
}

/** What dlx's checkpoint checks run besides the run itself (host/runCheckpoints.ts), for PyTorch to run too. */
function checkpointChecks(exercise: Exercise): { checkpointChecks?: { reloadBest: boolean; interruptAt?: number } } {
  const reloadBest = exercise.checks.some((check) => check.kind === 'reloadBest');
  const resume = exercise.checks.find((check) => check.kind === 'resume');
  if (!reloadBest && !resume) return {};
  return { checkpointChecks: { reloadBest, ...(resume && 'interruptAt' in resume ? { interruptAt: resume.interruptAt } : {}) } };
}

export async function exportRecipe(exerciseDir: string, options: { file?: string; sweep?: boolean } = {}): Promise<{ exercise: string; runs: RunRecipe[]; checkpointChecks?: { reloadBest: boolean; interruptAt?: number } }> {
  const exercise = loadExercise(exerciseDir);
  const file = options.file ?? exercise.solution;
  const learner = evaluateLearnerModule(await compileLearnerFile(file), { log: () => undefined });
  if (!options.sweep) return { exercise: exercise.id, runs: [runRecipe(exercise, learner, {}, {})], ...checkpointChecks(exercise) };
  // The plan `dlx sweep` runs: the same function, so the two cannot disagree.
  const { spec, baseSeed } = prepareSweep(exercise, file);
  const plan = expandSweep(spec, { baseSeed });
  return { exercise: exercise.id, runs: plan.runs.map((run) => runRecipe(exercise, learner, { overrides: run.overrides, dataFields: run.dataFields, seed: run.seed }, run.modelParams)) };
}

async function main(): Promise<void> {
  const { values: args, positionals } = parseArgs({ allowPositionals: true, options: { file: { type: 'string' }, sweep: { type: 'boolean', default: false }, out: { type: 'string' } } });
  const out = JSON.stringify(await exportRecipe(positionals[0], args));
  if (args.out) fs.writeFileSync(args.out, out);
  else process.stdout.write(out);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`export-recipe: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
