// `dlx new pack` and `dlx new exercise` (and "DL Exercises: New Exercise…"): a pack or an
// exercise that validates at once. Its starter runs and fails a check, its solution passes, so an
// author starts from a working example and changes it, rather than from a blank page.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DlxError } from './errors';
import { EXERCISE_FILE, PACK_FILE } from './pack';
import { parseJson } from './validate';

/** Exercise ids (and the learner file `<id>.ts`): lowercase words joined by hyphens. */
export const EXERCISE_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Why `id` cannot be an exercise id, or undefined when it can. */
export function exerciseIdProblem(id: string): string | undefined {
  if (EXERCISE_ID.test(id)) return undefined;
  return `"${id}" is not a usable exercise id: use lowercase letters, digits and single hyphens, starting with a letter (like "learning-rates").`;
}

const titleOf = (id: string) => id.split('-').map((word, i) => (i === 0 ? word[0].toUpperCase() + word.slice(1) : word)).join(' ');

/** Why scaffolding may not write into `dir`, or undefined when it is new or empty (anything else could hold someone's work). */
export function nonEmptyTargetProblem(dir: string): string | undefined {
  if (!fs.existsSync(dir) || (fs.statSync(dir).isDirectory() && fs.readdirSync(dir).length === 0)) return undefined;
  return `${dir} already exists and is not empty; scaffolding writes into a new or empty folder only, so nothing there is overwritten.`;
}

function assertEmptyTarget(dir: string): void {
  const problem = nonEmptyTargetProblem(dir);
  if (problem) throw new DlxError('pack', problem);
}

function writeAll(dir: string, files: Record<string, string>): string[] {
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content, { flag: 'wx' });
  }
  return Object.keys(files).map((name) => path.join(dir, name));
}

export const FIRST_EXERCISE_ID = 'first-exercise';

/** The pack name a folder suggests: lowercase, with only letters, digits, ".", "_" and "-". */
export function packNameFor(dir: string): string {
  return path.basename(path.resolve(dir)).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '') || 'my-pack';
}

/** A new pack in `dir` (new or empty) with one exercise, `firstExercise`; returns the files written. */
export function scaffoldPack(dir: string, firstExercise = FIRST_EXERCISE_ID): string[] {
  const problem = exerciseIdProblem(firstExercise);
  if (problem) throw new DlxError('pack', problem);
  const root = path.resolve(dir);
  assertEmptyTarget(root);
  const name = packNameFor(root);
  const pack = { name, title: titleOf(name), version: '0.1.0', description: 'Exercises in TensorFlow.js: describe what a learner gets out of this pack.', exercises: [firstExercise] };
  const written = writeAll(root, {
    [PACK_FILE]: `${JSON.stringify(pack, null, 2)}\n`,
    'README.md': PACK_README(pack.title),
    'data/README.md': DATA_README,
  });
  return [...written, ...writeExercise(root, firstExercise)];
}

/** A new exercise `<packDir>/<id>/`, listed at the end of pack.json's exercises; returns the files written. */
export function scaffoldExercise(packDir: string, id: string): string[] {
  const problem = exerciseIdProblem(id);
  if (problem) throw new DlxError('pack', problem);
  const root = path.resolve(packDir);
  const packFile = path.join(root, PACK_FILE);
  if (!fs.existsSync(packFile)) throw new DlxError('pack', `${root} has no ${PACK_FILE}; create a pack first with \`dlx new pack ${packDir}\`.`);
  const pack = parseJson(fs.readFileSync(packFile, 'utf8'), PACK_FILE, 'pack') as { exercises?: unknown };
  if (!Array.isArray(pack.exercises)) throw new DlxError('pack', `${PACK_FILE}: $.exercises must be an array to add "${id}" to it.`);
  if (pack.exercises.includes(id)) throw new DlxError('pack', `${PACK_FILE} already lists an exercise "${id}".`);
  assertEmptyTarget(path.join(root, id));
  const written = writeExercise(root, id);
  if (!fs.existsSync(path.join(root, 'data', 'README.md'))) written.push(...writeAll(root, { 'data/README.md': DATA_README }));
  pack.exercises.push(id);
  fs.writeFileSync(packFile, `${JSON.stringify(pack, null, 2)}\n`);
  return written;
}

