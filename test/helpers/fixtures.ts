// Throw-away packs and learner files for tests, in a temp folder removed after the run.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..');
export const PACK = path.join(REPO, 'exercises', 'dudl-ann');
export const exerciseDir = (id: string) => path.join(PACK, id);

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dlx-test-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

let counter = 0;
/** A fresh folder with the given files (relative path -> content). */
export function tempDir(files: Record<string, string> = {}): string {
  const dir = path.join(root, `case-${++counter}`);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export function learnerFile(content: string, name = 'model.ts'): string {
  return path.join(tempDir({ [name]: content }), name);
}

/** A minimal valid pack with one exercise; `overrides` replace or add files. */
export function miniPack(overrides: Record<string, string> = {}): string {
  return tempDir({
    'pack.json': JSON.stringify({ name: 'mini', title: 'Mini', version: '1.0.0', exercises: ['ex'] }),
    'ex/exercise.json': JSON.stringify({
      id: 'ex', title: 'Ex', instructions: 'README.md', starter: 'starter.ts', solution: 'solution.ts', learnerFile: 'ex.ts',
      defaults: { learningRate: 0.01, epochs: 5 },
      checks: [{ kind: 'metric', split: 'train', metric: 'accuracy', min: 0.5 }],
    }),
    'ex/README.md': '# Ex\n',
    'ex/starter.ts': '',
    'ex/solution.ts': '',
    'data/table.csv': 'a,b,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n',
    ...overrides,
  });
}

/** A learner file body: a dense stack on the qwerties. */
export const QWERTY_LEARNER = `
import * as tf from '@tensorflow/tfjs';
export const experiment = {
  data: { kind: 'clusters', centers: [[1, 1], [5, 1], [3, -2]], perCluster: 20, blur: 1 },
  loss: 'crossEntropy', optimizer: 'sgd', learningRate: 0.05, batchSize: 'full', epochs: 30,
};
export function createModel() {
  return tf.sequential({ layers: [
    tf.layers.dense({ units: 4, inputShape: [2], activation: 'relu' }),
    tf.layers.dense({ units: 3 }),
  ] });
}
`;

/** A two-class problem the big net overfits: 40 overlapping points, 20 of them to train on. */
export const OVERFITTING_LEARNER = (earlyStopping: string, epochs = 600) => `
import * as tf from '@tensorflow/tfjs';
export const experiment = {
  data: { kind: 'clusters', centers: [[0, 0], [1, 0]], perCluster: 20, blur: 1.5 },
  loss: 'crossEntropy', optimizer: 'adam', learningRate: 0.01, batchSize: 'full', epochs: ${epochs}, seed: 1,
  devFraction: 0.3, testFraction: 0.2,
  earlyStopping: ${earlyStopping},
};
export function createModel() {
  return tf.sequential({ layers: [
    tf.layers.dense({ units: 64, inputShape: [2], activation: 'relu' }),
    tf.layers.dense({ units: 64, activation: 'relu' }),
    tf.layers.dense({ units: 2 }),
  ] });
}
`;
