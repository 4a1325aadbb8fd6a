// The catalogue of bad inputs: each case asserts the exact kind of message a learner or
// instructor gets, and that nothing crashed. It only grows.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CODE_CACHE_PRELOAD, codeCacheFile } from '../../src/host/codeCache';
import { residentMb } from '../../src/host/memoryWatch';
import { AdviceWitness, adviseOutcome } from '../../src/host/adviseOutcome';
import type { AdviceInput } from '../../src/engine/advice';
import { startTrainer } from '../../src/host/trainerProcess';
import { createTrainerCore } from '../../src/trainer/core';
import { toRunError } from '../../src/engine/errors';
import { loadExercise, loadPack } from '../../src/engine/pack';
import { prepareSweep } from '../../src/host/sweep';
import { checkExercise } from '../../src/host/checkExercise';
import { readCheckpoint } from '../../src/host/checkpointStore';
import type { ErrorKind, RunError, RunResult } from '../../src/engine/results';
import type { FunctionRunResult } from '../../src/engine/functions';
import type { RunStarted, TrainerToHost } from '../../src/trainer/protocol';
import { exerciseDir, learnerFile, miniPack, QWERTY_LEARNER, REPO, tempDir } from '../helpers/fixtures';
import { FORGE_FINISHED } from '../helpers/learnerAttacks';
import { GRADING_CASES } from './gradingCases';
import { runSquare, SQUARE_SOLUTION, squarePack } from '../helpers/functionFixtures';
import { fixtureArchive, fixtureContents, fixturePack, lyingSizeArchive, patchBytes, rawZip, refusal, writeArchive } from '../helpers/packArchives';
import { DEFAULT_ARCHIVE_LIMITS, readPackArchive, sha256 } from '../../src/host/packArchive';
import { installPack, parsePackSource } from '../../src/host/packInstall';
import { scaffoldExercise, scaffoldPack } from '../../src/engine/scaffold';

type Outcome = { error?: RunError; result?: RunResult; functionResult?: FunctionRunResult; started?: RunStarted; wallMs?: number; peakRssMb?: number };
interface Case {
  name: string;
  run(): Promise<Outcome>;
  check(outcome: Outcome): void;
}

async function inProcess(file: string, exercise = exerciseDir('many-qwerties'), overrides: { epochs?: number; dataFields?: Record<string, number> } = {}): Promise<Outcome> {
  const messages: TrainerToHost[] = [];
  const start = performance.now();
  const core = createTrainerCore({ send: (m) => messages.push(m), now: () => performance.now() - start });
  await core.handle({ type: 'run', request: { exerciseDir: exercise, learnerFile: file, backend: 'auto', ...overrides } });
  const outcome: Outcome = {};
  for (const m of messages) {
    if (m.type === 'failed') outcome.error = m.error;
    if (m.type === 'finished') outcome.result = m.result;
    if (m.type === 'started') outcome.started = m.run;
  }
  return outcome;
}

async function inChild(content: string, limits = { memoryMb: 256, timeoutSeconds: 30 }): Promise<Outcome> {
  const handle = startTrainer({ exerciseDir: exerciseDir('many-qwerties'), learnerFile: learnerFile(content), backend: 'auto' }, limits, () => undefined, path.join(REPO, 'dist', 'trainer.js'));
  const outcome = await handle.outcome;
  return outcome.type === 'failed' ? { error: outcome.error } : { result: outcome.result };
}

/** A run in the trainer child, its resident memory sampled from here every 20 ms. */
async function measured(content: string, memoryMb: number, trainerPath = path.join(REPO, 'dist', 'trainer.js')): Promise<Outcome> {
  const started = performance.now();
  const handle = startTrainer({ exerciseDir: exerciseDir('many-qwerties'), learnerFile: learnerFile(content), backend: 'auto' }, { memoryMb, timeoutSeconds: 30 }, () => undefined, trainerPath);
  let peakRssMb = 0;
  const sampler = setInterval(() => void residentMb(handle.pid!, 'proc').then((rss) => (peakRssMb = Math.max(peakRssMb, rss ?? 0))), 20);
  const outcome = await handle.outcome;
  clearInterval(sampler);
  return { ...(outcome.type === 'failed' ? { error: outcome.error } : { result: outcome.result }), wallMs: performance.now() - started, peakRssMb };
}

/** `dlx` with --json: the error it printed. */
const dlxError = (...args: string[]) => async (): Promise<Outcome> => {
  const run = spawnSync(process.execPath, [path.join(REPO, 'bin', 'dlx.js'), ...args, '--json'], { encoding: 'utf8', timeout: 60_000 });
  return { error: JSON.parse(run.stdout.split('\n')[0]).error };
};
const hiddenSolutions = () => path.join(miniPack({ 'pack.json': JSON.stringify({ name: 'mini', title: 'Mini', version: '1.0.0', exercises: ['ex'], solutions: 'hidden' }) }), 'ex');

const inSandbox = async (content: string) => measured(content, 512, path.join(REPO, 'dist', 'trainer.js'));
const hooked = (code: string) => QWERTY_LEARNER.replace('export function createModel() {', `export function createModel() {\n  ${code};`);
/** The marker a refused attempt would have written: it must not exist. */
const marker = () => path.join(tempDir(), 'written-by-learner-code');
const refused = (pattern: RegExp, file?: string) => (outcome: Outcome) => {
  fails('runtime', pattern, 8)(outcome);
  assert.match(outcome.error!.message, /which the sandbox does not allow/);
  if (file) assert.equal(fs.existsSync(file), false, `${file} was written`);
};
const outOfMemory = (limitMb: number) => (outcome: Outcome) => {
  fails('crash', new RegExp(`ran out of memory \\(limit ${limitMb} MB\\)`))(outcome);
  assert.ok(outcome.wallMs! < 5000, `took ${outcome.wallMs} ms`);
  assert.ok(outcome.peakRssMb! < 2 * limitMb, `resident memory reached ${outcome.peakRssMb} MB`);
};
const WRITE_TARGET = marker();
const SPAWN_TARGET = marker();
const WORKER_TARGET = marker();

