// `dlx sweep` as a learner or a script meets it: exit codes, --json, the committed prediction,
// the saved record; and `dlx validate` on sweep exercises.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exerciseDir, learnerFile, miniPack, REPO, tempDir } from './helpers/fixtures';

const CLI = path.join(REPO, 'bin', 'dlx.js');
const dlx = (args: string[], cwd = REPO) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000, cwd });
const json = (stdout: string) => {
  const lines = stdout.trim().split('\n');
  assert.equal(lines.length, 1, `exactly one line of JSON, got:\n${stdout}`);
  return JSON.parse(lines[0]);
};

const SWEEP_LEARNER = (sweep: string) => `
import * as tf from '@tensorflow/tfjs';
export const experiment = {
  data: { kind: 'clusters', centers: [[1, 3], [1, -2]], perCluster: 100, blur: 1 },
  loss: 'binaryCrossEntropy', optimizer: 'sgd', learningRate: 0.05, batchSize: 'full', epochs: 30, seed: 4,
};
export const sweep = ${sweep};
export function createModel({ units = 4 }: { units?: number } = {}) {
  return tf.sequential({ layers: [
    tf.layers.dense({ units, inputShape: [2], activation: 'relu' }),
    tf.layers.dense({ units: 1, activation: 'sigmoid' }),
  ] });
}
`;

