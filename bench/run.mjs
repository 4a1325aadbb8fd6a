// `npm run bench`: the project's performance record. For each exercise's reference solution it
// runs `dlx run --json` on every available backend and, when a Python with PyTorch is on the
// machine, the PyTorch script of the same recipe (bench/torch/), all in this one run, so the
// ratios compare like with like on a shared, noisy machine. Then the sweeps: `dlx sweep --json`
// on a pool of trainer processes against the sequential PyTorch loop (the learning-rate sweep:
// 50 runs of 1000 epochs). Writes bench/RESULTS.md and bench/results.json. A benchmark, not a
// test: it asserts nothing.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { cpuName, findTorchPython, fmt, measure, ROOT } from './lib.mjs';

const { values } = parseArgs({
  options: {
    backends: { type: 'string', default: 'fused,wasm,cpu,tensorflow' },
    exercises: { type: 'string', default: 'many-qwerties,seq-to-class,predict-sugar' },
    sweeps: { type: 'string', default: 'learning-rates' },
    workers: { type: 'string' },
    seed: { type: 'string', default: '1' },
    torch: { type: 'boolean', default: true },
    out: { type: 'string', default: path.join(ROOT, 'bench') },
  },
});
const TORCH_SCRIPTS = { 'many-qwerties': 'many_qwerties.py', 'seq-to-class': 'seq_to_class.py', 'predict-sugar': 'predict_sugar.py', 'learning-rates': 'lr_sweep.py' };

/**
 * The sweep a benchmark runs: the reference solution as the PyTorch script runs it. For
 * learning-rates that is the single 50-rate sweep (repeats: 1), not the 10-repeat meta-experiment.
 */
function sweepFileFor(exercise) {
  const solution = path.join(ROOT, 'exercises', 'dudl-ann', exercise, 'solution.ts');
  if (exercise !== 'learning-rates') return solution;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dlx-bench-')), 'learning-rates.ts');
  fs.writeFileSync(file, fs.readFileSync(solution, 'utf8').replace(/repeats: \d+/, 'repeats: 1'));
  return file;
}

function tfjsNodeLoads() {
  return spawnSync(process.execPath, ['-e', "require('@tensorflow/tfjs-node')"], { cwd: ROOT, stdio: 'ignore' }).status === 0;
}

/** Our `{ train, test }` metrics, or the PyTorch scripts' flat ones (`accuracy`, `testR`...). */
const resultText = (metrics = {}) => {
  const flat = metrics.train ? { accuracy: metrics.train.accuracy, trainR: metrics.train.r, testR: metrics.test?.r, testAccuracy: metrics.test?.accuracy } : metrics;
  if (flat.testR !== undefined && flat.testR !== null) return `test r ${fmt(flat.testR, 3)}`;
  if (flat.testAccuracy !== undefined && flat.testAccuracy !== null) return `test acc ${fmt(flat.testAccuracy * 100, 1)}%`;
  if (flat.accuracy !== undefined && flat.accuracy !== null) return `train acc ${fmt(flat.accuracy * 100, 1)}%`;
  return '';
};

const seed = values.seed;
const torch = values.torch ? findTorchPython() : null;
const backends = values.backends.split(',').filter((b) => b !== 'tensorflow' || tfjsNodeLoads());
const rows = [];
for (const exercise of values.exercises.split(',').filter(Boolean)) {
  let torchWall;
  if (torch) {
    const run = await measure(torch.python, [path.join(ROOT, 'bench', 'torch', TORCH_SCRIPTS[exercise]), '--seed', seed]);
    torchWall = run.ok ? run.wallMs : undefined;
    rows.push({
      exercise, runner: `PyTorch ${torch.version} (1 thread)`, wallMs: run.wallMs, ok: run.ok, error: run.error,
      trainMs: run.json?.trainMs, importMs: run.json?.importMs, peakRssMb: run.peakRssMb, result: resultText(run.json?.metrics),
    });
    process.stderr.write(`${exercise} pytorch: ${fmt(run.wallMs / 1000)} s\n`);
  }
  for (const backend of backends) {
    const run = await measure(process.execPath, [path.join(ROOT, 'bin', 'dlx.js'), 'run', path.join('exercises', 'dudl-ann', exercise), '--solution', '--json', '--seed', seed, '--backend', backend]);
    const json = run.json ?? {};
    const ok = run.ok && !json.error;
    rows.push({
      exercise, runner: `dlx ${json.backend ?? backend}`, wallMs: run.wallMs, ok, error: run.error ?? json.error?.message,
      firstEpochMs: json.timings?.firstEpochMs, msPerStep: json.timings?.msPerStep, trainMs: json.timings?.trainMs,
      peakRssMb: json.peakRssMb, result: resultText(json.metrics), passed: json.passed,
      ratioToTorch: ok && torchWall ? run.wallMs / torchWall : undefined,
    });
    process.stderr.write(`${exercise} ${backend}: ${fmt(run.wallMs / 1000)} s${ok ? '' : ` (${run.error ?? json.error?.message})`}\n`);
  }
}

