// `dlx sweep`: runs an exercise's sweep (or a learner file's) on a pool of trainer processes,
// prints the outcome by setting and the checks, and saves the record under ./.dlx/sweeps/.
import { performance } from 'node:perf_hooks';
import type { Exercise } from '../engine/pack';
import { predictionMatches, type SweepResult, type SweepShape } from '../engine/sweep';
import { defaultWorkers, prepareSweep, startSweep } from '../host/sweep';
import { saveSweep } from '../host/sweepStore';
import type { BackendChoice } from '../engine/results';
import { SWEEP_RECORDED_UNVERIFIED } from '../engine/verdict';
import type { Shard } from '../host/shard';
import { sweepProgress } from './format';

export interface SweepCliOptions {
  seed?: number;
  /** Default: one per CPU core (os.availableParallelism()). */
  workers?: number;
  backend: BackendChoice;
  /** The reduced sizes of dlx validate. */
  quick: boolean;
  prediction?: { shape: SweepShape; note?: string };
  /** Progress and failures on stderr. */
  progress: boolean;
  /** Folder whose .dlx/sweeps/ gets the record; none: not saved. */
  saveIn?: string;
  trainerPath?: string;
  /** Only this shard's runs (`--shard i/n`): the result is not concluded. */
  shard?: Shard;
}

export async function runSweepCli(exercise: Exercise, file: string, options: SweepCliOptions): Promise<{ sweep: SweepResult; savedTo?: string; plannedRuns: number }> {
  const { spec, baseSeed } = prepareSweep(exercise, file, options.seed);
  const tty = options.progress && process.stderr.isTTY;
  const started = performance.now();
  let failed = 0;
  let savedTo: string | undefined;
  const handle = startSweep({
    exercise, learnerFile: file, spec, baseSeed, backend: options.backend,
    workers: options.workers ?? defaultWorkers(),
    quick: options.quick ? exercise.sweepValidation ?? {} : undefined,
    prediction: options.prediction,
    trainerPath: options.trainerPath,
    shard: options.shard,
    onStart: (record, plan) => {
      // Written before any run starts: the prediction is on disk before a result exists.
      if (options.saveIn) savedTo = saveSweep(options.saveIn, record);
      if (options.progress) {
        const axes = plan.spec.search === 'random'
          ? `random search: ${plan.points.length} draws of ${plan.axes.map((axis) => axis.name).join(', ')}`
          : plan.axes.map((axis) => `${axis.name} x${axis.values.length}`).join(', ');
        const shardNote = options.shard ? `shard ${options.shard.index}/${options.shard.count} of ` : '';
        process.stderr.write(`${exercise.id}: ${shardNote}${plan.runs.length} runs (${axes}, ${plan.spec.repeats} repeat${plan.spec.repeats === 1 ? '' : 's'}) on ${record.workers} worker${record.workers === 1 ? '' : 's'}\n`);
        if (record.prediction) process.stderr.write(`prediction committed: ${record.prediction.shape}${record.prediction.note ? ` ("${record.prediction.note}")` : ''}\n`);
      }
    },
    onRun: (run, done, total) => {
      if (run.status === 'failed') {
        failed++;
        if (options.progress) process.stderr.write(`${tty ? '\r\x1b[K' : ''}run ${run.index + 1} (${Object.entries(run.values).map(([k, v]) => `${k} ${v}`).join(', ')}, seed ${run.seed}) failed: ${run.error?.message ?? 'no result'}\n`);
      }
      if (tty) process.stderr.write(`\r${sweepProgress(done, total, failed, (performance.now() - started) / 1000)}\x1b[K`);
    },
  });
  const stop = () => void handle.cancel();
  process.once('SIGINT', stop);
  try {
    const sweep = await handle.result;
    if (options.saveIn) savedTo = saveSweep(options.saveIn, sweep);
    return { sweep, savedTo, plannedRuns: handle.plan.runs.length };
  } finally {
    process.removeListener('SIGINT', stop);
    if (tty) process.stderr.write('\r\x1b[K');
  }
}

/**
 * The `--json` object: everything but the per-epoch curves (those are in the saved record).
 * Field names are stable; NaN and Infinity become null.
 */
export function sweepJson(sweep: SweepResult, savedTo?: string): Record<string, unknown> {
  const summary = sweep.summary!;
  return {
    exercise: sweep.exercise,
    file: sweep.learnerFile,
    status: sweep.status,
    passed: sweep.passed ?? false,
    seed: sweep.baseSeed,
    repeats: sweep.repeats,
    seeds: sweep.seeds,
    workers: sweep.workers,
    quick: sweep.quick,
    wallMs: sweep.wallMs,
    outcome: sweep.outcome,
    threshold: sweep.threshold ?? null,
    spec: sweep.spec,
    axes: sweep.axes,
    ...(sweep.points ? { points: sweep.points } : {}),
    runs: sweep.runs.map(({ curve: _curve, checks: _checks, variableShapes: _shapes, ...run }) => run),
    summary: {
      points: summary.points,
      overall: summary.overall,
      ...(summary.grid ? { grid: summary.grid, marginals: summary.marginals } : {}),
      shape: summary.shape,
      counts: summary.counts,
    },
    prediction: sweep.prediction ?? null,
    predictionMatches: sweep.prediction ? predictionMatches(sweep.prediction.shape, summary.shape) : null,
    checks: sweep.checks ?? [],
    verification: sweep.verification ?? SWEEP_RECORDED_UNVERIFIED,
    savedTo: savedTo ?? null,
  };
}
