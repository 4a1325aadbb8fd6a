// `dlx grade` on the fixture class (test/fixtures/class: a pass, a fail, a crash at load, a forgery,
// a sandbox escape, a process.exit, a missing file, a wrong name, a stray file), the pack's own
// solutions, and sharding: every split of the class merges to the unsharded files, byte for byte.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadPack } from '../src/engine/pack';
import { verdictOf } from '../src/host/checkExercise';
import { gradesCsv, writeGrades, type GradesFile } from '../src/host/grading/grades';
import { miniPack, PACK, QWERTY_LEARNER, REPO, tempDir } from './helpers/fixtures';

const CLASS = path.join(REPO, 'test', 'fixtures', 'class');
const EXERCISES = 'many-qwerties,seq-to-class';

function dlx(args: string[], env: NodeJS.ProcessEnv = process.env): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [path.join(REPO, 'bin', 'dlx.js'), ...args], { encoding: 'utf8', timeout: 240_000, env });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
const gradesOf = (dir: string) => JSON.parse(read(dir, 'grades.json')) as GradesFile;
/** Every file of a grading output, relative path -> content. */
function outputFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of ['grades.csv', 'grades.json']) files[name] = read(dir, name);
  for (const name of fs.readdirSync(path.join(dir, 'feedback')).sort()) files[`feedback/${name}`] = read(dir, path.join('feedback', name));
  return files;
}