const workers = values.workers ?? String(os.availableParallelism?.() ?? os.cpus().length);
for (const exercise of values.sweeps.split(',').filter(Boolean)) {
  let torchWall;
  if (torch && TORCH_SCRIPTS[exercise]) {
    const run = await measure(torch.python, [path.join(ROOT, 'bench', 'torch', TORCH_SCRIPTS[exercise]), '--seed', seed]);
    torchWall = run.ok ? run.wallMs : undefined;
    rows.push({
      exercise: `${exercise} sweep`, runner: `PyTorch ${torch.version} (1 thread, sequential)`, wallMs: run.wallMs, ok: run.ok, error: run.error,
      trainMs: run.json?.trainMs, importMs: run.json?.importMs, peakRssMb: run.peakRssMb,
      result: run.json?.metrics?.fractionAbove70 !== undefined ? `${(run.json.metrics.accuracies ?? []).length} runs, >70%: ${fmt(run.json.metrics.fractionAbove70)}` : '',
    });
    process.stderr.write(`${exercise} sweep pytorch: ${fmt(run.wallMs / 1000)} s\n`);
  }
  const file = sweepFileFor(exercise);
  const run = await measure(process.execPath, [path.join(ROOT, 'bin', 'dlx.js'), 'sweep', path.join('exercises', 'dudl-ann', exercise), '--file', file, '--json', '--no-save', '--seed', seed, '--workers', workers]);
  const json = run.json ?? {};
  const ok = run.ok && !json.error;
  const overall = json.summary?.overall;
  const trainMs = (json.runs ?? []).reduce((sum, r) => sum + (r.trainMs ?? 0), 0);
  const steps = (json.runs ?? []).reduce((sum, r) => sum + (r.epochs ?? 0), 0);
  rows.push({
    exercise: `${exercise} sweep`, runner: `dlx sweep (${json.workers ?? workers} workers)`, wallMs: run.wallMs, ok, error: run.error ?? json.error?.message,
    trainMs, msPerStep: steps ? trainMs / steps : undefined, peakRssMb: run.peakRssMb,
    result: overall ? `${json.runs.length} runs, >${json.threshold}: ${fmt(overall.fractionAbove)}` : '', passed: json.passed,
    ratioToTorch: ok && torchWall ? run.wallMs / torchWall : undefined,
  });
  process.stderr.write(`${exercise} sweep dlx: ${fmt(run.wallMs / 1000)} s${ok ? '' : ` (${run.error ?? json.error?.message})`}\n`);
}

const cpu = cpuName();
const header = [
  '# Benchmark results',
  '',
  `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpu}, ${(await import('node:os')).cpus().length} cores, node ${process.version}, seed ${seed}.`,
  'Wall time is from process start to final metrics (spawn to exit), measured side by side in this one run. Peak memory: the trainer process (dlx) or the Python process (for a sweep: the CLI process; its workers are not counted).',
  'Sweeps: the 50-rate learning-rate sweep (1000 epochs each): PyTorch runs it in one loop, dlx on a pool of trainer processes (one per core); train s is the sum over runs, ms/step per epoch.',
  torch ? `PyTorch: ${torch.version} via ${torch.python}, 1 thread, scripts in bench/torch/.` : 'PyTorch: not installed on this machine, so no PyTorch column (apt-get install python3-torch to add it).',
  '',
  '| exercise | runner | wall s | vs PyTorch | first epoch ms | ms/step | train s | peak MB | result |',
  '|---|---|---|---|---|---|---|---|---|',
];
const lines = rows.map((r) => r.ok
  ? `| ${r.exercise} | ${r.runner} | ${fmt(r.wallMs / 1000)} | ${r.ratioToTorch ? `${fmt(r.ratioToTorch)}x` : ''} | ${fmt(r.firstEpochMs, 0)} | ${fmt(r.msPerStep, 3)} | ${fmt(r.trainMs / 1000)} | ${fmt(r.peakRssMb, 0)} | ${r.result} |`
  : `| ${r.exercise} | ${r.runner} | failed | | | | | | ${String(r.error ?? '').replace(/\|/g, '/')} |`);
fs.mkdirSync(values.out, { recursive: true });
fs.writeFileSync(path.join(values.out, 'RESULTS.md'), `${[...header, ...lines].join('\n')}\n`);
fs.writeFileSync(path.join(values.out, 'results.json'), `${JSON.stringify({ date: new Date().toISOString(), cpu, seed: Number(seed), torch, rows }, null, 2)}\n`);
process.stdout.write(`${[...header, ...lines].join('\n')}\n`);
