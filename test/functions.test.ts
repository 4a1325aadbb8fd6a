// Function exercises: the values read in the host, the planned calls, the verdicts (hand-computed
// oracles), the trainer's side in process, and `dlx run` of the bundled pack.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import {
  checkPoints, evaluateFunctionRun, exportsProblem, firstDifference, planLearnerCalls, planReferenceCalls, planReferenceTrainings, resolveParameters, trainsVerdict, typeProblem,
  type CallOutcome, type CallReport, type FunctionCheckSpec,
} from '../src/engine/functions';
import { loadExercise } from '../src/engine/pack';
import { Validator } from '../src/engine/validate';
import { tf } from '../src/engine/tf';
import { createFunctionCore, toCallValue } from '../src/trainer/functionCore';
import { formatFunctionResult } from '../src/cli/functionRun';
import type { TrainerToHost } from '../src/trainer/protocol';
import { squarePack, SQUARE_SOLUTION } from './helpers/functionFixtures';
import { REPO, tempDir } from './helpers/fixtures';

const GD_PACK = path.join(REPO, 'exercises', 'dudl-gradient-descent');
const SANDBOX = { on: false, reason: 'test', memoryWatch: { on: false, reason: 'test' } };
const report = (results: Record<string, CallOutcome>, exports: Record<string, string> = { f: 'function', df: 'function', descend: 'function' }): CallReport => ({ exports, sandbox: SANDBOX, results });
const values = (entries: Record<string, unknown>) => Object.fromEntries(Object.entries(entries).map(([id, value]) => [id, { value: value as never }]));

describe('function exercises: values', () => {
  it('names NaN, the wrong type and a wrong path, and accepts what fits', () => {
    assert.equal(typeProblem({ nonFinite: 'NaN' }, 'number', 1), 'returned NaN: a value that is not a finite number');
    assert.equal(typeProblem([1, { nonFinite: 'Infinity' }], 'path', 1), 'returned Infinity at [1]: a value that is not a finite number');
    assert.equal(typeProblem('0.5', 'number', 1), 'returned a string ("0.5"), expected a number');
    assert.equal(typeProblem({ unsupported: 'undefined' }, 'number', 1), 'returned undefined, expected a number');
    assert.equal(typeProblem([[1, 2], [3]], 'path', 2), 'returned an array of 2 items, expected an array of points ([x, y] pairs), one per step');
    assert.equal(typeProblem([[1, 2], [3, 4]], 'path', 2), undefined);
    assert.equal(typeProblem(0.5, 'point', 1), undefined);
  });

  it('finds the first difference beyond the tolerance, absolute below 1 and relative above', () => {
    assert.equal(firstDifference(1.0000005, 1, 1e-6), undefined);
    assert.equal(firstDifference(1000.0009, 1000, 1e-6), undefined, '9e-4 is within 1e-6 of 1000, relatively');
    assert.equal(firstDifference(0.002, 0.001, 1e-6), '0.002 instead of 0.001');
    assert.equal(firstDifference([[1, 2], [3, 4.5]], [[1, 2], [3, 4]], 1e-6), '4.5 instead of 4 at [1][1]');
    assert.equal(firstDifference([1], [1, 2], 1e-6), '1 items instead of 2');
    assert.equal(firstDifference(true, false, 0), 'true instead of false');
  });
});

