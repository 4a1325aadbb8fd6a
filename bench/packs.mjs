// `npm run bench:packs`: every exercise of the packs against PyTorch's mirror of the same recipe.
// For each reference solution: bench/export-recipe.ts writes its layers, starting weights, settings
// and split rows (every run of the sweep, for a sweep exercise); bench/torch/recipe.py trains that
// on one thread (a sweep's runs one after the other, as a course notebook's loop does); dlx trains
// the same solution (`dlx run`, or `dlx sweep` on a pool of trainer processes). Both measured in
// this one run, spawn to exit. Writes bench/PACKS.md and bench/packs.json. Asserts nothing.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { cpuName, findTorchPython, fmt, measure, ROOT } from './lib.mjs';

const { values } = parseArgs({
  options: {
    packs: { type: 'string', default: fs.readdirSync(path.join(ROOT, 'exercises')).filter((name) => fs.existsSync(path.join(ROOT, 'exercises', name, 'pack.json'))).join(',') },
    exercises: { type: 'string' },
    workers: { type: 'string', default: String(os.availableParallelism?.() ?? os.cpus().length) },
    out: { type: 'string', default: path.join(ROOT, 'bench') },
  },
});

const torch = findTorchPython();
const only = values.exercises ? new Set(values.exercises.split(',')) : null;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dlx-bench-packs-'));
const headline = (metrics) => {
  if (!metrics) return '';
  const split = metrics.test ? 'test' : 'train';
  const m = metrics[split] ?? {};
  return m.accuracy !== undefined ? `${split} acc ${fmt(m.accuracy * 100, 1)}%` : m.r !== undefined ? `${split} r ${fmt(m.r, 3)}` : '';
};

const TARGET = 0.33;

/**
 * Why a row misses the target: its fixed cost (dlx's training alone would be within it: start-up,
 * compile, verification and exit are the rest) or its steps (training alone is over it).
 */
function whyAbove(row) {
  if (row.dlxTrainMs === undefined || !row.torchMs) return 'no training time reported';
  const fixed = row.dlxMs - row.dlxTrainMs;
  const trainRatio = row.dlxTrainMs / row.torchMs;
  return trainRatio <= TARGET
    ? `fixed cost: ${fmt(fixed / 1000)} s of ${fmt(row.dlxMs / 1000)} s outside training (training alone ${fmt(trainRatio)}x)`
    : `per-step: training alone ${fmt(row.dlxTrainMs / 1000)} s, ${fmt(trainRatio)}x PyTorch's whole run`;
}

/** A function exercise: dlx's run, timed; recipe.py trains layers, and these have none. */
async function functionRow(pack, id, dir) {
  const run = await measure(process.execPath, [path.join(ROOT, 'bin', 'dlx.js'), 'run', dir, '--solution', '--json']);
  const json = run.json ?? {};
  const row = {
    pack, exercise: id, kind: 'function', runs: 1, dlxMs: run.ok && !json.error ? run.wallMs : undefined, passed: json.passed,
    result: json.passed === undefined ? '' : json.passed ? 'checks pass' : 'checks fail',
    error: run.error ?? json.error?.message,
    torchResult: 'not comparable: no PyTorch model (the learner writes functions and a descent loop in JavaScript, not layers recipe.py could mirror)',
  };
  process.stderr.write(`${pack}/${id}: dlx ${fmt(row.dlxMs / 1000)} s (function exercise, no PyTorch mirror)\n`);
  return row;
}