function writeExercise(packDir: string, id: string): string[] {
  const exercise = {
    id,
    title: titleOf(id),
    summary: 'Tell two clusters of points apart with one output unit per class.',
    instructions: 'README.md',
    starter: 'starter.ts',
    solution: 'solution.ts',
    learnerFile: `${id}.ts`,
    limits: { timeoutSeconds: 120, memoryMb: 1024 },
    checks: [
      { kind: 'loss', oneOf: ['crossEntropy'], name: 'cross-entropy loss' },
      { kind: 'outputUnits', count: 2, name: 'one output unit per class' },
      { kind: 'metric', split: 'train', metric: 'accuracy', min: 0.9, name: 'train accuracy' },
    ],
  };
  return writeAll(path.join(packDir, id), {
    [EXERCISE_FILE]: `${JSON.stringify(exercise, null, 2)}\n`,
    'README.md': EXERCISE_README(exercise.title, id),
    'starter.ts': learnerSource(`${exercise.title} (starter)`, false),
    'solution.ts': learnerSource(`${exercise.title} (solution)`, true),
  });
}

function learnerSource(heading: string, solved: boolean): string {
  const loss = solved ? 'crossEntropy' : 'binaryCrossEntropy';
  const output = solved ? "tf.layers.dense({ units: 2 })" : "tf.layers.dense({ units: 1, activation: 'sigmoid' })";
  return `// ${heading}
//
// Two clusters of 2-D points, around (0, 0) and (4, 0). ${solved ? 'Two output units (one per class) and cross-entropy.' : 'Your task: give the model one output unit per class and train it with cross-entropy (README.md says how).'}
import * as tf from '@tensorflow/tfjs';

export const experiment = {
  data: { kind: 'clusters', centers: [[0, 0], [4, 0]], perCluster: 50, blur: 1 },
  loss: '${loss}',
  optimizer: 'adam',
  learningRate: 0.05,
  batchSize: 'full',
  epochs: 100,
  seed: 1,
};

export function createModel() {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 4, inputShape: [2], activation: 'relu' }),
      ${output},
    ],
  });
}
`;
}

const PACK_README = (title: string) => `# ${title}

Welcome! This pack holds exercises for the DL Exercises extension and the \`dlx\` command.

- Each folder listed in \`pack.json\` is one exercise: its \`exercise.json\`, a README for the
  learner, a starter they begin from and your solution.
- \`dlx new exercise . <id>\` adds another one; \`dlx validate .\` checks that every solution
  passes and every starter fails; \`dlx pack .\` makes a \`.dlxpack\` to hand to your class.
- Data files go in \`data/\`, each with a line in \`data/README.md\` saying where it came from.
`;

const DATA_README = `# Data shipped with this pack

Exercises never download anything: every file they read ships here. For each file, say where it
came from, so learners and reviewers can trust it:

| file | rows | source | licence |
|---|---|---|---|

The scaffolded exercise needs no file here: its points are generated from a seed
(\`data: { kind: 'clusters', ... }\`).
`;

const EXERCISE_README = (title: string, id: string) => `# ${title}

Hello! In this exercise you teach a small network to tell two clusters of points apart.

## Goal
Classify the points around (0, 0) and (4, 0) with **one output unit per class**.

## What to change in your file
1. Give the last layer **2 units** and no activation: the model outputs one score per class.
2. Switch the loss to \`'crossEntropy'\`: it applies the softmax for you, like PyTorch's
   \`nn.CrossEntropyLoss\`.

Then run **DL Exercises: Run Experiment** (Shift+Alt+E), or \`dlx run ${id}\` in a terminal.

## What the checks demand
- the loss is \`crossEntropy\`;
- the output layer has 2 units;
- the final train accuracy is at least **90%**.
`;
