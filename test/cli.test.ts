import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exerciseDir, learnerFile, miniPack, OVERFITTING_LEARNER, QWERTY_LEARNER, REPO } from './helpers/fixtures';

const CLI = path.join(REPO, 'bin', 'dlx.js');
const dlx = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('dlx CLI', () => {
  it('run --json prints exactly one JSON object with the stable fields; exit 0 when all checks pass', () => {
    const run = dlx('run', exerciseDir('seq-to-class'), '--solution', '--json', '--seed', '1');
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    const out = JSON.parse(lines[0]);
    for (const key of ['exercise', 'backend', 'seed', 'epochs', 'wallMs', 'metrics', 'checks', 'passed']) assert.ok(key in out, key);
    assert.equal(out.exercise, 'seq-to-class');
    assert.equal(out.epochs, 1000);
    assert.equal(out.passed, true);
    assert.equal(out.state, 'passing');
    assert.ok(out.metrics.train.accuracy > 0.9 && out.metrics.train.accuracy <= 1);
    // Per-class precision / recall / F1 and their macro averages, for the two classes.
    assert.deepEqual(Object.keys(out.metrics.train.perClass[0]).sort(), ['class', 'f1', 'precision', 'recall', 'support']);
    assert.equal(out.metrics.train.perClass.length, 2);
    const macroF1 = (out.metrics.train.perClass[0].f1 + out.metrics.train.perClass[1].f1) / 2;
    assert.ok(Math.abs(out.metrics.train.f1 - macroF1) < 1e-12);
    assert.deepEqual(out.optimizer, { name: 'sgd', learningRate: 0.01 });
    assert.deepEqual(Object.keys(out.checks[0]).sort(), ['message', 'name', 'passed']);
  });

  it('exit 1 and the failing check with its reason for the starter', () => {
    const run = dlx('run', exerciseDir('many-qwerties'), '--starter', '--epochs', '20');
    assert.equal(run.status, 1);
    assert.match(run.stdout, /FAIL three qwerty clusters: The data has 2 classes; this exercise needs 3\./);
    assert.match(run.stdout, /4 of 4 checks failed \(verified\)\./);
    assert.match(run.stdout, /  train: loss \d\.\d{4}, accuracy \d+\.\d%, macro F1 \d\.\d{3}\n/);
    assert.match(run.stdout, /\n  optimizer: sgd lr [\d.]+\n/);
  });

  it('--json says state: the starter unchanged (CRLF line endings too) is notAttempted, with where to begin; a file that does not load is error', () => {
    const starter = fs.readFileSync(path.join(exerciseDir('many-qwerties'), 'starter.ts'), 'utf8');
    const copy = learnerFile(`${starter.replace(/\n/g, '\r\n')}\r\n`);
    const run = dlx('run', exerciseDir('many-qwerties'), '--file', copy, '--epochs', '2', '--json');
    assert.equal(run.status, 1);
    assert.equal(JSON.parse(run.stdout).state, 'notAttempted');
    const text = dlx('run', exerciseDir('many-qwerties'), '--starter', '--epochs', '2');
    assert.match(text.stdout, /\nNot attempted yet: many-qwerties\.ts is still the starter\. Begin with "Step 1: [^"]+" in the instructions/);
    const broken = dlx('run', exerciseDir('many-qwerties'), '--file', learnerFile('export const experiment = {'), '--json');
    assert.deepEqual([broken.status, JSON.parse(broken.stdout).state], [2, 'error']);
    const changed = dlx('run', exerciseDir('many-qwerties'), '--file', learnerFile(`${starter}\n// my first try\n`), '--epochs', '2', '--json');
    assert.equal(JSON.parse(changed.stdout).state, 'failing');
  });

  it('--solution refuses a pack with hidden solutions unless --instructor; --instructor alone is an error', () => {
    const solution = QWERTY_LEARNER.replace('epochs: 30', 'epochs: 2');
    const pack = miniPack({ 'pack.json': JSON.stringify({ name: 'mini', title: 'Mini', version: '1.0.0', exercises: ['ex'], solutions: 'hidden' }), 'ex/solution.ts': solution });
    const refused = dlx('run', path.join(pack, 'ex'), '--solution');
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /The pack hides the reference solution of ex \("solutions": "hidden"\), so --solution does not run it\. An instructor adds --instructor\./);
    const instructor = dlx('run', path.join(pack, 'ex'), '--solution', '--instructor', '--json');
    assert.equal(JSON.parse(instructor.stdout).exercise, 'ex', instructor.stderr);
    assert.match(dlx('run', path.join(pack, 'ex'), '--instructor').stderr, /--instructor goes with --solution/);
  });

  it('exit 2 with a one-paragraph message for a bad learner file', () => {
    const run = dlx('run', exerciseDir('many-qwerties'), '--file', learnerFile('export const experiment = {'));
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^error \(syntax\): \/.*model\.ts:1:28: Expected "}" or "," but found end of file\n/);
  });

  it('sweep of a function exercise runs its function.sweep as dlx run does; without one, or with a model sweep\'s flag, exit 2 and why', () => {
    const pack = path.join(REPO, 'exercises', 'dudl-gradient-descent');
    const sweep = dlx('sweep', path.join(pack, 'gd-experiments'), '--solution');
    assert.equal(sweep.status, 0, sweep.stderr);
    assert.match(sweep.stdout, /^sweep over learningRate x steps:$/m);
    // f(x) = sin(x)·exp(-0.05x²) from x = 0: the row of learning rate 0.1 after 10, 50, 100 and 500 steps.
    assert.match(sweep.stdout, /^ +0\.1 +-0\.72606 +-0\.893842 +-0\.893875 +-0\.893875$/m);
    assert.match(sweep.stdout, /^All 4 checks passed\.$/m);
    const none = dlx('sweep', path.join(pack, 'sgd-by-hand'), '--solution');
    assert.equal(none.status, 2);
    assert.match(none.stderr, /sgd-by-hand is a function exercise without a sweep \(\$\.function\.sweep\): `dlx run .*sgd-by-hand` runs its descent and its checks\./);
    const workers = dlx('sweep', path.join(pack, 'gd-experiments'), '--solution', '--workers', '2');
    assert.equal(workers.status, 2);
    assert.match(workers.stderr, /--workers is for a model exercise's sweep; gd-experiments is a function exercise, whose sweep repeats its descent in one trainer child/);
  });

  it('exit 2 for bad flags and unknown exercises', () => {
    assert.equal(dlx('run', exerciseDir('many-qwerties'), '--backend', 'gpu').status, 2);
    assert.equal(dlx('run', '/nonexistent/exercise').status, 2);
    assert.equal(dlx('frobnicate').status, 2);
  });

  it('--epochs overrides the exercise, --backend forces a backend and is reported', () => {
    const run = dlx('run', exerciseDir('many-qwerties'), '--file', learnerFile(QWERTY_LEARNER), '--epochs', '3', '--backend', 'cpu', '--json');
    const out = JSON.parse(run.stdout);
    assert.equal(out.epochs, 3);
    assert.equal(out.backend, 'cpu');
    assert.match(out.backendReason, /chosen/);
  });

  it('a dev set and early stopping: --json says where training stopped and which epoch it restored; the text shows the dev line', () => {
    const file = learnerFile(OVERFITTING_LEARNER("{ monitor: 'devLoss', patience: 20 }"));
    const out = JSON.parse(dlx('run', exerciseDir('many-qwerties'), '--file', file, '--json').stdout);
    assert.ok(out.earlyStopping.stoppedEpoch < 600, JSON.stringify(out.earlyStopping));
    assert.equal(out.epochs, out.earlyStopping.stoppedEpoch);
    assert.equal(out.earlyStopping.stoppedEpoch, out.earlyStopping.bestEpoch + 20);
    assert.equal(out.earlyStopping.restored, true);
    assert.deepEqual(Object.keys(out.metrics), ['train', 'dev', 'test']);
    assert.equal(out.verification.state, 'verified', 'the verifier takes the early stop and the dev split: ' + out.verification.reason);
    const text = dlx('run', exerciseDir('many-qwerties'), '--file', file).stdout;
    assert.match(text, /\n  dev:   loss \d\.\d{4}, accuracy \d+\.\d%, macro F1 \d\.\d{3}\n/);
    assert.match(text, new RegExp(`early stopping: stopped at epoch ${out.earlyStopping.stoppedEpoch}, best epoch ${out.earlyStopping.bestEpoch}, its weights restored`));
  });

  it('--json has no metrics.dev and no earlyStopping without them', () => {
    const out = JSON.parse(dlx('run', exerciseDir('many-qwerties'), '--file', learnerFile(QWERTY_LEARNER), '--epochs', '3', '--json').stdout);
    assert.deepEqual(Object.keys(out.metrics), ['train']);
    assert.equal('earlyStopping' in out, false);
  });
});