const learner = (body: string) => () => inProcess(learnerFile(body));
const withModel = (model: string, settings = '') => QWERTY_LEARNER.replace(/export function createModel\(\) \{[\s\S]*$/, model).replace('epochs: 30,', `epochs: 30, ${settings}`);
const fails = (kind: ErrorKind, pattern: RegExp, line?: number) => (outcome: Outcome) => {
  assert.ok(outcome.error, `expected an error, got ${JSON.stringify(outcome.result?.status ?? outcome)}`);
  assert.equal(outcome.error.kind, kind, outcome.error.message);
  assert.match(outcome.error.message, pattern);
  if (line !== undefined) assert.equal(outcome.error.location?.line, line, JSON.stringify(outcome.error.location));
};

/** A pack whose one exercise trains `data/table.csv` (or what `files` put there) with the given recipe. */
function csvCase(recipe: object, files: Record<string, string> = {}, editBetweenRuns?: Record<string, string>) {
  return async () => {
    const pack = miniPack(files);
    const file = path.join(pack, 'ex', 'ex.ts');
    fs.writeFileSync(file, `import * as tf from '@tensorflow/tfjs';
export const experiment = { data: ${JSON.stringify({ kind: 'csv', file: 'data/table.csv', target: 'label', ...recipe })}, loss: 'binaryCrossEntropy', epochs: 2 };
export function createModel() { return tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], activation: 'sigmoid' })] }); }`);
    if (!editBetweenRuns) return inProcess(file, path.join(pack, 'ex'));
    // A first run in this process (as a pool worker's), then the files edited, then the run that counts.
    const first = await inProcess(file, path.join(pack, 'ex'));
    assert.ok(first.result, `the first run trains: ${JSON.stringify(first.error)}`);
    for (const [name, content] of Object.entries(editBetweenRuns)) fs.writeFileSync(path.join(pack, name), content);
    return inProcess(file, path.join(pack, 'ex'));
  };
}

const exercise = (patch: object) => JSON.stringify({
  id: 'ex', title: 'Ex', instructions: 'README.md', starter: 'starter.ts', solution: 'solution.ts', learnerFile: 'ex.ts',
  checks: [{ kind: 'classes', count: 2 }], ...patch,
});
const packCase = (files: Record<string, string>) => () => inProcess(learnerFile(QWERTY_LEARNER), path.join(miniPack(files), 'ex'));
/** What a step before any training reports (loading a pack, resolving a sweep): nothing, or its error. */
const loading = (step: () => unknown) => async (): Promise<Outcome> => {
  try {
    step();
    return {};
  } catch (error) {
    return { error: toRunError(error) };
  }
};
/** Loading a whole pack (what the exercises view and `dlx validate` do), for pack-level fields. */
const packLoadCase = (files: Record<string, string>) => loading(() => loadPack(miniPack(files)));
/** A learner file's sweep export, resolved over the many-qwerties exercise as `dlx sweep` does before any run. */
const sweepCase = (sweep: string) => loading(() => prepareSweep(loadExercise(exerciseDir('many-qwerties')), learnerFile(`${QWERTY_LEARNER}\nexport const sweep = ${sweep};\n`)));
/** Loading the exercise a function `make` writes, for exercise.json errors of the function kind. */
const packLoadOf = (make: () => string) => loading(() => loadPack(path.dirname(make())));
const SQUARE_FUNCTION = JSON.parse(fs.readFileSync(path.join(squarePack(), 'exercise.json'), 'utf8')).function;
/** The run finished and its check `index` failed with `pattern`. */
const failsCheck = (index: number, pattern: RegExp) => (outcome: Outcome) => {
  assert.ok(outcome.functionResult, JSON.stringify(outcome.error));
  assert.equal(outcome.functionResult.passed, false);
  assert.match(outcome.functionResult.checks[index].message, pattern);
};
const functionCase = (learner: string, patch: object = {}) => async (): Promise<Outcome> => {
  const { result, error } = await runSquare(learner, patch);
  return { ...(result ? { functionResult: result } : {}), ...(error ? { error } : {}) };
};
/** The square exercise with an update rule `step` and a `trains` check (check 2) on a 1-2-1 regression. */
const TRAINS_CHECK = { kind: 'trains', export: 'step', optimizer: 'sgd', hyper: { learningRate: 0.05 }, model: { data: { kind: 'line', slope: 2, noise: 0.5, n: 16 }, hidden: [2], epochs: 2, batchSize: 8 } };
const trainsPatch = (check: object = TRAINS_CHECK, timeoutSeconds = 30) => ({
  // Three children load tfjs's layers and train: more than the square exercise's 2 s on a busy machine.
  limits: { timeoutSeconds, memoryMb: 512 },
  function: { ...SQUARE_FUNCTION, exports: [...SQUARE_FUNCTION.exports, { name: 'step', signature: 'step(params: number[], grads: number[], state: {}, hyper: { learningRate: number }): [number[], {}]' }] },
  checks: [...JSON.parse(fs.readFileSync(path.join(squarePack(), 'exercise.json'), 'utf8')).checks, check],
});
const trainsCase = (stepBody: string, timeoutSeconds?: number) => async (): Promise<Outcome> => {
  const { result, error } = await runSquare(`${SQUARE_SOLUTION}export function step(params: number[], grads: number[], state: {}, hyper: { learningRate: number }) {\n  ${stepBody}\n}\n`, trainsPatch(TRAINS_CHECK, timeoutSeconds));
  return { ...(result ? { functionResult: result } : {}), ...(error ? { error } : {}) };
};
const packJson = (patch: object) => JSON.stringify({ name: 'mini', title: 'Mini', version: '1.0.0', exercises: ['ex'], ...patch });

/** A learner that does not learn (one epoch at a tiny rate): every honest verdict on it fails the accuracy check. */
const UNTRAINED = QWERTY_LEARNER.replace('learningRate: 0.05', 'learningRate: 0.0001').replace('epochs: 30,', 'epochs: 1,');
const tampered = (code: string) => UNTRAINED.replace('export function createModel() {', `${code}\nexport function createModel() {`);
const FAKE_OUTPUT = `const fake = JSON.stringify({ exercise: 'many-qwerties', passed: true, checks: [], verification: { state: 'verified', reason: 'fake' } });
process.stdout.write(fake + '\\n'); process.stderr.write(fake + '\\n'); console.log(fake);`;
/** The verdict is not a pass, and the verifier says the report does not match the model. */
const caughtForging = (outcome: Outcome) => {
  assert.ok(outcome.result, JSON.stringify(outcome.error));
  assert.equal(outcome.result.passed, false);
  assert.equal(outcome.result.verification.state, 'mismatch', outcome.result.verification.reason);
  assert.match(outcome.result.verification.reason, /^the reported results do not match the trained model: train (loss|accuracy) reported/);
  assert.match(outcome.result.checks.at(-1)!.message, /The reported results do not match the trained model/);
};
function dlxRunJson(content: string): Outcome {
  const run = spawnSync(process.execPath, [path.join(REPO, 'bin', 'dlx.js'), 'run', exerciseDir('many-qwerties'), '--file', learnerFile(content), '--json'], { encoding: 'utf8', timeout: 60_000 });
  const lines = run.stdout.trim().split('\n');
  assert.equal(lines.length, 1, run.stdout);
  return { result: JSON.parse(lines[0]) as RunResult };
}

const writeTemp = (bytes: Buffer) => {
  const file = path.join(tempDir(), 'bad.dlxpack');
  fs.writeFileSync(file, bytes);
  return file;
};

/**
 * What the host makes of a finished run of `epochs` epochs (the advice, from every epoch it saw), fed
 * as the trainer's messages would come: a chance-level run recorded for the advice tests, stretched.
 */
function adviceAfterEpochs(epochs: number): Outcome {
  const { input } = JSON.parse(fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'advice', 'chance-level.json'), 'utf8')) as { input: AdviceInput };
  const witness = new AdviceWitness();
  witness.see({ type: 'started', run: { settings: { ...input.settings, epochs }, task: input.task, model: input.model } as RunStarted });
  witness.see({ type: 'progress', epochs: Array.from({ length: epochs }, (_, i) => ({ ...input.epochs[i % input.epochs.length], epoch: i + 1 })) });
  const finished = { type: 'finished', result: { ...input.result, epochs, checks: [], passed: false } as unknown as RunResult } as const;
  const advised = adviseOutcome(finished, finished, witness);
  return advised.type === 'finished' ? { result: advised.result } : { error: advised.error };
}

const INFINITE = QWERTY_LEARNER.replace('export function createModel() {', 'export function createModel() { while (true) {}');