describe('function exercises: the planned calls', () => {
  const exercise = loadExercise(squarePack());
  const spec = exercise.function!;

  it('draws a check\'s points from its seed, inside its ranges, the same each time', () => {
    const check: Extract<FunctionCheckSpec, { kind: 'compare' }> = { kind: 'compare', export: 'df', points: { seed: 9, count: 50, ranges: [[-1, 1], [10, 20]], integers: [1] }, tolerance: 1e-6 };
    const points = checkPoints(check, spec.domain);
    assert.deepEqual(points, checkPoints(check, spec.domain));
    assert.equal(points.length, 50);
    for (const [x, n] of points as number[][]) {
      assert.ok(x >= -1 && x <= 1 && Number(x.toFixed(4)) === x, String(x));
      assert.ok(Number.isInteger(n) && n >= 10 && n <= 20, String(n));
    }
  });

  it('takes the descent parameters from the exercise, then the file\'s experiment, then --set', () => {
    const v = new Validator('sq.ts', 'settings');
    assert.deepEqual(resolveParameters(spec, SQUARE_SOLUTION, {}, v, 'sq.ts'), { start: 1, learningRate: 0.25, steps: 3 });
    const file = `export const experiment = { start: -2, steps: 10 };\n${SQUARE_SOLUTION}`;
    assert.deepEqual(resolveParameters(spec, file, {}, v, 'sq.ts'), { start: -2, learningRate: 0.25, steps: 10 });
    assert.deepEqual(resolveParameters(spec, file, { learningRate: 0.1 }, v, 'sq.ts'), { start: -2, learningRate: 0.1, steps: 10 });
    assert.throws(() => resolveParameters(spec, file, { epochs: 3 }, v, 'sq.ts'), /--set\.epochs is not a known field; allowed: start, learningRate, steps/);
  });

  it('asks the reference for the objective at every point of each path the learner returned', () => {
    const plan = planLearnerCalls(spec, exercise.functionChecks, { start: 1, learningRate: 0.25, steps: 3 });
    assert.deepEqual(plan.learnerCalls.map((call) => call.id), ['check0.0', 'check0.1', 'check0.2', 'check0.3', 'check1', 'descent']);
    const calls = planReferenceCalls(spec, exercise.functionChecks, plan, report(values({ check1: [1, 0.5], descent: [1, 0.5, 0.25, 0.125] })));
    const pathCalls = calls.filter((call) => call.id.includes('@'));
    assert.deepEqual(pathCalls.map((call) => [call.id, call.export, call.args]), [
      ['check1@0', 'f', [1]], ['check1@1', 'f', [0.5]],
      ['descent@0', 'f', [1]], ['descent@1', 'f', [0.5]], ['descent@2', 'f', [0.25]], ['descent@3', 'f', [0.125]],
    ]);
    assert.equal(calls.filter((call) => call.id.startsWith('curve.f.')).length, 201);
    assert.equal(calls.filter((call) => call.id.startsWith('curve.df.')).length, 201);
  });
});