describe('dlx grade', function () {
  this.timeout(300_000);
  let out: string;
  before(() => {
    out = path.join(tempDir(), 'grades');
    const run = dlx(['grade', PACK, CLASS, '--exercises', EXERCISES, '--out', out]);
    assert.equal(run.status, 0, run.stderr);
  });

  it('grades the fixture class: every verdict, in grades.csv', () => {
    assert.equal(read(out, 'grades.csv'), [
      'learner,many-qwerties,seq-to-class',
      'alice,pass,pass',
      'bob,fail,missing',
      'carol,error,pass',
      'dave,error,error',
      'erin,missing,fail',
      'frank,error,pass',
      '',
    ].join('\n'));
  });

  it('says why in grades.json: the crash, the forgery, the escape, the missing and misnamed files, the stray file', () => {
    const grades = gradesOf(out);
    assert.equal(grades.version, 1);
    assert.deepEqual(grades.pack, { name: 'dudl-ann', version: '1.0.0' });
    assert.deepEqual(grades.exercises, ['many-qwerties', 'seq-to-class']);
    assert.deepEqual(grades.notes, ['Stray file "roster.csv" in the submissions folder: ignored (each learner is a folder of their own).']);
    const result = (learner: string, id: string) => grades.learners.find((l) => l.learner === learner)!.results[id];
    assert.equal(result('alice', 'many-qwerties').verification?.state, 'verified');
    assert.equal(result('alice', 'many-qwerties').metrics?.train.accuracy, 0.95);
    assert.match(result('carol', 'many-qwerties').error!.message, /failed while loading the file: TypeError: Cannot read properties of undefined \(reading 'hidden'\)/);
    assert.equal(result('dave', 'many-qwerties').verification?.state, 'mismatch');
    assert.match(result('dave', 'many-qwerties').error!.message, /^The reported results do not match the trained model: train loss reported 0\.001000, the model gives/);
    assert.match(result('dave', 'seq-to-class').error!.message, /^Your code tried to read \/etc\/hostname, which the sandbox does not allow/);
    assert.equal(result('dave', 'seq-to-class').error!.location?.file, 'dave/seq-to-class.ts', 'paths relative to the submissions folder');
    assert.match(result('frank', 'many-qwerties').error!.message, /exited with code 3 .*process\.exit\(\)/);
    assert.equal(result('bob', 'seq-to-class').note, 'No seq-to-class.ts in bob/.');
    assert.equal(result('erin', 'many-qwerties').note, 'No many-qwerties.ts in erin/, but there is "many_qwerties.ts": did you mean many-qwerties.ts? Rename the file to grade it.');
    assert.equal(result('erin', 'seq-to-class').checks.find((c) => !c.passed)?.name, 'the model is a class');
  });

  it('writes one feedback file per learner: each check with its message, the metrics, the diagnosis', () => {
    assert.deepEqual(fs.readdirSync(path.join(out, 'feedback')).sort(), ['alice.md', 'bob.md', 'carol.md', 'dave.md', 'erin.md', 'frank.md']);
    const dave = read(out, 'feedback/dave.md');
    assert.match(dave, /^# Feedback for dave\n/);
    assert.match(dave, /## many-qwerties: error\n/);
    assert.match(dave, /- \[ \] train accuracy: train accuracy is 3\d\.\d%; it needs to reach 90\.0%\./);
    assert.match(dave, /- \[ \] results verified: The reported results do not match the trained model/);
    assert.match(dave, /- train: loss 1\.\d{4}, accuracy 3\d\.\d %/);
    assert.match(dave, /Diagnosis:\n\n- Accuracy stayed at chance level/);
    assert.match(read(out, 'feedback/alice.md'), /- \[x\] train accuracy: train accuracy is 95\.0%\.\n/);
  });

  it('every shard split (n = 1, 2, 3) merges to the unsharded grades.csv, grades.json and feedback, byte for byte', () => {
    const unsharded = outputFiles(out);
    for (const n of [1, 2, 3]) {
      const dirs = Array.from({ length: n }, (_, k) => {
        const dir = path.join(tempDir(), `shard-${k + 1}`);
        const run = dlx(['grade', PACK, CLASS, '--exercises', EXERCISES, '--shard', `${k + 1}/${n}`, '--out', dir]);
        assert.equal(run.status, 0, run.stderr);
        assert.deepEqual(gradesOf(dir).shard, { index: k + 1, count: n, learners: 6 });
        return dir;
      });
      const merged = path.join(tempDir(), 'merged');
      const run = dlx(['grade', 'merge', ...dirs.reverse(), '--out', merged]);
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(outputFiles(merged), unsharded, `split into ${n}`);
    }
  });

  it("grades the pack's own solutions as passes (the sweep exercise on its sweep)", () => {
    const pack = loadPack(PACK);
    const ids = ['many-qwerties', 'seq-to-class', 'hidden-units'];
    const files: Record<string, string> = {};
    for (const exercise of pack.exercises.filter((e) => ids.includes(e.id))) files[`solutions/${exercise.learnerFileName}`] = fs.readFileSync(exercise.solution, 'utf8');
    const submissions = tempDir(files);
    const dir = path.join(tempDir(), 'grades');
    const run = dlx(['grade', PACK, submissions, '--exercises', ids.join(','), '--out', dir]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(read(dir, 'grades.csv'), `learner,${ids.join(',')}\nsolutions,pass,pass,pass\n`);
    assert.equal(gradesOf(dir).learners[0].results['hidden-units'].mode, 'sweep');
  });
});

/** Learns many-qwerties, but doubles its logits in forward(x): beyond what the verifier rebuilds. */
const UNVERIFIABLE = `import * as tf from '@tensorflow/tfjs';
export const experiment = {
  data: { kind: 'clusters', centers: [[1, 1], [5, 1], [3, -2]], perCluster: 100, blur: 1 },
  loss: 'crossEntropy', optimizer: 'sgd', learningRate: 0.1, batchSize: 'full', epochs: 300,
};
export class Model {
  hidden = tf.layers.dense({ units: 8, activation: 'relu' });
  out = tf.layers.dense({ units: 3 });
  forward(x: tf.Tensor): tf.Tensor {
    return tf.mul(this.out.apply(this.hidden.apply(x) as tf.Tensor) as tf.Tensor, 2);
  }
}
`;

describe('unverified passes', function () {
  this.timeout(240_000);
  it('grade says unverified (pass with --allow-unverified); dlx run --json says so, and --require-verified exits 1', () => {
    const submissions = tempDir({ 'una/many-qwerties.ts': UNVERIFIABLE });
    const dir = path.join(tempDir(), 'grades');
    const graded = dlx(['grade', PACK, submissions, '--exercises', 'many-qwerties', '--out', dir]);
    assert.equal(graded.status, 0, graded.stderr);
    assert.equal(read(dir, 'grades.csv'), 'learner,many-qwerties\nuna,unverified\n');
    assert.equal(gradesOf(dir).learners[0].results['many-qwerties'].verification?.state, 'unverified');
    // --allow-unverified reaches the grade: the only other verdict the same result can get.
    const allowed = path.join(tempDir(), 'grades');
    assert.equal(dlx(['grade', PACK, submissions, '--exercises', 'many-qwerties', '--out', allowed, '--allow-unverified']).status, 0);
    assert.equal(read(allowed, 'grades.csv'), 'learner,many-qwerties\nuna,pass\n');
    assert.equal(gradesOf(allowed).allowUnverified, true);
    const run = dlx(['run', 'many-qwerties', '--file', path.join(submissions, 'una', 'many-qwerties.ts'), '--json', '--require-verified']);
    assert.equal(run.status, 1, run.stderr);
    const json = JSON.parse(run.stdout) as { passed: boolean; verdict: string };
    assert.deepEqual([json.passed, json.verdict], [true, 'unverified']);
    assert.match(run.stderr, /--require-verified: the checks passed, but the verifier could not confirm them/);
  });
});

describe('isolation', function () {
  this.timeout(240_000);
  it("an endless loop and a memory bomb each end at the exercise's limits with their own error; the others pass", function () {
    // Windows has no resident-memory watch (README, Safety): an ArrayBuffer bomb passes the heap cap there.
    if (process.platform === 'win32') this.skip();
    const exercise = JSON.stringify({
      id: 'ex', title: 'Ex', instructions: 'README.md', starter: 'starter.ts', solution: 'solution.ts', learnerFile: 'ex.ts',
      limits: { timeoutSeconds: 10, memoryMb: 256 }, checks: [{ kind: 'classes', count: 3 }],
    });
    const hooked = (code: string) => QWERTY_LEARNER.replace('export function createModel() {', `export function createModel() {\n  ${code};`);
    const submissions = tempDir({
      'a-good/ex.ts': QWERTY_LEARNER,
      'b-loop/ex.ts': hooked('while (true) {}'),
      'c-bomb/ex.ts': hooked('const hoard: Uint8Array[] = []; for (;;) hoard.push(new Uint8Array(64 * 2 ** 20).fill(1))'),
      'd-good/ex.ts': QWERTY_LEARNER,
    });
    const dir = path.join(tempDir(), 'grades');
    const run = dlx(['grade', miniPack({ 'ex/exercise.json': exercise }), submissions, '--out', dir, '--jobs', '2']);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(read(dir, 'grades.csv'), 'learner,ex\na-good,pass\nb-loop,error\nc-bomb,error\nd-good,pass\n');
    const errors = gradesOf(dir).learners.map((l) => l.results.ex.error?.message ?? '');
    assert.match(errors[1], /exceeded its time limit of 10 s/);
    assert.match(errors[2], /ran out of memory \(limit 256 MB\)/);
  });
});

describe('grading without a sandbox', function () {
  this.timeout(120_000);
  it('says so on stderr, with the reason', () => {
    const submissions = tempDir({ 'amy/seq-to-class.ts': fs.readFileSync(path.join(CLASS, 'alice', 'seq-to-class.ts'), 'utf8') });
    const run = dlx(['grade', PACK, submissions, '--exercises', 'seq-to-class', '--out', path.join(tempDir(), 'grades')], { ...process.env, DLX_SANDBOX: 'off' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /warning: some runs had no sandbox \(sandbox: off, turned off with DLX_SANDBOX=off\): their learner code could reach files and programs of this machine\./);
    assert.match(run.stdout, /^1 learner x 1 exercise: 1 pass, 0 fail, 0 error, 0 unverified, 0 missing\.\nWrote .*grades\.csv, .*grades\.json and .*feedback\/ \(1 file\)\.\n$/);
  });
});

describe('grading verdicts', () => {
  it('pass needs a verified pass; a mismatch is an error; an unverified pass counts only when allowed', () => {
    const verified = { state: 'verified', reason: '' } as const;
    const unverified = { state: 'unverified', reason: '' } as const;
    const mismatch = { state: 'mismatch', reason: '' } as const;
    assert.equal(verdictOf(true, verified), 'pass');
    assert.equal(verdictOf(false, verified), 'fail');
    assert.equal(verdictOf(true, unverified), 'unverified');
    assert.equal(verdictOf(true, unverified, true), 'pass');
    assert.equal(verdictOf(false, unverified), 'fail');
    assert.equal(verdictOf(false, mismatch), 'error');
    assert.equal(verdictOf(false, mismatch, true), 'error');
  });

  it('grades.csv quotes a learner name with a comma or a quote', () => {
    const grades: GradesFile = {
      version: 1, pack: { name: 'p', version: '1' }, exercises: ['a'], allowUnverified: false, notes: [],
      learners: [{ learner: 'Doe, "J"', results: { a: { verdict: 'pass', checks: [], metrics: null, diagnosis: [], verification: null } } }],
    };
    assert.equal(gradesCsv(grades), 'learner,a\n"Doe, ""J""",pass\n');
  });

  it('a new grading into the same folder removes the feedback of learners it no longer has, and nothing else', () => {
    const learner = (name: string) => ({ learner: name, results: { a: { verdict: 'fail' as const, checks: [], metrics: null, diagnosis: [], verification: null } } });
    const grades: GradesFile = { version: 1, pack: { name: 'p', version: '1' }, exercises: ['a'], allowUnverified: false, notes: [], learners: [learner('ann'), learner('ben')] };
    const dir = tempDir({ 'feedback/README.txt': 'mine' });
    writeGrades(dir, grades);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'feedback')).sort(), ['README.txt', 'ann.md', 'ben.md']);
    writeGrades(dir, { ...grades, learners: [learner('ben')] });
    assert.deepEqual(fs.readdirSync(path.join(dir, 'feedback')).sort(), ['README.txt', 'ben.md']);
    assert.equal(read(dir, 'grades.csv'), 'learner,a\nben,fail\n');
  });
});