const CASES: Record<string, Case[]> = {
  'learner file': [
    { name: 'syntax error: file, line and column', run: learner('import * as tf from "@tensorflow/tfjs";\nexport const experiment = {\n  epochs: 10\n  seed: 1 };'), check: fails('syntax', /Expected "}" or "," but found "seed"/, 4) },
    { name: 'no model export: lists what is expected', run: learner('export const experiment = {};'), check: fails('exports', /no model export found.*Expected: `export const experiment.*createModel\(\)` returning a tf\.LayersModel.*`export class Model`/) },
    { name: 'misnamed export: names the near miss', run: learner('export function buildModel() {}'), check: fails('exports', /`buildModel` is not a name the trainer looks for \(did you mean `createModel` or `Model`\?\)/) },
    { name: 'runtime exception in the factory: the learner line', run: learner(withModel('export function createModel() {\n  const layers: any = undefined;\n  return layers.dense();\n}')), check: fails('runtime', /building the model in createModel\(\): TypeError: Cannot read properties of undefined/, 9) },
    { name: 'runtime exception in forward(): the learner line', run: learner(withModel("export class Model {\n  dense = tf.layers.dense({ units: 3 });\n  forward(x: tf.Tensor) {\n    throw new Error('oops in forward');\n  }\n}")), check: fails('runtime', /running forward\(x\): oops in forward/, 10) },
    { name: 'input shape does not fit the data: expected and actual', run: learner(withModel("export function createModel() { return tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [5] })] }); }")), check: fails('shape', /input takes examples of shape \[5\], but the data has 2 features per example: set `inputShape: \[2\]`/) },
    { name: 'output units do not fit the labels (1 unit for 3 classes)', run: learner(withModel("export function createModel() { return tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] }); }")), check: fails('shape', /ends with 1 output unit, but the data has 3 classes \(A, B, C\).*needs 3 units/) },
    {
      name: 'wrong loss for the task (mse on class labels) is flagged as a hint',
      run: learner(withModel("export function createModel() { return tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] }); }").replace("loss: 'crossEntropy'", "loss: 'mse'")),
      check: (o) => {
        assert.ok(o.result, JSON.stringify(o.error));
        assert.match(o.started!.warnings.join(' '), /holds class labels \(A, B, C\), but the loss is mse, a regression loss/);
      },
    },
    { name: 'an export that is not a model at all', run: learner(withModel('export function createModel() { return 42; }')), check: fails('exports', /createModel\(\) returned a number, not a tf\.LayersModel/) },
    { name: 'createModel forgot to return', run: learner(withModel("export function createModel() { tf.sequential(); }")), check: fails('exports', /returned undefined \(is a `return` missing\?\)/) },
    { name: 'Model is a function, not a class', run: learner('export function Model() {}'), check: fails('exports', /`Model` is a function, not a class/) },
    { name: 'a class without forward()', run: learner(withModel('export class Model { dense = tf.layers.dense({ units: 3 }); }')), check: fails('exports', /has no `forward\(x\)` method/) },
    { name: 'forward() returns something else than a tensor', run: learner(withModel('export class Model { dense = tf.layers.dense({ units: 3 }); forward(x: tf.Tensor) { return [1, 2]; } }')), check: fails('exports', /forward\(x\) returned an object of type Array, not a tensor/) },
    { name: 'a class with no trainable variables', run: learner(withModel('export class Model { forward(x: tf.Tensor) { return tf.concat([x, tf.slice(x, [0, 0], [-1, 1])], 1); } }')), check: fails('exports', /no trainable variables: create layers in the constructor/) },
    { name: 'importing anything but tfjs', run: learner("import * as cp from 'node:child_process';\nexport function createModel() { return cp; }"), check: fails('exports', /can import only "@tensorflow\/tfjs"; this one imports "node:child_process"/, 1) },
    { name: 'syntax only V8 refuses (the transform lets it through): the learner line', run: learner(withModel('export function createModel() {\n  let units = 3;\n  units + 1 = 4;\n}')), check: fails('syntax', /Invalid left-hand side in assignment/, 9) },
    { name: 'TypeScript the transform would drop (a namespace): refused at its line', run: learner(`${QWERTY_LEARNER}\nnamespace Sizes { export const hidden = 4; }\n`), check: fails('syntax', /TypeScript namespaces are not supported in learner files/, 14) },
    {
      name: 'runtime exception in an imported helper file: that file and line',
      run: () => {
        const dir = tempDir({ 'model.ts': withModel("import { layer } from './helper';\nexport function createModel() { return layer(); }"), 'helper.ts': "export function layer(): never {\n  throw new Error('oops in the helper');\n}\n" });
        return inProcess(path.join(dir, 'model.ts'));
      },
      check: (outcome) => {
        fails('runtime', /building the model in createModel\(\): oops in the helper/, 2)(outcome);
        assert.equal(path.basename(outcome.error!.location!.file), 'helper.ts');
      },
    },
  ],
  training: [
    {
      name: 'a run of 200,000 epochs (the limit is a million): its advice from every epoch, not a stack overflow in the host',
      run: async () => adviceAfterEpochs(200_000),
      check: (o) => assert.deepEqual(o.result?.advice?.map((a) => a.rule), ['chanceLevel'], JSON.stringify(o.error)),
    },
    {
      name: 'loss becomes NaN or Infinity: stops at that epoch, suggests a lower learning rate',
      run: learner(withModel("export function createModel() { return tf.sequential({ layers: [tf.layers.dense({ units: 8, inputShape: [2], activation: 'relu' }), tf.layers.dense({ units: 1 })] }); }").replace("loss: 'crossEntropy'", "loss: 'mse'").replace('learningRate: 0.05', 'learningRate: 9').replace('epochs: 30', 'epochs: 5000')),
      check: (o) => {
        assert.equal(o.result?.status, 'diverged', JSON.stringify(o.error ?? o.result?.status));
        assert.ok(o.result!.epochs < 5000);
        assert.match(o.result!.diagnosis.join(' '), new RegExp(`became NaN or infinite at epoch ${o.result!.epochs}, so training stopped there`));
        assert.equal(o.result!.passed, false);
      },
    },
    {
      name: 'accuracy stuck at chance for the whole run: diagnosed',
      run: learner(withModel('export class Model { dense = tf.layers.dense({ units: 3 }); forward(x: tf.Tensor) { return tf.mul(this.dense.apply(x) as tf.Tensor, 0); } }')),
      check: (o) => {
        assert.ok(o.result, JSON.stringify(o.error));
        assert.match(o.result.diagnosis.join(' '), /Accuracy stayed at chance level \(33%\) for the whole run/);
      },
    },
    { name: 'learning rate out of range: refused before training', run: learner(withModel('export function createModel() {}', 'learningRate: 0,')), check: fails('settings', /learningRate must be at least 1e-7, got 0/) },
    { name: 'epochs out of range: refused before training', run: learner(QWERTY_LEARNER.replace('epochs: 30', 'epochs: 5000000')), check: fails('settings', /experiment\.epochs must be at most 1000000, got 5000000/) },
    { name: 'batch larger than the training set', run: learner(QWERTY_LEARNER.replace("batchSize: 'full'", 'batchSize: 500')), check: fails('settings', /batchSize 500 is larger than the training set \(60 rows\)/) },
    { name: 'a negative weightDecay: refused, naming the field', run: learner(QWERTY_LEARNER.replace('epochs: 30', 'epochs: 30, weightDecay: -1')), check: fails('settings', /experiment\.weightDecay must be at least 0, got -1/) },
    { name: 'a negative l1: refused, naming the field', run: learner(QWERTY_LEARNER.replace('epochs: 30', 'epochs: 30, l1: -0.5')), check: fails('settings', /experiment\.l1 must be at least 0, got -0\.5/) },
    { name: 'an l1 that is not a number', run: learner(QWERTY_LEARNER.replace('epochs: 30', "epochs: 30, l1: 'lots'")), check: fails('settings', /experiment\.l1 must be a number, got "lots"/) },
    { name: 'a negative weightDecay in exercise.json defaults', run: packCase({ 'ex/exercise.json': exercise({ defaults: { weightDecay: -0.1 } }) }), check: fails('pack', /\$\.defaults\.weightDecay must be at least 0, got -0\.1/) },
    {
      name: 'an activityRegularizer (tfjs cannot apply one): the field and the learner line, never ignored',
      run: learner(withModel("export function createModel() {\n  return tf.sequential({ layers: [\n    tf.layers.dense({ units: 3, inputShape: [2], activityRegularizer: tf.regularizers.l2() }),\n  ] });\n}")),
      check: fails('settings', /A layer of your model has an `activityRegularizer` .*TensorFlow\.js cannot apply.*Remove `activityRegularizer`/, 8),
    },
    {
      name: 'an activityRegularizer on a layer of a class: the line of forward that applies it',
      run: learner(withModel("export class Model {\n  out = tf.layers.dense({ units: 3, activityRegularizer: tf.regularizers.l1() });\n  forward(x: tf.Tensor) {\n    return this.out.apply(x) as tf.Tensor;\n  }\n}")),
      check: fails('settings', /has an `activityRegularizer`/, 10),
    },
    {
      name: "an unknown activation ('leaky_relu'): the names tfjs knows, leaky ReLU's layer, and the line",
      run: learner(withModel("export function createModel() {\n  return tf.sequential({ layers: [\n    tf.layers.dense({ units: 3, inputShape: [2], activation: 'leaky_relu' }),\n  ] });\n}")),
      check: fails('settings', /Unknown activation 'leaky_relu'\. TensorFlow\.js knows: elu, hardSigmoid, .*gelu_new .*tf\.layers\.leakyReLU\(\{ alpha: 0\.01 \}\)/, 9),
    },
    {
      name: 'a Dropout of rate 1 (tfjs would skip it, PyTorch zeros everything): refused',
      run: learner(withModel("export function createModel() {\n  return tf.sequential({ layers: [\n    tf.layers.dense({ units: 8, inputShape: [2], activation: 'relu' }),\n    tf.layers.dropout({ rate: 1 }),\n    tf.layers.dense({ units: 3 }),\n  ] });\n}")),
      check: fails('settings', /A Dropout layer has rate 1: TensorFlow\.js skips a dropout of rate 1 altogether .*Use a rate in \[0, 1\)/),
    },
    {
      name: 'a batchNormalization with center: false (tfjs cannot train it): refused before training',
      run: learner(withModel("export function createModel() {\n  return tf.sequential({ layers: [\n    tf.layers.dense({ units: 8, inputShape: [2], activation: 'relu' }),\n    tf.layers.batchNormalization({ center: false }),\n    tf.layers.dense({ units: 3 }),\n  ] });\n}")),
      check: fails('settings', /`center: false` or `scale: false`, which TensorFlow\.js cannot train .*Leave both at true/),
    },
    { name: 'an unknown init: the allowed ones', run: learner(QWERTY_LEARNER.replace('epochs: 30', "epochs: 30, init: 'kaiming'")), check: fails('settings', /experiment\.init must be one of "tfjs", "pytorch", got "kaiming"/) },
    {
      name: "init: 'pytorch' on a model without Dense layers: refused, not a silent tfjs start",
      run: learner(withModel('export class Model { w = tf.variable(tf.zeros([2, 3])); forward(x: tf.Tensor) { return tf.matMul(x, this.w); } }', "init: 'pytorch',")),
      check: fails('settings', /init: 'pytorch' re-initializes Dense layers the way torch\.nn\.Linear does, and your model has no Dense layer/),
    },
    { name: 'an adam beta outside [0, 1)', run: learner(QWERTY_LEARNER.replace("optimizer: 'sgd'", "optimizer: 'adam', beta2: 1")), check: fails('settings', /experiment\.beta2 must be below 1 \(a decay rate in \[0, 1\)\), got 1/) },
    { name: 'a negative adam beta1', run: learner(QWERTY_LEARNER.replace("optimizer: 'sgd'", "optimizer: 'adam', beta1: -0.1")), check: fails('settings', /experiment\.beta1 must be at least 0, got -0\.1/) },
    { name: 'an rmsprop rho of 1', run: learner(QWERTY_LEARNER.replace("optimizer: 'sgd'", "optimizer: 'rmsprop', rho: 1")), check: fails('settings', /experiment\.rho must be below 1/) },
    { name: 'an epsilon of 0', run: learner(QWERTY_LEARNER.replace("optimizer: 'sgd'", "optimizer: 'adam', epsilon: 0")), check: fails('settings', /experiment\.epsilon must be above 0, got 0/) },
    { name: 'an optimizer value the optimizer does not use (beta1 with sgd)', run: learner(QWERTY_LEARNER.replace("optimizer: 'sgd'", "optimizer: 'sgd', beta1: 0.9")), check: fails('settings', /sets beta1, which the optimizer 'sgd' does not use: beta1 is for 'adam'/) },
    { name: 'an unknown lrSchedule kind', run: learner(QWERTY_LEARNER.replace('epochs: 30', "epochs: 30, lrSchedule: { kind: 'cosine', gamma: 0.5 }")), check: fails('settings', /experiment\.lrSchedule\.kind must be one of "step", "exponential", got "cosine"/) },
    { name: 'an lrSchedule gamma of 0', run: learner(QWERTY_LEARNER.replace('epochs: 30', "epochs: 30, lrSchedule: { kind: 'exponential', gamma: 0 }")), check: fails('settings', /experiment\.lrSchedule\.gamma must be above 0 .*got 0/) },
    { name: 'an lrSchedule "every" that is not a positive integer', run: learner(QWERTY_LEARNER.replace('epochs: 30', "epochs: 30, lrSchedule: { kind: 'step', every: 2.5, gamma: 0.5 }")), check: fails('settings', /experiment\.lrSchedule\.every must be a whole number, got 2\.5/) },
    { name: 'an lrSchedule "every" of 0', run: learner(QWERTY_LEARNER.replace('epochs: 30', "epochs: 30, lrSchedule: { kind: 'step', every: 0, gamma: 0.5 }")), check: fails('settings', /experiment\.lrSchedule\.every must be at least 1, got 0/) },
    { name: 'devFraction + testFraction >= 1: refused, naming both fields', run: learner(QWERTY_LEARNER.replace('epochs: 30', 'epochs: 30, devFraction: 0.5, testFraction: 0.5')), check: fails('settings', /experiment\.devFraction \(0\.5\) \+ testFraction \(0\.5\) must stay below 1/) },
    { name: 'an unknown split kind: the allowed values', run: learner(QWERTY_LEARNER.replace('epochs: 30', "epochs: 30, testFraction: 0.2, split: 'shuffled'")), check: fails('settings', /experiment\.split must be one of "random", "stratified", "ordered", got "shuffled"/) },
    { name: 'an early-stopping patience of 0: refused', run: learner(QWERTY_LEARNER.replace('epochs: 30', "epochs: 30, devFraction: 0.2, earlyStopping: { monitor: 'devLoss', patience: 0 }")), check: fails('settings', /experiment\.earlyStopping\.patience must be at least 1, got 0/) },
    { name: 'early stopping on the dev loss without a dev set', run: learner(QWERTY_LEARNER.replace('epochs: 30', "epochs: 30, earlyStopping: { monitor: 'devLoss', patience: 5 }")), check: fails('settings', /earlyStopping\.monitor "devLoss" watches the dev set, but there is none: set devFraction above 0/) },
    { name: 'an unknown early-stopping monitor: the allowed values', run: learner(QWERTY_LEARNER.replace('epochs: 30', "epochs: 30, earlyStopping: { monitor: 'valLoss', patience: 5 }")), check: fails('settings', /experiment\.earlyStopping\.monitor must be one of "devLoss", "devAccuracy", "trainLoss", "trainAccuracy", "testLoss", "testAccuracy", got "valLoss"/) },
    { name: 'a checkpoint setting with neither "every" nor "best"', run: learner(QWERTY_LEARNER.replace('epochs: 30', 'epochs: 30, checkpoint: {}')), check: fails('settings', /experiment\.checkpoint needs "every" \(save every N epochs, e\.g\. \{ every: 50 \}\) or "best" \(keep the best epoch of one of "devLoss", .*"testAccuracy"\), or both/) },
    { name: 'a checkpoint "every" of 0', run: learner(QWERTY_LEARNER.replace('epochs: 30', 'epochs: 30, checkpoint: { every: 0 }')), check: fails('settings', /experiment\.checkpoint\.every must be at least 1, got 0/) },
    { name: 'an unknown checkpoint "best" metric: the allowed values', run: learner(QWERTY_LEARNER.replace('epochs: 30', "epochs: 30, checkpoint: { best: 'valLoss' }")), check: fails('settings', /experiment\.checkpoint\.best must be one of "devLoss", "devAccuracy", "trainLoss", "trainAccuracy", "testLoss", "testAccuracy", got "valLoss"/) },
    { name: 'a best checkpoint on the dev loss without a dev set', run: learner(QWERTY_LEARNER.replace('epochs: 30', "epochs: 30, checkpoint: { best: 'devLoss' }")), check: fails('settings', /experiment\.checkpoint\.best "devLoss" watches the dev set, but there is none: set devFraction above 0/) },
    { name: 'a checkpoint field the setting does not have (a path)', run: learner(QWERTY_LEARNER.replace('epochs: 30', "epochs: 30, checkpoint: { every: 5, path: '/tmp/elsewhere' }")), check: fails('settings', /experiment\.checkpoint.*path/) },
    {
      name: 'a checkpoint whose model.json names a weights file outside its folder: refused before anything is read',
      run: async () => {
        const dir = tempDir({ 'ck/model.json': JSON.stringify({ weightsManifest: [{ paths: ['../../../etc/passwd'], weights: [] }], userDefinedMetadata: { dlx: { kind: 'last', epoch: 1 } } }) });
        const run = spawnSync(process.execPath, [path.join(REPO, 'bin', 'dlx.js'), 'run', exerciseDir('many-qwerties'), '--file', learnerFile(QWERTY_LEARNER), '--json', '--from-checkpoint', path.join(dir, 'ck'), '--epochs', '0'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
        return { error: JSON.parse(run.stdout.split('\n')[0]).error };
      },
      check: fails('settings', /names the weights file "\.\.\/\.\.\/\.\.\/etc\/passwd", outside its own folder/),
    },
    {
      name: 'a sweep of an experiment with checkpoints: refused, as a sweep keeps no weights',
      run: async () => {
        const file = learnerFile(`${QWERTY_LEARNER.replace('epochs: 30', 'epochs: 30, checkpoint: { every: 10 }')}\nexport const sweep = { vary: { learningRate: [0.05, 0.1] } };\n`);
        const sweep = spawnSync(process.execPath, [path.join(REPO, 'bin', 'dlx.js'), 'sweep', exerciseDir('many-qwerties'), '--file', file, '--json', '--workers', '1', '--no-save'], { encoding: 'utf8', timeout: 60_000 });
        return { error: JSON.parse(sweep.stdout.split('\n')[0]).error };
      },
      check: fails('settings', /The experiment sets checkpoint, but a sweep keeps no checkpoints/),
    },
    { name: 'resuming a run that does not exist', run: async () => {
      const run = spawnSync(process.execPath, [path.join(REPO, 'bin', 'dlx.js'), 'run', exerciseDir('many-qwerties'), '--file', learnerFile(QWERTY_LEARNER), '--json', '--resume', 'nosuchrun'], { cwd: tempDir(), encoding: 'utf8', timeout: 60_000 });
      return { error: JSON.parse(run.stdout.split('\n')[0]).error };
    }, check: fails('settings', /--resume nosuchrun: no run with that id in .*\.dlx\/runs/) },
    { name: 'early stopping on an accuracy of a regression', run: learner(QWERTY_LEARNER.replace("loss: 'crossEntropy'", "loss: 'mse'").replace('epochs: 30', "epochs: 30, earlyStopping: { monitor: 'trainAccuracy', patience: 5 }")), check: fails('settings', /monitor "trainAccuracy" watches an accuracy, but loss 'mse' is a regression/) },
    {
      name: 'a sweep outcome on the dev set without a dev set: the sweep fails with the reason',
      run: async () => {
        const file = learnerFile(`${QWERTY_LEARNER}\nexport const sweep = { vary: { learningRate: [0.05] }, outcome: 'devLoss' };\n`);
        const sweep = spawnSync(process.execPath, [path.join(REPO, 'bin', 'dlx.js'), 'sweep', exerciseDir('many-qwerties'), '--file', file, '--json', '--workers', '1', '--no-save'], { encoding: 'utf8', timeout: 60_000 });
        return { error: JSON.parse(sweep.stdout.split('\n')[0]).error };
      },
      check: fails('settings', /The sweep's outcome devLoss reads the dev set, but this run has none: set devFraction above 0/),
    },
    { name: 'a devFraction out of range in exercise.json defaults', run: packCase({ 'ex/exercise.json': exercise({ defaults: { devFraction: 0.95 } }) }), check: fails('pack', /\$\.defaults\.devFraction must be at most 0\.9, got 0\.95/) },
    { name: 'testFraction that leaves nothing to train on', run: learner(QWERTY_LEARNER.replace("batchSize: 'full'", "batchSize: 'full', testFraction: 0.95")), check: fails('settings', /testFraction must be at most 0\.9, got 0\.95/) },
  ],
  packs: [
    { name: 'malformed exercise.json: line and column', run: packCase({ 'ex/exercise.json': '{\n  "id": "ex",\n  "title": }' }), check: fails('pack', /exercise\.json is not valid JSON at line 3, column 12: unexpected "}"\./) },
    { name: 'schema violation: the JSON path and the allowed values', run: packCase({ 'ex/exercise.json': exercise({ defaults: { loss: 'hinge' } }) }), check: fails('pack', /\$\.defaults\.loss must be one of "crossEntropy", "binaryCrossEntropy", "binaryCrossEntropyWithLogits", "mse", got "hinge"/) },
    { name: 'a hint without its text', run: packCase({ 'ex/exercise.json': exercise({ hints: [{ code: 'x = 1' }] }) }), check: fails('pack', /\$\.hints\[0\]\.text must be a non-empty string, got nothing/) },
    { name: 'an empty hint list', run: packCase({ 'ex/exercise.json': exercise({ hints: [] }) }), check: fails('pack', /\$\.hints must list at least one hint/) },
    { name: 'a check tied to step 0 of the README', run: packCase({ 'ex/exercise.json': exercise({ checks: [{ kind: 'classes', count: 2, step: 0 }] }) }), check: fails('pack', /\$\.checks\[0\]\.step must be at least 1, got 0/) },
    { name: 'a check\'s hint with an unknown field', run: packCase({ 'ex/exercise.json': exercise({ checks: [{ kind: 'classes', count: 2, hints: [{ text: 'a', snippet: 'b' }] }] }) }), check: fails('pack', /\$\.checks\[0\]\.hints\[0\]\.snippet is not a known field; allowed: text, code/) },
    { name: 'solutions neither visible nor hidden', run: packCase({ 'ex/exercise.json': exercise({ solutions: 'secret' }) }), check: fails('pack', /\$\.solutions must be one of "visible", "hidden", got "secret"/) },
    { name: 'a section naming an exercise the pack does not have', run: packLoadCase({ 'pack.json': packJson({ sections: [{ title: 'One', exercises: ['ex', 'nope'] }] }) }), check: fails('pack', /\$\.sections\[0\]\.exercises\[1\] must be one of "ex", got "nope"/) },
    { name: 'sections that leave an exercise out', run: packLoadCase({ 'pack.json': packJson({ exercises: ['ex', 'ex2'], sections: [{ title: 'One', exercises: ['ex'] }] }), 'ex2/exercise.json': exercise({ id: 'ex2' }), 'ex2/README.md': '#', 'ex2/starter.ts': '', 'ex2/solution.ts': '' }), check: fails('pack', /\$\.sections must place every exercise in a section; not placed: ex2/) },
    { name: 'a prerequisite that is not in the pack', run: packLoadCase({ 'ex/exercise.json': exercise({ prerequisites: ['warm-up'] }) }), check: fails('pack', /prerequisites\[0\] names "warm-up", which is not an exercise of this pack; known: ex/) },
    { name: 'prerequisites in a cycle', run: packLoadCase({ 'pack.json': packJson({ exercises: ['ex', 'ex2'] }), 'ex/exercise.json': exercise({ prerequisites: ['ex2'] }), 'ex2/exercise.json': exercise({ id: 'ex2', prerequisites: ['ex'] }), 'ex2/README.md': '#', 'ex2/starter.ts': '', 'ex2/solution.ts': '' }), check: fails('pack', /has a prerequisite cycle: ex → ex2 → ex/) },
    { name: 'dlx run --solution of a pack that hides its solutions', run: () => dlxError('run', hiddenSolutions(), '--solution')(), check: fails('settings', /The pack hides the reference solution of ex \("solutions": "hidden"\), so --solution does not run it\. An instructor adds --instructor\./) },
    { name: 'dlx run --instructor without --solution', run: dlxError('run', exerciseDir('many-qwerties'), '--instructor'), check: fails('settings', /--instructor goes with --solution: it runs a hidden reference solution\./) },
    { name: 'a file the exercise names is missing', run: packCase({ 'ex/exercise.json': exercise({ solution: 'nope.ts' }) }), check: fails('pack', /solution "nope\.ts" does not exist in the pack/) },
    { name: 'a metric check with a "class" on a metric without classes', run: packCase({ 'ex/exercise.json': exercise({ checks: [{ kind: 'metric', split: 'train', metric: 'accuracy', class: 'A', min: 0.5 }] }) }), check: fails('pack', /\$\.checks\[0\]\.class applies to the metrics precision, recall, f1, not accuracy/) },
    {
      name: 'a metric check on a "class" the data does not have: the check fails, naming the field and the classes',
      run: packCase({ 'ex/exercise.json': exercise({ checks: [{ kind: 'metric', split: 'train', metric: 'f1', class: 'Z', min: 0.5 }] }) }),
      check: (o) => {
        assert.ok(o.result, JSON.stringify(o.error));
        assert.equal(o.result.checks[0].passed, false);
        assert.equal(o.result.checks[0].message, 'The check\'s "class" is "Z", but the data has no such class; its classes are A, B, C.');
      },
    },
    {
      name: 'a checkpoint whose optimizer state file does not match its slots: refused, naming both sizes',
      run: loading(() => {
        const dir = tempDir({ 'ck/weights.bin': '', 'ck/optimizer.bin': 'abcd' });
        fs.writeFileSync(path.join(dir, 'ck', 'model.json'), JSON.stringify({ weightsManifest: [{ paths: ['./weights.bin'], weights: [] }], userDefinedMetadata: { dlx: { kind: 'last', epoch: 1, optimizerState: { engine: 'tfjs', optimizer: 'adam', steps: 1, scalars: [], slots: [{ name: 'w/m', size: 2 }], file: './optimizer.bin' } } } }));
        return readCheckpoint(path.join(dir, 'ck'));
      }),
      check: fails('settings', /its optimizer state file \.\/optimizer\.bin holds 4 bytes, but its slots list 2 float32 values: the files do not belong together/),
    },
    {
      name: 'a checkpoint whose optimizer state file lies outside its folder: refused before anything is read',
      run: loading(() => {
        const dir = tempDir({ 'ck/weights.bin': '' });
        fs.writeFileSync(path.join(dir, 'ck', 'model.json'), JSON.stringify({ weightsManifest: [{ paths: ['./weights.bin'], weights: [] }], userDefinedMetadata: { dlx: { kind: 'last', epoch: 1, optimizerState: { engine: 'tfjs', optimizer: 'adam', steps: 1, scalars: [], slots: [], file: '/etc/passwd' } } } }));
        return readCheckpoint(path.join(dir, 'ck'));
      }),
      check: fails('settings', /names the optimizer state file "\/etc\/passwd", outside its own folder/),
    },
    { name: 'a reloadBest check without a checkpoints check: what it rests on', run: packCase({ 'ex/exercise.json': exercise({ checks: [{ kind: 'reloadBest' }] }) }), check: fails('pack', /\$\.checks\[0\] needs a "checkpoints" check in the same exercise: it names the epochs a checkpoint is saved at \("every"\) and the metric the best one is kept by \("best"\)/) },
    { name: 'a checkpoints check keeping the best by dev loss, with devFraction locked at 0', run: packCase({ 'ex/exercise.json': exercise({ defaults: { devFraction: 0 }, locked: ['devFraction'], checks: [{ kind: 'checkpoints', every: 10, best: 'devLoss' }] }) }), check: fails('pack', /\$\.checks\[0\]\.best is devLoss, but defaults\.devFraction is locked at 0: there is no dev set to keep the best checkpoint by/) },
    { name: 'a resume check interrupting between checkpoint epochs', run: packCase({ 'ex/exercise.json': exercise({ checks: [{ kind: 'checkpoints', every: 10, best: 'devLoss' }, { kind: 'resume', interruptAt: 15 }] }) }), check: fails('pack', /\$\.checks\[1\]\.interruptAt is 15, not an epoch a checkpoint is saved at \(the "checkpoints" check saves every 10\): use a multiple of 10/) },
    { name: 'a resume check at or after the locked last epoch', run: packCase({ 'ex/exercise.json': exercise({ defaults: { epochs: 20 }, locked: ['epochs'], checks: [{ kind: 'checkpoints', every: 10, best: 'devLoss' }, { kind: 'resume', interruptAt: 20 }] }) }), check: fails('pack', /\$\.checks\[1\]\.interruptAt is 20, and the experiment's 20 epochs \(locked\) leave nothing to resume/) },
    { name: 'checkpoint checks in a sweep exercise', run: packCase({ 'ex/exercise.json': exercise({ checks: [{ kind: 'checkpoints', every: 10, best: 'devLoss' }], sweep: { vary: { learningRate: [0.1, 0.2] } }, sweepChecks: [{ kind: 'runChecks' }] }) }), check: fails('pack', /\$\.checks\[0\] is a check on one run's checkpoints, and a sweep keeps none/) },
    { name: 'a checkpoints check without its metric', run: packCase({ 'ex/exercise.json': exercise({ checks: [{ kind: 'checkpoints', every: 10 }] }) }), check: fails('pack', /\$\.checks\[0\]\.best must be one of "devLoss", "devAccuracy", "trainLoss", "trainAccuracy", "testLoss", "testAccuracy", got nothing/) },
    {
      name: 'a checkpoints check on a run whose experiment saves none: the check names the field',
      run: async () => {
        const check = await checkExercise(loadExercise(path.join(miniPack({ 'ex/exercise.json': exercise({ checks: [{ kind: 'checkpoints', every: 10, best: 'trainLoss' }] }) }), 'ex')), learnerFile(QWERTY_LEARNER), { backend: 'auto', trainerPath: path.join(REPO, 'dist', 'trainer.js') });
        return { result: check.run };
      },
      check: (o) => {
        assert.ok(o.result, JSON.stringify(o.error));
        assert.equal(o.result.checks[0].passed, false);
        assert.equal(o.result.checks[0].message, "The run saved no checkpoints: its experiment has no checkpoint setting. Add checkpoint: { every: 10, best: 'trainLoss' }.");
      },
    },
    { name: 'an answer check with "within" on a text answer', run: packCase({ 'ex/exercise.json': exercise({ checks: [{ kind: 'answer', key: 'wide', equals: 'many', within: 1 }] }) }), check: fails('pack', /\$\.checks\[0\]\.within applies to a number answer only/) },
    {
      name: 'answers computed by an expression: the answer check fails, asking for plain numbers',
      run: () => inProcess(learnerFile(`${QWERTY_LEARNER}\nexport const answers = { wide: 2 * 4 + 4 };\n`), path.join(miniPack({ 'ex/exercise.json': exercise({ checks: [{ kind: 'answer', key: 'wide', equals: 12 }] }) }), 'ex')),
      check: (o) => {
        assert.ok(o.result, JSON.stringify(o.error));
        assert.equal(o.result.checks[0].passed, false);
        assert.match(o.result.checks[0].message, /The file's `answers` export is not plain data .*write the numbers themselves/);
      },
    },
    { name: 'a missing data file', run: csvCase({ file: 'data/absent.csv' }), check: fails('data', /The data file "data\/absent\.csv" does not exist in the pack/) },
    { name: 'CSV with a non-numeric cell: file, row, column', run: csvCase({}, { 'data/table.csv': 'a,b,label\n1,2,0\n3,four,1\n' }), check: fails('data', /data\/table\.csv, row 3, column 2 \("b"\): "four" is not a number/) },
    { name: 'a data file broken between two runs of one process: the second run reads it again and says so', run: csvCase({ zscore: { except: ['label'] } }, {}, { 'data/table.csv': 'a,b,label\n1,2,0\n3,four,1\n' }), check: fails('data', /data\/table\.csv, row 3, column 2 \("b"\): "four" is not a number/) },
    { name: 'a binary loss on a 0/1 column the default z-score scaled: the labels it lost, and how to keep it out', run: csvCase({}), check: fails('data', /^The loss binaryCrossEntropy takes labels 0 and 1, but the target "label" also holds -1: it was scaled \(zscore\) with the features\. Keep it out with normalize: \{ method: 'zscore', except: \['label'\] \}/) },
    { name: 'a binary loss on a target of other values: named, without a scaling fix when none applies', run: csvCase({ zscore: 'none' }, { 'data/table.csv': 'a,b,label\n1,2,0\n3,4,2\n5,6,0\n7,8,1\n' }), check: fails('data', /^The loss binaryCrossEntropy takes labels 0 and 1, but the target "label" also holds 2\.$/) },
    { name: 'CSV with a ragged row', run: csvCase({}, { 'data/table.csv': 'a,b,label\n1,2,0\n3,4\n' }), check: fails('data', /data\/table\.csv, row 3: 2 cells where the header has 3 columns/) },
    { name: 'an empty data set', run: csvCase({}, { 'data/table.csv': 'a,b,label\n' }), check: fails('data', /has a header but no data rows: the data set is empty/) },
    { name: 'filters that leave no rows', run: csvCase({ filters: [{ column: 'a', below: 0 }] }), check: fails('data', /No rows of data\/table\.csv are left after the filters/) },
    { name: 'a target column that does not exist: lists the columns', run: csvCase({ target: 'quality' }), check: fails('data', /The target column "quality" does not exist in data\/table\.csv\. Its columns are: "a", "b", "label"/) },
    { name: 'a data path escaping the pack', run: csvCase({ file: '../../../etc/passwd' }), check: fails('data', /points outside the pack folder/) },
    { name: 'an absolute data path', run: csvCase({ file: '/etc/passwd' }), check: fails('data', /is an absolute path; paths in a pack are relative to the pack folder/) },
    { name: 'normalize and zscore together: one of them, never both', run: csvCase({ zscore: 'none', normalize: 'minmax' }), check: fails('settings', /data\.normalize and zscore say the same thing twice: keep normalize/) },
    { name: 'an unknown normalize method: the allowed ones', run: csvCase({ normalize: 'robust' }), check: fails('settings', /normalize must be one of "zscore", "minmax", "none", got "robust"/) },
    { name: 'normalize.except naming a column that does not exist', run: csvCase({ normalize: { method: 'zscore', except: ['lable'] } }), check: fails('data', /The normalize\.except column "lable" does not exist in data\/table\.csv/) },
    { name: 'a squared feature of a column that does not exist', run: csvCase({ features: ['a', 'c^2'] }), check: fails('data', /The feature column "c\^2" does not exist in data\/table\.csv\. Its columns are: "a", "b", "label"/) },
    { name: 'rings with three radii', run: learner(QWERTY_LEARNER.replace(/data: \{[^}]*\}/, "data: { kind: 'rings', radii: [1, 2, 3] }")), check: fails('settings', /experiment\.data\.radii must be \[inner, outer\], got 3 values/) },
    { name: 'a sweep varying a data field the recipe does not have (data.slope on clusters)', run: () => inProcess(learnerFile(QWERTY_LEARNER), exerciseDir('many-qwerties'), { dataFields: { slope: 2 } }), check: fails('settings', /varies data\.slope, but the experiment's data recipe \(kind 'clusters'\) has no field "slope"; its fields are: centers, perCluster, blur/) },
    { name: 'a sweep in exercise.json varying a data field no recipe has', run: packCase({ 'ex/exercise.json': exercise({ sweep: { vary: { 'data.slop': [1, 2] } } }) }), check: fails('pack', /vary\.data\.slop names "slop", which no data recipe has/) },
    { name: 'a random search with samples below 1', run: sweepCase("{ vary: { learningRate: { from: 0.001, to: 0.1, scale: 'log' } }, search: 'random', samples: 0 }"), check: fails('settings', /sweep\.samples must be at least 1, got 0/) },
    { name: 'a random search over a log range starting at 0', run: sweepCase("{ vary: { learningRate: { from: 0, to: 0.1, scale: 'log' } }, search: 'random', samples: 5 }"), check: fails('settings', /sweep\.vary\.learningRate a log range needs "from" and "to" above 0/) },
    { name: 'a random search without samples', run: sweepCase("{ vary: { learningRate: { from: 0.001, to: 0.1 } }, search: 'random' }"), check: fails('settings', /sweep\.samples is needed for search: 'random': how many settings to draw/) },
    { name: 'a random search without ranges (nothing to vary)', run: sweepCase("{ vary: {}, search: 'random', samples: 5 }"), check: fails('settings', /sweep\.vary must name one setting \(a line\) or two \(a grid\), got 0 \(search: 'random' takes up to 6\)/) },
    { name: 'a random search over a counted range', run: sweepCase("{ vary: { learningRate: { from: 0.001, to: 0.1, count: 5 } }, search: 'random', samples: 5 }"), check: fails('settings', /is a range with "count", but search: 'random' draws from the interval/) },
    { name: 'a grid over an interval without count or step', run: sweepCase('{ vary: { learningRate: { from: 0.001, to: 0.1 } } }'), check: fails('settings', /sweep\.vary\.learningRate needs either "count" \(evenly spaced values\) or "step" for a grid, or search: 'random'/) },
    { name: 'a sweepSearch check with samples on a grid', run: packCase({ 'ex/exercise.json': exercise({ sweepChecks: [{ kind: 'sweepSearch', search: 'grid', samples: 9 }] }) }), check: fails('pack', /sweepChecks\[0\]\.samples applies to search: 'random' only/) },
    { name: 'a sweepSearch check naming an unknown search', run: packCase({ 'ex/exercise.json': exercise({ sweepChecks: [{ kind: 'sweepSearch', search: 'bayesian' }] }) }), check: fails('pack', /sweepChecks\[0\]\.search must be one of "grid", "random", got "bayesian"/) },
    { name: 'sweepValidation.samples below 1', run: packCase({ 'ex/exercise.json': exercise({ sweepValidation: { samples: 0 } }) }), check: fails('pack', /sweepValidation\.samples must be at least 1, got 0/) },
    { name: 'a line without its slope', run: learner(QWERTY_LEARNER.replace(/data: \{[^}]*\}/, "data: { kind: 'line', n: 50 }")), check: fails('settings', /experiment\.data\.slope must be a number, got nothing/) },
  ],
  'process and environment': [
    { name: 'an infinite loop hits the wall-clock limit; the caller goes on', run: () => inChild(INFINITE, { memoryMb: 256, timeoutSeconds: 1 }), check: fails('timeout', /exceeded its time limit of 1 s .*endless loop/) },
    { name: 'a memory bomb hits the memory cap', run: () => inChild(QWERTY_LEARNER.replace('export function createModel() {', 'export function createModel() { const hoard: number[][] = []; for (;;) hoard.push(new Array(1e6).fill(1));'), { memoryMb: 128, timeoutSeconds: 60 }), check: fails('crash', /ran out of memory \(limit 128 MB\)/) },
    { name: 'process.exit in learner code', run: () => inChild(QWERTY_LEARNER.replace('export function createModel() {', 'export function createModel() { process.exit(3);')), check: fails('crash', /exited with code 3 .*process\.exit\(\)/) },
    { name: 'a native abort (process.abort)', run: () => inChild(QWERTY_LEARNER.replace('export function createModel() {', 'export function createModel() { process.abort();')), check: fails('crash', /crashed \(SIGABRT\).*native library aborted/) },
    ...(process.platform === 'linux' ? [
      { name: 'an ArrayBuffer bomb (every page touched) hits the whole-process cap within 5 s', run: () => measured(hooked('const hoard: Uint8Array[] = []; for (;;) hoard.push(new Uint8Array(64 * 2 ** 20).fill(1))'), 300), check: outOfMemory(300) },
      { name: 'a WebAssembly.Memory bomb hits the whole-process cap within 5 s', run: () => measured(hooked('const hoard: WebAssembly.Memory[] = []; for (;;) { const m = new WebAssembly.Memory({ initial: 1024 }); new Uint8Array(m.buffer).fill(1); hoard.push(m); }'), 300), check: outOfMemory(300) },
    ] : []),
    {
      name: 'a corrupt code cache: V8 refuses it, and the trainer compiles its bundle as without one',
      run: async () => {
        const dir = tempDir();
        for (const file of ['trainer.js', CODE_CACHE_PRELOAD]) fs.copyFileSync(path.join(REPO, 'dist', file), path.join(dir, file));
        const cache = codeCacheFile(path.join(dir, 'trainer.js'), 256)!;
        fs.mkdirSync(path.dirname(cache), { recursive: true });
        fs.writeFileSync(cache, Buffer.alloc(4096, 7));
        const outcome = await startTrainer({ exerciseDir: exerciseDir('many-qwerties'), learnerFile: learnerFile(QWERTY_LEARNER), backend: 'fused' }, { memoryMb: 256, timeoutSeconds: 30 }, () => undefined, path.join(dir, 'trainer.js')).outcome;
        return outcome.type === 'failed' ? { error: outcome.error } : { result: outcome.result };
      },
      check: (outcome) => assert.equal(outcome.result?.status, 'completed', JSON.stringify(outcome.error)),
    },
    {
      name: 'the trainer bundle is missing',
      run: async () => {
        const outcome = await startTrainer({ exerciseDir: exerciseDir('many-qwerties'), learnerFile: 'x.ts', backend: 'auto' }, { memoryMb: 128, timeoutSeconds: 5 }, () => undefined, '/nonexistent/trainer.js').outcome;
        return outcome.type === 'failed' ? { error: outcome.error } : {};
      },
      check: fails('environment', /trainer bundle \/nonexistent\/trainer\.js is missing\. Run `npm run build`/),
    },
  ],
  // Learner code that lies about its results: only the host's verifier decides (src/engine/verify.ts).
  'forged results': [
    { name: 'rewriting the finished message (process.send) to claim 100 % and every check', run: () => inChild(tampered(FORGE_FINISHED)), check: caughtForging },
    {
      name: 'a sweep whose learner file rewrites the finished message (process.send): every run is a mismatch, the sweep fails',
      run: async () => {
        const file = learnerFile(`${tampered(FORGE_FINISHED)}\nexport const sweep = { vary: { learningRate: [0.0001, 0.0002] } };\n`);
        const sweep = spawnSync(process.execPath, [path.join(REPO, 'bin', 'dlx.js'), 'sweep', exerciseDir('many-qwerties'), '--file', file, '--json', '--workers', '1', '--no-save'], { encoding: 'utf8', timeout: 60_000 });
        return { error: JSON.parse(sweep.stdout.split('\n')[0]).error };
      },
      check: fails('runtime', /^Every run of the sweep failed\. The first: The reported results do not match the trained model: train (loss|accuracy) reported .*, so this run counts as failed\.$/),
    },
    {
      name: 'patching globals the engine uses (Math.log, Math.exp, Array.prototype.reduce, Float32Array.prototype.fill) to skew the metrics',
      run: () => inChild(tampered('Math.log = () => 0; Math.exp = () => 1; const reduce = Array.prototype.reduce; Array.prototype.reduce = function (this: unknown[], ...args: any[]) { return (reduce as any).apply(this, args); }; Float32Array.prototype.fill = function () { return this; };')),
      check: (outcome) => {
        assert.ok(outcome.result, JSON.stringify(outcome.error));
        assert.equal(outcome.result.passed, false);
        assert.equal(outcome.result.verification.state, 'mismatch', outcome.result.verification.reason);
        assert.match(outcome.result.verification.reason, /train loss reported 0\.000, the model gives 1\.099/);
      },
    },
    {
      name: 'printing fake JSON results on stdout and stderr: dlx run --json prints only the real one',
      run: async () => dlxRunJson(tampered(FAKE_OUTPUT)),
      check: (outcome) => {
        assert.equal(outcome.result!.passed, false);
        assert.equal(outcome.result!.verification.state, 'verified');
        assert.ok(outcome.result!.checks.length > 0);
      },
    },
    {
      name: 'a class model with an operation the tracer does not know (tf.sin): unverified, and why',
      run: () => inChild(withModel('export class Model {\n  dense = tf.layers.dense({ units: 3, inputShape: [2] });\n  forward(x: tf.Tensor) { return tf.sin(this.dense.apply(x) as tf.Tensor); }\n}')),
      check: (outcome) => {
        assert.ok(outcome.result, JSON.stringify(outcome.error));
        assert.equal(outcome.result.verification.state, 'unverified');
        assert.match(outcome.result.verification.reason, /^the verifier rebuilds dense chains only, and forward\(x\) does more than a dense stack after layer 1/);
      },
    },
  ],
  // Distributing and authoring packs (src/host/packArchive.ts, packInstall.ts, engine/scaffold.ts).
  distribution: [
    { name: 'a .dlxpack whose file does not match its manifest hash', run: async () => { const { manifest, contents } = fixtureContents('v1'); contents.set('alpha/starter.ts', Buffer.from('// altered\n')); return refusal(async () => installPack(parsePackSource(await writeArchive(manifest, contents)), { into: tempDir() })); }, check: fails('pack', /: "alpha\/starter\.ts" does not match its manifest \(sha256 .*\): the archive is damaged or was altered\.$/) },
    { name: 'a .dlxpack without a manifest', run: () => refusal(async () => readPackArchive(writeTemp(await rawZip([{ name: 'pack.json', data: Buffer.from('{}') }])))), check: fails('pack', /has no dlxpack\.json: it is not a \.dlxpack made by `dlx pack`/) },
    { name: 'an entry that escapes with ".."', run: () => refusal(async () => readPackArchive(writeTemp(patchBytes(await rawZip([{ name: 'xx/evil.txt', data: Buffer.from('x') }]), 'xx/evil.txt', '../evil.txt')))), check: fails('pack', /the entry "\.\.\/evil\.txt" climbs out with "\.\.", which would write outside the pack folder: refused/) },
    { name: 'an entry with an absolute path', run: () => refusal(async () => readPackArchive(writeTemp(patchBytes(await rawZip([{ name: 'xtmp/evil.txt', data: Buffer.from('x') }]), 'xtmp/evil.txt', '/tmp/evil.txt')))), check: fails('pack', /the entry "\/tmp\/evil\.txt" is an absolute path, which would write outside/) },
    { name: 'a symbolic link entry', run: () => refusal(async () => readPackArchive(writeTemp(await rawZip([{ name: 'link', data: Buffer.from('/etc/passwd'), mode: 0o120777 }])))), check: fails('pack', /the entry "link" is a symbolic link; a pack holds plain files only: refused/) },
    { name: 'a size bomb that declares 100 bytes and inflates to 3 MB (limit 1 MB)', run: async () => { const file = await lyingSizeArchive(3 * 1024 * 1024, 100); return refusal(() => readPackArchive(file, { ...DEFAULT_ARCHIVE_LIMITS, maxTotalBytes: 1024 * 1024 })); }, check: fails('pack', /inflates beyond 1048576 bytes \(at big\.bin, which declared 100\): refused as a zip bomb/) },
    { name: 'an entry-count bomb (5001 entries)', run: () => refusal(async () => readPackArchive(writeTemp(await rawZip(Array.from({ length: DEFAULT_ARCHIVE_LIMITS.maxEntries + 1 }, (_, i) => ({ name: `f${i}`, data: Buffer.alloc(0) })))))), check: fails('pack', /has 5001 entries; archives are limited to 5000: refused/) },
    { name: 'a pack that fails validation is not installed, and says why', run: async () => { const { manifest, contents } = fixtureContents('v1'); const broken = Buffer.from('{"id": "alpha"}'); contents.set('alpha/exercise.json', broken); manifest.files = manifest.files.map((f) => (f.path === 'alpha/exercise.json' ? { ...f, size: broken.length, sha256: sha256(broken) } : f)); const into = tempDir(); const outcome = await refusal(async () => installPack(parsePackSource(await writeArchive(manifest, contents)), { into })); assert.deepEqual(fs.readdirSync(into), []); return outcome; }, check: fails('pack', /^The pack was not installed: it does not validate\. alpha[/\\]exercise\.json: \$\.learnerFile must be a non-empty string, got nothing\./) },
    { name: 'a git URL that does not clone', run: () => refusal(() => installPack(parsePackSource('file:///no/such/repository.git'), { into: tempDir() })), check: fails('pack', /^git could not clone file:\/\/\/no\/such\/repository\.git: fatal: .*no\/such\/repository\.git/) },
    { name: 'a git URL without git installed', run: () => refusal(() => installPack(parsePackSource('https://example.org/p.git'), { into: tempDir(), git: 'dlx-no-such-git' })), check: fails('environment', /^Installing from a git URL needs git, and "dlx-no-such-git" was not found\. Install git/) },
    { name: 'two packs with the same name from different folders', run: async () => { const into = tempDir(); await installPack(parsePackSource(fixturePack('v1')), { into }); const copy = path.join(tempDir(), 'copy'); fs.cpSync(fixturePack('v2'), copy, { recursive: true }); return refusal(() => installPack(parsePackSource(copy), { into })); }, check: fails('pack', /^A pack named "fixture-pack" is already installed from the folder .*fixture-v1; this one comes from the folder .*copy\. Two packs with one name cannot be told apart/) },
    { name: 'a pack with the name of the bundled pack', run: () => refusal(() => installPack(parsePackSource(fixturePack('v1')), { into: tempDir(), otherPacks: [{ name: 'fixture-pack', dir: '/bundled/fixture-pack' }] })), check: fails('pack', /^A pack named "fixture-pack" is already here \(\/bundled\/fixture-pack\)/) },
    { name: 'a pack version that goes backwards', run: async () => { const into = tempDir(); await installPack(parsePackSource(await fixtureArchive('v2')), { into }); return refusal(async () => installPack(parsePackSource(await fixtureArchive('v1')), { into })); }, check: fails('pack', /^fixture-pack 2\.0\.0 is installed, and 1\.0\.0 is older: refused \(use --force to go back to it\)\.$/) },
    { name: 'scaffolding into a folder that is not empty', run: () => refusal(() => scaffoldPack(tempDir({ 'notes.md': 'mine' }))), check: fails('pack', /already exists and is not empty; scaffolding writes into a new or empty folder only/) },
    { name: 'a bad exercise id', run: () => refusal(() => scaffoldExercise(fixturePack('v1'), 'Bad Id')), check: fails('pack', /^"Bad Id" is not a usable exercise id: use lowercase letters, digits and single hyphens/) },
  ],
  // Under the sandbox (Node's permission model), with a trainer that compiles without a child process.
  sandbox: [
    { name: 'reading a file outside the pack and the learner folder', run: () => inSandbox(hooked("process.getBuiltinModule('fs').readFileSync('/etc/hostname', 'utf8')")), check: refused(/^Your code tried to read \/etc\/hostname, which/) },
    { name: 'writing a file', run: () => inSandbox(hooked(`process.getBuiltinModule('fs').writeFileSync(${JSON.stringify(WRITE_TARGET)}, 'x')`)), check: refused(/^Your code tried to write \/.*written-by-learner-code, which/, WRITE_TARGET) },
    { name: 'starting a program (getBuiltinModule child_process)', run: () => inSandbox(hooked(`process.getBuiltinModule('child_process').spawnSync('touch', [${JSON.stringify(SPAWN_TARGET)}])`)), check: refused(/^Your code tried to start a program \(a child process\)/, SPAWN_TARGET) },
    { name: 'starting a worker thread', run: () => inSandbox(hooked(`new (process.getBuiltinModule('worker_threads').Worker)(${JSON.stringify(`require('fs').writeFileSync(${JSON.stringify(WORKER_TARGET)}, 'x')`)}, { eval: true })`)), check: refused(/^Your code tried to start a worker thread/, WORKER_TARGET) },
  ],
  // dlx grade's and sharding's inputs (test/robustness/gradingCases.ts).
  grading: GRADING_CASES as unknown as Case[],
  // Function exercises (`"kind": "function"`): the learner's functions called in a trainer child, the verdict in the host.
  functions: [
    { name: 'a missing export', run: functionCase(SQUARE_SOLUTION.replace('export function df', 'function df')), check: fails('exports', /^sq\.ts does not export `df`: the exercise expects `df\(x: number\): number`\. It exports `f`, `descend`\.$/) },
    { name: 'a function that returns NaN', run: functionCase(SQUARE_SOLUTION.replace('return 2 * x;', 'return NaN;')), check: failsCheck(0, /^4 of 4 inputs are wrong; the first: df\(-?[\d.]+\) returned NaN: a value that is not a finite number\.$/) },
    { name: 'a function that throws on one input: the message names the input and the line', run: functionCase(SQUARE_SOLUTION.replace('return 2 * x;', "if (x > 1) throw new Error('too far');\n  return 2 * x;")), check: failsCheck(0, /^Your code failed while calling df\(1\.\d+\): too far \(line 2\)\.$/) },
    { name: 'a function that returns the wrong type', run: functionCase(SQUARE_SOLUTION.replace('return 2 * x;', 'return String(2 * x);')), check: failsCheck(0, /^4 of 4 inputs are wrong; the first: df\(-?[\d.]+\) returned a string \("-?[\d.]+"\), expected a number\.$/) },
    { name: 'a loop that never ends: the time limit names the call', run: functionCase(SQUARE_SOLUTION.replace('for (let i = 0; i < steps; i++) {', 'while (steps > 0) {').replace('path.push(x); }', '}')), check: fails('timeout', /^descend\(1, 0\.25, 3\) did not return within the time limit of 2 s, so the run was stopped\. An endless loop/) },
    // The time limit far off: on a loaded machine a 2 s limit can come before the memory is full.
    { name: 'a loop that fills memory: the memory limit names the call', run: functionCase(SQUARE_SOLUTION.replace('const path = [start];', 'const path: unknown[] = [start];\n  for (;;) path.push(new Float64Array(1e7).fill(1));'), { limits: { timeoutSeconds: 60, memoryMb: 256 } }), check: fails('crash', /^descend\(1, 0\.25, 3\) made the trainer run out of memory \(limit 256 MB\)/) },
    { name: 'a function check naming an export the exercise does not declare', run: packLoadOf(() => squarePack({ checks: [{ kind: 'compare', export: 'g', points: { seed: 1, count: 2 } }] })), check: fails('pack', /\$\.checks\[0\]\.export names "g", which is not in \$\.function\.exports \(f, df, descend\)/) },
    { name: 'model settings in a function exercise', run: packLoadOf(() => squarePack({ defaults: { epochs: 3 } })), check: fails('pack', /\$\.defaults is for model exercises/) },
    { name: 'a "descends" trajectory check without an objective to follow', run: packLoadOf(() => squarePack({ function: { exports: SQUARE_FUNCTION.exports, domain: [[-2, 2]] }, checks: [{ kind: 'trajectory', export: 'descend', args: [1, 0.1, 3], property: 'descends' }] })), check: fails('pack', /\$\.checks\[0\]\.property "descends" follows \$\.function\.objective, which this exercise does not declare/) },
    // The trains check: 7 weights (1-2-1), 2 steps of 8 rows per epoch; the rule is defined on line 9.
    { name: 'an update rule that returns the wrong shape while it trains a network', run: trainsCase('return [params.slice(1), state];'), check: failsCheck(2, /^step\(params, grads, state, hyper\) at epoch 1, step 1 of 2 returned params of 6 numbers; it must return \[params, state\] with params an array of 7 numbers \(the network's weights, layer by layer, as they came in\) \(line 9\)\.$/) },
    { name: 'an update rule that returns NaN while it trains a network', run: trainsCase('return [params.map((p, i) => (i === 3 ? NaN : p)), state];'), check: failsCheck(2, /^step\(params, grads, state, hyper\) at epoch 1, step 1 of 2 returned NaN at params\[3\] \(from params\[3\] = -?[\d.e-]+ and grads\[3\] = -?[\d.e-]+\); it must return \[params, state\]/) },
    { name: 'an update rule that throws while it trains: the message names the step and the line', run: trainsCase("if (state) throw new Error('no state yet');\n  return [params, state];"), check: failsCheck(2, /^Your code failed while calling step\(params, grads, state, hyper\) at epoch 1, step 1 of 2: no state yet \(line 10\)\.$/) },
    { name: 'an update rule that never returns: the time limit names the training', run: trainsCase('for (;;) { /* never returns */ }', 5), check: fails('timeout', /^Training a 1-2-1 network \(relu\) on line data \(16 rows\), 2 epochs in batches of 8 with step did not return within the time limit of 5 s, so the run was stopped\./) },
    { name: 'a trains check without a hyper-parameter its optimizer takes', run: packLoadOf(() => squarePack(trainsPatch({ ...TRAINS_CHECK, optimizer: 'adam' }))), check: fails('pack', /\$\.checks\[2\]\.hyper\.beta1 is required: tf\.train\.adam is built from learningRate, beta1, beta2, epsilon/) },
    { name: 'a trains check with a hyper-parameter its optimizer does not take', run: packLoadOf(() => squarePack(trainsPatch({ ...TRAINS_CHECK, hyper: { learningRate: 0.1, momentum: 0.9 } }))), check: fails('pack', /\$\.checks\[2\]\.hyper.*momentum/) },
    { name: 'a trains check on CSV data', run: packLoadOf(() => squarePack(trainsPatch({ ...TRAINS_CHECK, model: { ...TRAINS_CHECK.model, data: { kind: 'csv', file: 'data/x.csv', target: 'y' } } }))), check: fails('pack', /\$\.checks\[2\]\.model\.data\.kind must be "line" \(regression\) or "clusters" \/ "rings" \(qwerties\)/) },
    { name: 'dlx sweep of a function exercise without a function.sweep', run: dlxError('sweep', path.join(REPO, 'exercises', 'dudl-gradient-descent', 'sgd-by-hand'), '--solution'), check: fails('settings', /^sgd-by-hand is a function exercise without a sweep \(\$\.function\.sweep\): `dlx run .*sgd-by-hand` runs its descent and its checks\.$/) },
    { name: 'dlx sweep of a function exercise with a model sweep\'s flag (--predict)', run: dlxError('sweep', path.join(REPO, 'exercises', 'dudl-gradient-descent', 'gd-experiments'), '--solution', '--predict', 'rising'), check: fails('settings', /^--predict is for a model exercise's sweep; gd-experiments is a function exercise/) },
    { name: 'a 3-D domain', run: packLoadOf(() => squarePack({ function: { ...JSON.parse(JSON.stringify((SQUARE_FUNCTION))), domain: [[0, 1], [0, 1], [0, 1]] } })), check: fails('pack', /\$\.function\.domain must hold one interval \(1-D\) or two \(2-D\), got 3/) },
  ],
};

describe('robustness catalogue', () => {
  const total = Object.values(CASES).reduce((sum, cases) => sum + cases.length, 0);
  after(() => console.log(`\n  robustness catalogue: ${total} cases`));
  for (const [group, cases] of Object.entries(CASES)) {
    describe(group, () => {
      for (const testCase of cases) it(testCase.name, async () => testCase.check(await testCase.run()));
    });
  }
});