describe('function exercises: verdicts', () => {
  const exercise = loadExercise(squarePack());
  const spec = exercise.function!;
  const parameters = { start: 1, learningRate: 0.25, steps: 3 };
  /** The square exercise's run on hand-written learner values; the reference is f(x) = x², f'(x) = 2x. */
  function verdict(checks: FunctionCheckSpec[], learner: Record<string, unknown>) {
    const plan = planLearnerCalls(spec, checks, parameters);
    const learnerReport = report(values(learner));
    const reference: Record<string, unknown> = {};
    for (const call of planReferenceCalls(spec, checks, plan, learnerReport)) {
      const x = Number(call.args![0]);
      reference[call.id] = call.export === 'df' ? 2 * x : x * x;
    }
    return evaluateFunctionRun({ exercise: 'sq', spec, checks, plan, learner: learnerReport, reference: report(values(reference)), sandbox: SANDBOX, wallMs: 0 });
  }

  it('compare: names the input, what came back and the reference\'s value', () => {
    const checks: FunctionCheckSpec[] = [{ kind: 'compare', export: 'df', points: { args: [[0.5], [1.5]] }, tolerance: 1e-6 }];
    assert.equal(verdict(checks, { 'check0.0': 1, 'check0.1': 3, descent: [1] }).checks[0].message, 'df agrees with the reference on all 2 inputs (tolerance 0.000001).');
    assert.equal(verdict(checks, { 'check0.0': 1, 'check0.1': 2.25, descent: [1] }).checks[0].message, 'df(1.5) returned 2.25 instead of 3 (the reference\'s value; tolerance 0.000001).');
  });

  it('descent: where the path ended, how far from the target, in how many steps', () => {
    const checks: FunctionCheckSpec[] = [{ kind: 'descent', export: 'descend', endsNear: 0, within: 0.2, maxSteps: 2 }];
    // 1 -> 0.5 -> 0.25 -> 0.125: 3 steps (the descent with learning rate 0.25 halves x), 0.125 from 0.
    const run = verdict(checks, { check0: [1, 0.5, 0.25, 0.125], descent: [1, 0.5, 0.25, 0.125] });
    assert.equal(run.checks[0].message, 'descend(1, 0.25, 3) ended at x = 0.125 after 3 steps: near x = 0, but in more than 2 steps.');
    assert.equal(verdict([{ ...checks[0], within: 0.1 } as FunctionCheckSpec], { check0: [1, 0.5, 0.25, 0.125], descent: [1] }).checks[0].message,
      'descend(1, 0.25, 3) ended at x = 0.125 after 3 steps, 0.125 from x = 0 (it must end within 0.1).');
    assert.deepEqual(run.descent, { export: 'descend', args: [1, 0.25, 3], points: [[1], [0.5], [0.25], [0.125]], values: [1, 0.25, 0.0625, 0.015625] });
  });

  it('trajectory: the step at which the objective rose, a step grew, or the path left its start', () => {
    const check = (property: string) => [{ kind: 'trajectory', export: 'descend', property, tolerance: 1e-9 }] as FunctionCheckSpec[];
    // f = x²: 1 -> 0.25 -> 0.36 rises at step 2.
    assert.equal(verdict(check('descends'), { check0: [1, 0.5, -0.6], descent: [1] }).checks[0].message, 'f rose at step 2 of descend(1, 0.25, 3): from 0.25 at x = 0.5 to 0.36 at x = -0.6.');
    // Steps 0.5, then 1.1: the second is longer.
    assert.equal(verdict(check('stepShrinks'), { check0: [1, 0.5, -0.6], descent: [1] }).checks[0].message, 'Step 2 of descend(1, 0.25, 3) (1.1 long) is longer than step 1 (0.5).');
    assert.equal(verdict(check('staysPut'), { check0: [1, 1, 1.5], descent: [1] }).checks[0].message, 'descend(1, 0.25, 3) moved from x = 1 to x = 1.5 at step 2.');
    assert.equal(verdict(check('staysPut'), { check0: [1], descent: [1] }).checks[0].message, 'descend(1, 0.25, 3) returned a path of 1 point: it took no step, so there is no trajectory to judge.');
  });

  it('trains: every epoch within the tolerance of tfjs\'s loss, the first epoch apart named, and the loss must fall', () => {
    const check: Extract<FunctionCheckSpec, { kind: 'trains' }> = { kind: 'trains', export: 'descend', optimizer: 'sgd', hyper: { learningRate: 0.1 }, tolerance: 0.01,
      model: { data: { kind: 'line', slope: 2, noise: 0.5, n: 8 }, hidden: [2], activation: 'relu', epochs: 2, batchSize: 4, seed: 1 } };
    // Epoch 1: |1 - 1.005| = 0.005 <= 0.01 * 1.005; epoch 2: |0.5 - 0.52| = 0.02 > 0.0052, 0.02 / 0.52 = 3.84615 %.
    assert.equal(trainsVerdict(check, [2, 1, 0.5], [2, 1.005, 0.52]).message,
      "At epoch 2 your optimizer's loss is 0.5 and tf.train.sgd's 0.52: 3.84615 % apart (tolerance 1 %). Over the 2 epochs your optimizer's loss went 2 → 0.5, tf.train.sgd's 2 → 0.52.");
    assert.deepEqual(trainsVerdict(check, [2, 1, 0.5], [2, 1.005, 0.501]), { passed: true,
      message: "Trained a 1-2-1 network (relu) on line data (8 rows), 2 epochs in batches of 4: your optimizer's loss went 2 → 0.5, tf.train.sgd's 2 → 0.501; every epoch within 1 % of tf.train.sgd." });
    assert.equal(trainsVerdict(check, [2, 2, 2], [2, 2, 2]).message, "The loss did not fall: your optimizer's loss went 2 → 2, tf.train.sgd's 2 → 2.");
    // Both curves come back as data: the learner's from its child, tfjs's from the reference's; an error there names the step.
    const checks: FunctionCheckSpec[] = [check];
    const plan = planLearnerCalls(spec, checks, parameters);
    assert.deepEqual(plan.learnerCalls.find((call) => call.id === 'check0'), { id: 'check0', export: 'descend', train: { model: check.model, hyper: check.hyper } });
    assert.deepEqual(planReferenceTrainings(checks), [{ id: 'check0', export: 'descend', train: { model: check.model, hyper: check.hyper, optimizer: 'sgd' } }]);
    const failed = evaluateFunctionRun({ exercise: 'sq', spec, checks, plan, sandbox: SANDBOX, wallMs: 0,
      learner: report({ check0: { error: { kind: 'runtime', message: 'descend(params, grads, state, hyper) at epoch 1, step 2 of 2 returned NaN at params[3]' }, partial: [2] }, descent: { value: [1] } }),
      reference: report(values({ check0: [2, 1, 0.5], 'descent@0': 1 })) });
    assert.equal(failed.checks[0].message, 'descend(params, grads, state, hyper) at epoch 1, step 2 of 2 returned NaN at params[3].');
    assert.deepEqual(failed.trainings, [{ check: 'descend trains a network as tf.train.sgd does', export: 'descend', optimizer: 'tf.train.sgd', model: 'a 1-2-1 network (relu) on line data (8 rows), 2 epochs in batches of 4',
      reference: [2, 1, 0.5], learner: [2], error: failed.checks[0].message }], 'the losses before it stopped are drawn');
  });

  it('names the missing export with its signature, and an export that is not a function', () => {
    assert.equal(exportsProblem(spec, { f: 'function', descend: 'function' }, 'sq.ts'), 'sq.ts does not export `df`: the exercise expects `df(x: number): number`. It exports `f`, `descend`.');
    assert.equal(exportsProblem(spec, { f: 'function', df: 'number', descend: 'function' }, 'sq.ts'), 'sq.ts: `df` is number, not a function (expected `df(x: number): number`).');
    assert.equal(exportsProblem(spec, { f: 'function', df: 'function', descend: 'function' }, 'sq.ts'), undefined);
  });
});

