// The sandbox of learner code: which flags a run gets and why, the state the trainer reports from
// inside, and real runs under it (the attacks themselves are in test/robustness/catalogue.test.ts).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { examineTrainer, formatDoctor } from '../src/cli/doctor';
import { formatSandbox } from '../src/cli/format';
import { describeDenial } from '../src/engine/errors';
import { TrainerPool } from '../src/host/trainerPool';
import { permissionFlag, planSandbox, sandboxFor, type SandboxFacts } from '../src/host/sandbox';
import { sandboxInEffect } from '../src/trainer/sandboxState';
import { startTrainer } from '../src/host/trainerProcess';
import type { SandboxState } from '../src/engine/results';
import type { RunStarted } from '../src/trainer/protocol';
import { exerciseDir, learnerFile, PACK, QWERTY_LEARNER, REPO, tempDir } from './helpers/fixtures';

const SHIPPED = path.join(REPO, 'dist', 'trainer.js');
const facts = (overrides: Partial<SandboxFacts> = {}): SandboxFacts => ({
  nodeVersion: '20.20.2', reads: ['/ext/dist', '/course/pack', '/home/me/work'], turnedOff: false, ...overrides,
});
const WATCHED = { on: true, reason: 'resident memory read from /proc every 100 ms' };
const announced = (state: Omit<SandboxState, 'memoryWatch'>) => JSON.stringify({ ...state, memoryWatch: WATCHED });
const permission = (granted: string[]) => ({ has: (scope: string, reference?: string) => granted.includes(reference === undefined ? scope : `${scope}:${reference}`) });