const loadAtStart = os.loadavg();
const plan = values.packs.split(',').filter(Boolean).flatMap((pack) => {
  const packDir = path.join(ROOT, 'exercises', pack);
  return JSON.parse(fs.readFileSync(path.join(packDir, 'pack.json'), 'utf8')).exercises.map((folder) => {
    const dir = path.join(packDir, folder);
    const spec = JSON.parse(fs.readFileSync(path.join(dir, 'exercise.json'), 'utf8'));
    return { pack, dir, spec, sweep: Array.isArray(spec.sweepChecks) && spec.sweepChecks.length > 0 };
  });
}).filter(({ spec }) => !only || only.has(spec.id));
const rows = [];
// Single runs first, sweeps after (the long ones); the table, in pack order, is rewritten after each.
for (const { pack, dir, spec, sweep } of [...plan.filter((p) => !p.sweep), ...plan.filter((p) => p.sweep)]) {
  if (spec.kind === 'function') {
    rows.push(await functionRow(pack, spec.id, dir));
    writeTable();
    continue;
  }
  const row = { pack, exercise: spec.id, kind: sweep ? 'sweep' : 'run' };
  const recipe = path.join(tmp, `${spec.id}.json`);
  const exported = await measure(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'bench', 'export-recipe.ts'), dir, ...(sweep ? ['--sweep'] : []), '--out', recipe]);
  if (torch && fs.existsSync(recipe)) {
    const run = await measure(torch.python, [path.join(ROOT, 'bench', 'torch', 'recipe.py'), '--recipe', recipe]);
    Object.assign(row, { torchMs: run.ok ? run.wallMs : undefined, torchTrainMs: run.json?.trainMs, torchRuns: run.json?.metrics?.runs, torchResult: run.ok ? '' : run.error });
  } else {
    const reason = /export-recipe: (.*)/.exec(exported.error ?? '')?.[1] ?? exported.error ?? 'export failed';
    row.torchResult = torch ? `no PyTorch mirror: ${reason}` : 'PyTorch not installed';
  }
  const cli = sweep
    ? ['sweep', dir, '--solution', '--json', '--no-save', '--workers', values.workers]
    : ['run', dir, '--solution', '--json'];
  const run = await measure(process.execPath, [path.join(ROOT, 'bin', 'dlx.js'), ...cli]);
  const json = run.json ?? {};
  Object.assign(row, {
    dlxMs: run.ok && !json.error ? run.wallMs : undefined,
    backend: sweep ? [...new Set((json.runs ?? []).map((r) => r.backend))].join('+') : json.backend,
    runs: sweep ? json.runs?.length : 1,
    passed: json.passed,
    result: sweep ? `${json.runs?.length ?? 0} runs` : headline(json.metrics),
    error: run.error ?? json.error?.message,
    // Training alone: the single run's, or a sweep's runs' summed over its workers.
    dlxTrainMs: sweep ? (json.runs ?? []).reduce((sum, r) => sum + (r.trainMs ?? 0), 0) / Math.max(1, json.workers ?? 1) : json.timings?.trainMs,
  });
  row.ratio = row.dlxMs && row.torchMs ? row.dlxMs / row.torchMs : undefined;
  row.note = TARGET < (row.ratio ?? 0) ? whyAbove(row) : undefined;
  rows.push(row);
  writeTable();
  process.stderr.write(`${pack}/${spec.id}: dlx ${fmt(row.dlxMs / 1000)} s, PyTorch ${fmt(row.torchMs / 1000)} s${row.ratio ? `, ${fmt(row.ratio)}x` : ''}${row.torchResult ? ` (${row.torchResult})` : ''}\n`);
}

fs.rmSync(tmp, { recursive: true, force: true });
process.stdout.write(`${writeTable().join('\n')}\n`);

function writeTable() {
  const order = (r) => plan.findIndex((p) => p.pack === r.pack && p.spec.id === r.exercise);
  const sorted = [...rows].sort((a, b) => order(a) - order(b));
  const lines = [
    '# Pack benchmark: every exercise against PyTorch',
    '',
    `Written by \`npm run bench:packs\` on ${new Date().toISOString().slice(0, 10)}: ${cpuName()}, ${os.cpus().length} cores, node ${process.version}${torch ? `, PyTorch ${torch.version} (1 thread)` : ', no PyTorch'}.`,
    ...(rows.length < plan.length ? [`Partial: ${rows.length} of ${plan.length} exercises measured so far (single runs first, then sweeps).`] : []),
    `Load average (1 min) on this machine, which other jobs share: ${fmt(loadAtStart[0])} at the start, ${fmt(os.loadavg()[0])} at the last row, on ${os.cpus().length} cores. A trainer's first start per heap cap (limits.memoryMb) writes its code cache beside the bundle, which the production build had cleared.`,
    'Each reference solution as dlx runs it (spawn to exit; a sweep on a pool of trainer processes) against bench/torch/recipe.py running the same layers from the same starting weights on the same rows (a sweep\'s runs one after the other). Measured side by side in this one run on a shared machine: read the ratios, not the seconds. Above 0.33x, the note says whether the fixed cost (everything but training: process starts, compile, verification) or the steps (training alone over the target) is why.',
    '',
    '| pack | exercise | kind | runs | dlx s | backend | PyTorch s | vs PyTorch | dlx result | note |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...sorted.map((r) => `| ${r.pack} | ${r.exercise} | ${r.kind} | ${r.runs ?? ''} | ${fmt(r.dlxMs / 1000)} | ${r.backend ?? ''} | ${fmt(r.torchMs / 1000)} | ${r.ratio ? `${fmt(r.ratio)}x` : ''} | ${r.result ?? ''}${r.passed === false ? ' (checks failed)' : ''} | ${String(r.error ?? r.note ?? r.torchResult ?? '').replace(/\|/g, '/')} |`),
  ];
  fs.mkdirSync(values.out, { recursive: true });
  fs.writeFileSync(path.join(values.out, 'PACKS.md'), `${lines.join('\n')}\n`);
  fs.writeFileSync(path.join(values.out, 'packs.json'), `${JSON.stringify({ date: new Date().toISOString(), cpu: cpuName(), torch, rows: sorted }, null, 2)}\n`);
  return lines;
}