describe('function exercises: the trainer side', () => {
  it('sends plain data: tensors as arrays, non-finite numbers tagged, what is not data named', () => {
    assert.deepEqual(toCallValue(tf.tensor2d([[1, 2], [3, 4]])), [[1, 2], [3, 4]]);
    assert.deepEqual(toCallValue(new Float32Array([0.5, 1.5])), [0.5, 1.5]);
    assert.deepEqual(toCallValue([NaN, -Infinity]), [{ nonFinite: 'NaN' }, { nonFinite: '-Infinity' }]);
    assert.deepEqual(toCallValue({ m: [1], t: 2 }), { object: { m: [1], t: 2 } });
    assert.deepEqual(toCallValue(undefined), { unsupported: 'undefined' });
    assert.deepEqual(toCallValue(() => 1), { unsupported: 'a function' });
    assert.deepEqual(toCallValue(new Map()), { unsupported: 'a Map' });
  });

  it('announces each call before making it, and maps a throw to the learner\'s line', async () => {
    const file = path.join(tempDir({ 'sq.ts': SQUARE_SOLUTION.replace('return 2 * x;', "if (x < 0) throw new RangeError('negative');\n  return 2 * x;") }), 'sq.ts');
    const sent: TrainerToHost[] = [];
    await createFunctionCore({ send: (message) => sent.push(message) }).handle({ type: 'call', request: { exerciseDir: squarePack(), learnerFile: file, calls: [{ id: 'a', export: 'df', args: [1] }, { id: 'b', export: 'df', args: [-1] }, { id: 'c', export: 'nothing', args: [] }] } });
    assert.deepEqual(sent.slice(0, 2), [{ type: 'calling', id: 'a' }, { type: 'calling', id: 'b' }]);
    const called = sent[2] as Extract<TrainerToHost, { type: 'called' }>;
    assert.equal(called.type, 'called');
    assert.deepEqual(called.report.exports, { f: 'function', df: 'function', descend: 'function' });
    assert.deepEqual(called.report.results.a, { value: 2 });
    const error = (called.report.results.b as { error: { message: string; location?: { line: number } } }).error;
    assert.equal(error.message, 'Your code failed while calling df(-1): RangeError: negative');
    assert.equal(error.location?.line, 2);
    assert.equal(called.report.results.c, undefined, 'a missing export is the host\'s to report');
  });
});