describe('sandbox plan', () => {
  it('names the permission flag by Node version: --permission from 22.13 and 23.5, --experimental-permission from 20.12, none before', () => {
    assert.equal(permissionFlag('20.11.1'), undefined);
    assert.equal(permissionFlag('20.12.0'), '--experimental-permission');
    assert.equal(permissionFlag('v20.20.2'), '--experimental-permission');
    assert.equal(permissionFlag('21.5.0'), undefined);
    assert.equal(permissionFlag('22.12.0'), '--experimental-permission');
    assert.equal(permissionFlag('22.13.0'), '--permission');
    assert.equal(permissionFlag('23.4.0'), '--experimental-permission');
    assert.equal(permissionFlag('23.5.0'), '--permission');
    assert.equal(permissionFlag('24.1.0'), '--permission');
  });

  it('reads only the given folders; no writes, processes, threads or addons', () => {
    const plan = planSandbox(facts());
    assert.equal(plan.state.on, true);
    assert.deepEqual(plan.execArgv, ['--experimental-permission', '--disable-warning=ExperimentalWarning', '--allow-fs-read=/ext/dist', '--allow-fs-read=/course/pack', '--allow-fs-read=/home/me/work']);
    assert.match(plan.state.reason, /reads only in the pack, the learner file's folder and the trainer's own files; no writes, child processes or worker threads, no native addons$/);
  });

  it('is off, and says why, on an old Node or with DLX_SANDBOX=off', () => {
    assert.deepEqual(planSandbox(facts({ nodeVersion: '20.9.0' })).state, { on: false, reason: 'Node 20.9.0 has no suitable permission model (it needs Node 20.12 or later)' });
    assert.deepEqual(planSandbox(facts({ turnedOff: true })).state, { on: false, reason: 'turned off with DLX_SANDBOX=off' });
  });

  it('native TensorFlow opens addons (said in the reason) and its node_modules for reading', () => {
    const plan = planSandbox(facts({ nativeTensorflow: '/ext/node_modules' }));
    assert.ok(plan.execArgv.includes('--allow-addons') && plan.execArgv.includes('--allow-fs-read=/ext/node_modules'));
    assert.match(plan.state.reason, /native addons allowed for @tensorflow\/tfjs-node, whose native code the permission model does not check/);
  });

  it("in Electron, by Electron's Node version, with what Electron reads outside Node's checks", () => {
    const plan = planSandbox(facts({ electronVersion: '35.5.1', nodeVersion: '22.15.1' }));
    assert.equal(plan.execArgv[0], '--permission');
    assert.match(plan.state.reason, /files inside Electron's \.asar archives stay readable$/);
    assert.match(planSandbox(facts({ electronVersion: '28.0.0', nodeVersion: '18.18.2' })).state.reason, /^Electron 28\.0\.0 \(Node 18\.18\.2\) has no suitable permission model/);
  });

  it('opens addons and the node_modules of @tensorflow/tfjs-node only when it is installed and auto or tensorflow may use it', () => {
    const dir = tempDir({ 'dist/trainer.js': '', 'node_modules/@tensorflow/tfjs-node/package.json': '{ "name": "@tensorflow/tfjs-node" }' });
    const trainer = path.join(dir, 'dist', 'trainer.js');
    for (const backend of ['auto', 'tensorflow'] as const) {
      const plan = sandboxFor(trainer, { backend }, {});
      assert.ok(plan.execArgv.includes('--allow-addons') && plan.execArgv.includes(`--allow-fs-read=${path.join(dir, 'node_modules')}`), plan.execArgv.join(' '));
    }
    assert.ok(!sandboxFor(trainer, { backend: 'fused' }, {}).execArgv.includes('--allow-addons'));
    assert.ok(!sandboxFor(path.join(tempDir({ 'trainer.js': '' }), 'trainer.js'), { backend: 'auto' }, {}).execArgv.includes('--allow-addons'));
  });

  it("for a run: the trainer's folder, the pack root (not only the exercise) and the learner file's folder", () => {
    const file = learnerFile(QWERTY_LEARNER);
    const plan = sandboxFor(path.join(tempDir({ 'trainer.js': '' }), 'trainer.js'), { exerciseDir: exerciseDir('many-qwerties'), learnerFile: file, backend: 'fused' }, {});
    const reads = plan.execArgv.filter((flag) => flag.startsWith('--allow-fs-read=')).map((flag) => flag.slice('--allow-fs-read='.length));
    assert.ok(reads.includes(PACK) && reads.includes(path.dirname(file)), reads.join(' '));
    assert.ok(!reads.includes(exerciseDir('many-qwerties')));
    assert.equal(sandboxFor(SHIPPED, { backend: 'auto' }, { DLX_SANDBOX: 'off' }).state.reason, 'turned off with DLX_SANDBOX=off');
  });
});

describe('sandbox state, as the trainer finds it', () => {
  const plan = { on: true, reason: "Node's permission model" };
  it('confirms the plan when the permission model closes what it should', () => {
    assert.deepEqual(sandboxInEffect(announced(plan), permission([]), '/'), { ...plan, memoryWatch: WATCHED });
  });
  it('is off when the runtime ignored the flags, or they leave something open', () => {
    assert.equal(sandboxInEffect(announced(plan), undefined, '/').reason, "the runtime ignored Node's permission flags");
    assert.equal(sandboxInEffect(announced(plan), permission(['child', 'worker']), '/').reason, 'the permission model is on but allows child processes, worker threads');
    assert.equal(sandboxInEffect(announced(plan), permission(['fs.read:/dlx-sandbox-probe-nonexistent']), '/').on, false);
  });
  it("passes the host's reason on when off, and says so when there was no plan at all", () => {
    assert.equal(sandboxInEffect(announced({ on: false, reason: 'turned off' }), permission([]), '/').reason, 'turned off');
    assert.deepEqual(sandboxInEffect(undefined, undefined, '/').on, false);
  });
  it('names what learner code tried that the sandbox refused', () => {
    assert.match(describeDenial({ code: 'ERR_ACCESS_DENIED', permission: 'FileSystemRead', resource: '/etc/hostname' })!, /^Your code tried to read \/etc\/hostname, which the sandbox does not allow/);
    assert.match(describeDenial({ code: 'ERR_ACCESS_DENIED', permission: 'ChildProcess' })!, /tried to start a program \(a child process\)/);
    assert.match(describeDenial({ code: 'ERR_DLOPEN_DISABLED' })!, /tried to load a native addon/);
    assert.equal(describeDenial(new Error('other')), undefined);
  });
});

describe('runs under the sandbox', () => {
  it('a normal run trains and passes, and says the sandbox was on, in its start and its result', async () => {
    const trainer = SHIPPED;
    let started: RunStarted | undefined;
    const outcome = await startTrainer({ exerciseDir: exerciseDir('many-qwerties'), learnerFile: learnerFile(QWERTY_LEARNER.replace('epochs: 30', 'epochs: 3000')), backend: 'auto' }, { memoryMb: 512, timeoutSeconds: 30 }, (m) => {
      if (m.type === 'started') started = m.run;
    }, trainer).outcome;
    assert.equal(outcome.type, 'finished', JSON.stringify(outcome));
    if (outcome.type !== 'finished') return;
    assert.equal(outcome.result.passed, true);
    assert.equal(outcome.result.sandbox.on, true, outcome.result.sandbox.reason);
    assert.deepEqual(started?.sandbox, outcome.result.sandbox);
    assert.equal(outcome.result.sandbox.memoryWatch.on, process.platform !== 'win32');
  });

  it('the shipped trainer says whether it can be sandboxed, and never claims it when it cannot', async () => {
    const outcome = await startTrainer({ exerciseDir: exerciseDir('many-qwerties'), learnerFile: learnerFile(QWERTY_LEARNER), backend: 'auto', epochs: 2 }, { memoryMb: 512, timeoutSeconds: 30 }, () => undefined, SHIPPED).outcome;
    assert.equal(outcome.type, 'finished', JSON.stringify(outcome));
    if (outcome.type !== 'finished') return;
    assert.equal(outcome.result.sandbox.on, true);
  });

  it('a pool worker takes only runs its sandbox fits: another learner folder gets a fresh worker', async () => {
    const pool = new TrainerPool({ workers: 1, limits: { memoryMb: 512, timeoutSeconds: 30 }, trainerPath: SHIPPED });
    const pids: number[] = [];
    const run = (file: string) => pool.run({ exerciseDir: exerciseDir('many-qwerties'), learnerFile: file, backend: 'auto', epochs: 2 }, () => pids.push(...pool.pids));
    try {
      const outcomes = [await run(learnerFile(QWERTY_LEARNER)), await run(learnerFile(QWERTY_LEARNER))];
      assert.deepEqual(outcomes.map((o) => o.type === 'finished' && o.result.sandbox.on), [true, true], JSON.stringify(outcomes));
      assert.equal(new Set(pids).size, 2);
    } finally {
      await pool.cancel();
    }
  });

  it('dlx run shows it under the backend line and in --json, with the memory cap', () => {
    const dlx = (...args: string[]) => spawnSync(process.execPath, [path.join(REPO, 'bin', 'dlx.js'), 'run', exerciseDir('many-qwerties'), '--solution', '--epochs', '2', ...args], { encoding: 'utf8', timeout: 60_000 });
    const lines = dlx().stdout.split('\n');
    assert.match(lines[1], /^ {2}sandbox: (on|off) \(.+\)$/);
    assert.match(lines[2], /^ {2}memory cap: the (whole process|JavaScript heap only) \(.+\)$/);
    const json = JSON.parse(dlx('--json').stdout);
    assert.deepEqual(Object.keys(json.sandbox), ['on', 'reason', 'memoryWatch']);
    assert.deepEqual(formatSandbox({ on: false, reason: 'why', memoryWatch: { on: false, reason: 'because' } }), ['sandbox: off (why)', 'memory cap: the JavaScript heap only (no resident-memory watch: because)']);
  });

  it('dlx doctor: the runtime, the backends, what auto picks, the sandbox and its flags; exit 0', async () => {
    const cli = spawnSync(process.execPath, [path.join(REPO, 'bin', 'dlx.js'), 'doctor'], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(cli.status, 0, cli.stderr);
    assert.match(cli.stdout, new RegExp(`runtime: Node ${process.versions.node}, ${process.platform}-${process.arch}, `));
    assert.match(cli.stdout, /^ {2}fused +available/m);
    assert.match(cli.stdout, /^ {2}wasm +available/m);
    assert.match(cli.stdout, /^auto picks for a dense model: fused \(a dense stack/m);
    assert.match(cli.stdout, /^sandbox: (on|off) \(.+\)$/m);
    const report = await examineTrainer(SHIPPED);
    assert.equal(report.probe?.sandbox.on, true, report.error);
    assert.match(formatDoctor(report), /^flags: --(experimental-)?permission .*--allow-fs-read=/m);
  });
});