describe('dlx sweep', () => {
  it('a dev outcome: read from each run\'s dev set; without one the sweep fails with the reason', () => {
    const withDev = SWEEP_LEARNER("{ vary: { units: [2, 4] }, outcome: 'devAccuracy' }").replace('seed: 4,', 'seed: 4, devFraction: 0.2,');
    const out = json(dlx(['sweep', exerciseDir('seq-to-class'), '--file', learnerFile(withDev), '--json', '--workers', '1', '--no-save']).stdout);
    assert.deepEqual(out.runs.map((r: { status: string }) => r.status), ['completed', 'completed']);
    for (const r of out.runs) assert.equal(r.outcome, r.metrics.dev.accuracy);
    const without = dlx(['sweep', exerciseDir('seq-to-class'), '--file', learnerFile(SWEEP_LEARNER("{ vary: { units: [2] }, outcome: 'devAccuracy' }")), '--json', '--workers', '1', '--no-save']);
    assert.equal(without.status, 2);
    assert.deepEqual(JSON.parse(without.stdout.split('\n')[0]).error, { kind: 'settings', message: "The sweep's outcome devAccuracy reads the dev set, but this run has none: set devFraction above 0 in the experiment (e.g. devFraction: 0.1)." });
  });

  it('--json: one object with the documented fields; the prediction is committed and saved; exit 0 without sweep checks', () => {
    const cwd = tempDir();
    const file = learnerFile(SWEEP_LEARNER("{ vary: { units: [1, 4, 16], learningRate: [0.01, 0.1] }, repeats: 2, outcome: 'trainAccuracy', threshold: 0.9 }"));
    const run = dlx(['sweep', exerciseDir('seq-to-class'), '--file', file, '--json', '--workers', '2', '--predict', 'rising', '--note', 'wider learns'], cwd);
    assert.equal(run.status, 0, run.stderr);
    const out = json(run.stdout);
    for (const key of ['exercise', 'file', 'status', 'passed', 'seed', 'repeats', 'seeds', 'workers', 'quick', 'wallMs', 'outcome', 'threshold', 'spec', 'axes', 'runs', 'summary', 'prediction', 'predictionMatches', 'checks', 'verification', 'savedTo']) assert.ok(key in out, key);
    assert.deepEqual(out.verification, { state: 'verified', reason: 'all 12 runs verified' });
    assert.ok(out.runs.every((r: { verification: { state: string } }) => r.verification.state === 'verified'));
    assert.equal(out.exercise, 'seq-to-class');
    assert.equal(out.seed, 4, "the experiment's seed is the base seed");
    assert.deepEqual([out.status, out.passed, out.workers, out.repeats, out.quick], ['completed', true, 2, 2, false]);
    assert.equal(out.runs.length, 12);
    assert.deepEqual(Object.keys(out.runs[0]).sort(), ['backend', 'epochs', 'index', 'metrics', 'outcome', 'parameters', 'point', 'repeat', 'seed', 'settings', 'status', 'trainMs', 'values', 'verification', 'wallMs']);
    assert.deepEqual(out.runs.map((r: { seed: number }) => r.seed), [4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5]);
    assert.deepEqual(out.summary.grid.rowValues, [1, 4, 16]);
    assert.equal(out.summary.grid.mean.length, 3);
    assert.equal(out.summary.points.length, 6);
    assert.ok(['flat', 'rising', 'falling', 'inverted-U', 'bimodal'].includes(out.summary.shape.shape));
    assert.deepEqual([out.prediction.shape, out.prediction.note], ['rising', 'wider learns']);
    assert.equal(typeof out.predictionMatches, 'boolean');
    assert.deepEqual(out.checks, []);
    const saved = JSON.parse(fs.readFileSync(out.savedTo, 'utf8'));
    assert.ok(out.savedTo.startsWith(path.join(fs.realpathSync(cwd), '.dlx', 'sweeps')) || out.savedTo.startsWith(path.join(cwd, '.dlx', 'sweeps')));
    assert.equal(saved.status, 'completed');
    assert.equal(saved.prediction.shape, 'rising');
    assert.ok(saved.prediction.recordedAt <= saved.startedAt + 1000 && saved.runs[0].curve.epoch.length === 30, 'curves are in the record');
  });

  it('prints the table, the fraction above the threshold, the shape and the checks; exit 1 when a check fails', () => {
    const run = dlx(['sweep', exerciseDir('learning-rates'), '--starter', '--no-save']);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /^learning-rates: completed 2 runs \(learningRate: 2 values, 1 repeat, seeds 1\.\.2, one per run\)/);
    assert.match(run.stdout, /learningRate +mean +std +min +max +n\n0\.01 +\d+\.\d%/);
    assert.match(run.stdout, /shape along learningRate: /);
    assert.match(run.stdout, /FAIL 50 learning rates from 0\.001 to 0\.1: The sweep has 2 values of learningRate; this exercise asks for at least 50\./);
    assert.match(run.stdout, /checks failed\.\nRuns' results: verified \(all 2 runs verified\)\.\n$/);
    assert.match(run.stderr, /learning-rates: 2 runs \(learningRate x2, 1 repeat\) on 2 workers/);
  });

  it('exit 0 for a reference solution with the reduced sizes (--quick)', function () {
    this.timeout(120_000);
    const run = dlx(['sweep', exerciseDir('hidden-units'), '--solution', '--quick', '--no-save', '--json']);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const out = json(run.stdout);
    assert.equal(out.runs.length, 64);
    assert.equal(out.quick, true);
    assert.ok(out.checks.length === 9 && out.checks.every((c: { passed: boolean }) => c.passed));
  });

  it('exit 2 with one message: a sweep written as code, no vary, a bad flag, a broken file', () => {
    const code = dlx(['sweep', exerciseDir('seq-to-class'), '--file', learnerFile(SWEEP_LEARNER('{ vary: { units: [1, 2].map((u) => u * 2) } }')), '--json', '--no-save']);
    assert.equal(code.status, 2);
    const error = json(code.stdout);
    assert.equal(error.passed, false);
    assert.equal(error.exercise, 'seq-to-class');
    assert.equal(error.error.kind, 'settings');
    assert.match(error.error.message, /plain data/);
    assert.deepEqual([error.error.location.line, error.error.location.column], [7, 45]);

    const noVary = dlx(['sweep', exerciseDir('seq-to-class'), '--file', learnerFile(SWEEP_LEARNER("{ outcome: 'accuracy' }")), '--no-save']);
    assert.equal(noVary.status, 2);
    assert.match(noVary.stderr, /^error \(settings\): .*does not say what to vary/);
    assert.equal(dlx(['sweep', exerciseDir('learning-rates'), '--predict', 'wavy']).status, 2);
    assert.equal(dlx(['sweep', exerciseDir('learning-rates'), '--note', 'x']).status, 2);
    assert.equal(dlx(['sweep', exerciseDir('learning-rates'), '--workers', '0']).status, 2);
    const broken = dlx(['sweep', exerciseDir('learning-rates'), '--file', learnerFile('export const sweep = { vary: { learningRate: [0.1, 0.2, 0.3, 0.4] } };\nexport const x = ;'), '--no-save']);
    assert.equal(broken.status, 2);
    assert.match(broken.stderr, /^error \(syntax\): .*model\.ts:2:18/m);
  });

  it('dlx validate: a sweep exercise whose starter passes is a problem', function () {
    this.timeout(60_000);
    const learner = SWEEP_LEARNER("{ vary: { units: [2, 8] }, outcome: 'trainAccuracy' }");
    const pack = miniPack({
      'ex/exercise.json': JSON.stringify({
        id: 'ex', title: 'Ex', instructions: 'README.md', starter: 'starter.ts', solution: 'solution.ts', learnerFile: 'ex.ts',
        sweepChecks: [{ kind: 'sweepVaries', setting: 'units', minValues: 2 }, { kind: 'runsFinished' }],
      }),
      'ex/starter.ts': learner,
      'ex/solution.ts': learner,
    });
    const run = dlx(['validate', pack, '--json']);
    assert.equal(run.status, 1, run.stdout + run.stderr);
    const out = json(run.stdout);
    assert.deepEqual(out.problems, ['ex: the starter already passes every check']);
    assert.deepEqual(out.runs.map((r: { passed: boolean }) => r.passed), [true, true]);
  });

  it('dlx run --set replays one run of a sweep exactly (a setting and a model parameter), and refuses a fixed setting', () => {
    const cwd = tempDir();
    const file = learnerFile(SWEEP_LEARNER("{ vary: { units: [3], learningRate: [0.07] }, repeats: 1, outcome: 'trainAccuracy' }"));
    const sweep = dlx(['sweep', exerciseDir('seq-to-class'), '--file', file, '--json', '--seed', '5', '--no-save'], cwd);
    assert.equal(sweep.status, 0, sweep.stderr);
    const [swept] = json(sweep.stdout).runs;
    assert.equal(swept.seed, 5);
    const replay = dlx(['run', exerciseDir('seq-to-class'), '--file', file, '--json', '--seed', '5', '--set', 'units=3', '--set', 'learningRate=0.07'], cwd);
    assert.ok(replay.status === 0 || replay.status === 1, replay.stderr);
    const replayed = json(replay.stdout);
    assert.equal(replayed.metrics.train.accuracy, swept.outcome, 'the same run, the same accuracy');
    assert.equal(replayed.metrics.train.loss, swept.metrics.train.loss, 'and the same loss, to the last digit');
    const other = json(dlx(['run', exerciseDir('seq-to-class'), '--file', file, '--json', '--seed', '5', '--set', 'units=3'], cwd).stdout);
    assert.notEqual(other.metrics.train.loss, swept.metrics.train.loss, 'without the learning rate it is another run');
    const locked = dlx(['run', exerciseDir('seq-to-class'), '--file', file, '--set', 'loss=mse'], cwd);
    assert.equal(locked.status, 2);
    assert.match(locked.stderr, /fixes "loss"/);
    const malformed = dlx(['run', exerciseDir('seq-to-class'), '--file', file, '--set', 'units'], cwd);
    assert.equal(malformed.status, 2);
    assert.match(malformed.stderr, /--set takes name=value/);
  });
});