describe('dlx run of a function exercise', () => {
  const dlx = (...args: string[]) => spawnSync(process.execPath, [path.join(REPO, 'bin', 'dlx.js'), ...args], { encoding: 'utf8', timeout: 60_000 });

  it('unfortunate-start --solution: the minimum found, and the x = 0 start staying put with the derivative there', () => {
    const run = dlx('run', path.join(GD_PACK, 'unfortunate-start'), '--solution');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^descend\(0\.3, 0\.01, 200\): 200 steps from 0\.3 to 0\.475802, value -0\.762077$/m);
    assert.match(run.stdout, /PASS the derivative at x = 0 is exactly 0: df\(0\) is 0\.$/m);
    assert.match(run.stdout, /PASS from x = 0: the descent stays put: descend\(0, 0\.01, 100\) stayed at its start x = 0 for all 100 steps\.$/m);
    assert.match(run.stdout, /^All 6 checks passed\.$/m);
    // The sweep over 21 starts: x = 0 stays put (f(0) = cos 0 + 0 = 1), x = 0.2 finds the global minimum.
    assert.match(run.stdout, /^sweep over start:$/m);
    assert.match(run.stdout, /^ +0  0 \(1\)$/m);
    assert.match(run.stdout, /^ +0\.2  0\.475802 \(-0\.762077\)$/m);
  });

  it('gd-experiments: the sweep of learning rate x steps, the final value of f for each cell', () => {
    const run = dlx('run', path.join(GD_PACK, 'gd-experiments'), '--solution', '--json');
    assert.equal(run.status, 0, run.stderr);
    const { sweep } = JSON.parse(run.stdout);
    assert.deepEqual(sweep.axes.map((axis: { name: string; values: number[] }) => [axis.name, axis.values.length]), [['learningRate', 5], ['steps', 4]]);
    // learning rate 0.001, 10 steps from 0: x_k+1 = x_k - 0.001 * df(x_k) with df(0) = 1, so x ends near -0.01 and f(x) = sin(x)e^(-0.05x²) near -0.01.
    assert.ok(Math.abs(sweep.points[0].value - -0.0099996) < 1e-6, String(sweep.points[0].value));
  });

  it('--json and --set: the starter fails, and the run starts where --set says', () => {
    const run = dlx('run', path.join(GD_PACK, 'gd-1d'), '--starter', '--set', 'start=1', '--json');
    assert.equal(run.status, 1, run.stderr);
    const result = JSON.parse(run.stdout);
    assert.equal(result.kind, 'function');
    assert.deepEqual(result.parameters, { start: 1, learningRate: 0.01, steps: 100 });
    assert.deepEqual(result.descent.points, [[1]]);
    assert.equal(result.verification.state, 'verified');
    assert.equal(result.curve.xs.length, 201);
    assert.deepEqual(result.checks.map((check: { passed: boolean }) => check.passed), [true, false, true, false, false]);
  });

  it('sgd-by-hand --json: both loss curves of the trains check, one loss per epoch, the same start', () => {
    const run = dlx('run', path.join(GD_PACK, 'sgd-by-hand'), '--solution', '--json');
    assert.equal(run.status, 0, run.stderr);
    const [training] = JSON.parse(run.stdout).trainings;
    assert.equal(training.optimizer, 'tf.train.sgd');
    assert.equal(training.model, 'a 1-8-1 network (relu) on line data (64 rows), 20 epochs in batches of 16');
    assert.equal(training.learner.length, 21);
    assert.equal(training.learner[0], training.reference[0]);
    // Seed 1, as the exercise's README gives it: tfjs from 2.32676 to 0.267581.
    assert.ok(Math.abs(training.reference[20] - 0.267581) < 1e-6, String(training.reference[20]));
    training.learner.forEach((loss: number, epoch: number) => assert.ok(Math.abs(loss - training.reference[epoch]) <= 1e-6 * training.reference[epoch], `epoch ${epoch}`));
  });
});

describe('dlx run of a function exercise: the text of a trains check', () => {
  it('prints both curves, the first and last epochs of each, and both final losses', () => {
    const losses = (scale: number) => Array.from({ length: 11 }, (_, epoch) => Number((scale / (epoch + 1)).toFixed(4)));
    const text = formatFunctionResult({
      exercise: 'sgd-by-hand', kind: 'function', sandbox: SANDBOX, checks: [], passed: true, verification: { state: 'verified', reason: 'test' }, wallMs: 1,
      trainings: [{ check: 'c', export: 'sgdStep', optimizer: 'tf.train.sgd', model: 'a 1-8-1 network (relu) on line data (64 rows), 10 epochs in batches of 16', learner: losses(2), reference: losses(2.002) }],
    });
    assert.match(text, /^training a 1-8-1 network \(relu\) on line data \(64 rows\), 10 epochs in batches of 16:$/m);
    assert.match(text, /^  epoch  your optimizer  tf\.train\.sgd$/m);
    assert.match(text, /^      0               2         2\.002$/m);
    assert.match(text, /^    \.\.\.$/m);
    assert.match(text, /^     10          0\.1818         0\.182$/m);
    assert.match(text, /^  final loss: your optimizer 0\.1818, tf\.train\.sgd 0\.182$/m);
  });
});
