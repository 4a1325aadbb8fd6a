// Human-readable output of the CLI. Pure functions of results, so they are easy to test.
import { formatLocation } from '../engine/errors';
import { describeOptimizer } from '../engine/optimizers';
import { describeOutcome, formatOutcome, isFractionOutcome, predictionMatches, runValue, type OutcomeName, type SweepResult, type SweepStats, type SweepValue } from '../engine/sweep';
import type { CheckResult, EpochMetrics, RunError, RunResult, SandboxState, SplitMetrics } from '../engine/results';
import { SWEEP_RECORDED_UNVERIFIED, verificationNote } from '../engine/verdict';

export function formatMetrics(metrics: SplitMetrics): string {
  const parts = [`loss ${metrics.loss.toFixed(4)}`];
  if (metrics.accuracy !== undefined) parts.push(`accuracy ${(metrics.accuracy * 100).toFixed(1)}%`);
  if (metrics.r !== undefined) parts.push(`r ${metrics.r.toFixed(3)}`);
  if (metrics.f1 !== undefined) parts.push(`macro F1 ${metrics.f1.toFixed(3)}`);
  return parts.join(', ');
}

/** A check result with its README step (src/engine/hints.ts resultsInStepOrder gives them in instruction order). */
export type SteppedCheck = { step?: number; result: CheckResult };

/** The checks in the order given, each with its step; then the first failure, where to start. */
export function formatChecks(checks: readonly SteppedCheck[]): string[] {
  const lines = checks.map(({ step, result }) => `  ${result.passed ? 'PASS' : 'FAIL'} ${result.name}: ${result.message}${step === undefined ? '' : ` (Step ${step})`}`);
  const first = checks.find(({ result }) => !result.passed);
  if (first && checks.some(({ step }) => step !== undefined)) lines.push(`First failure: ${first.result.name}${first.step === undefined ? '' : `, Step ${first.step} of the instructions`}.`);
  return lines;
}

/** `last`: the run's last epoch, for what only the epochs carry (penalty, learning rate, layer norms). */
export function formatResult(result: RunResult, last?: EpochMetrics, checks: readonly SteppedCheck[] = result.checks.map((check) => ({ result: check }))): string {
  const lines = [
    `${result.exercise}: ${result.status} ${result.epochs} epochs in ${(result.wallMs / 1000).toFixed(2)} s on ${result.backend} (${result.backendReason})`,
    ...formatSandbox(result.sandbox).map((line) => `  ${line}`),
    `  train: ${formatMetrics(result.metrics.train)}`,
  ];
  if (result.metrics.dev) lines.push(`  dev:   ${formatMetrics(result.metrics.dev)}`);
  if (result.metrics.test) lines.push(`  test:  ${formatMetrics(result.metrics.test)}`);
  if (result.optimizer) lines.push(`  optimizer: ${describeOptimizer(result.optimizer)}`);
  const early = result.earlyStopping;
  if (early) lines.push(`  early stopping: ${early.stoppedEpoch === null ? 'did not stop' : `stopped at epoch ${early.stoppedEpoch}`}, best epoch ${early.bestEpoch ?? '-'}${early.restored ? ', its weights restored' : ''}`);
  lines.push(...formatEpochExtras(result, last));
  lines.push(`  timing: first epoch ${result.timings.firstEpochMs.toFixed(0)} ms, ${result.timings.msPerStep.toFixed(3)} ms/step over ${result.timings.steps} steps, peak memory ${result.peakRssMb.toFixed(0)} MB`);
  for (const note of result.diagnosis) lines.push(`  note: ${note}`);
  for (const advice of result.advice ?? []) lines.push(`  try next: ${advice.text}`);
  lines.push('Checks:', ...formatChecks(checks));
  const failed = result.checks.filter((check) => !check.passed).length;
  lines.push(`${failed === 0 ? `All ${result.checks.length} checks passed` : `${failed} of ${result.checks.length} checks failed`} (${verificationNote(result.verification)}).`);
  return lines.join('\n');
}

function formatEpochExtras(result: RunResult, last: EpochMetrics | undefined): string[] {
  const lines: string[] = [];
  const penalty = last?.train.penalty;
  if (last && penalty !== undefined) lines.push(`  penalty: ${penalty.toFixed(4)} at epoch ${last.epoch} (train loss ${last.train.loss.toFixed(4)} reported, loss + penalty ${(last.train.loss + penalty).toFixed(4)} minimized)`);
  if (last?.learningRate !== undefined) lines.push(`  learning rate: ${Number(last.learningRate.toPrecision(4))} at epoch ${last.epoch}`);
  const from = result.startedFrom;
  if (from) lines.push(`  started from: the checkpoint of epoch ${from.epoch}, ${from.resume ? 'resumed (epochs counted on)' : 'its weights (epochs counted from 1)'}`);
  const saved = result.checkpoints;
  if (saved) {
    const best = saved.best && `best epoch ${saved.best.epoch} (${saved.best.monitor} ${saved.best.value.toPrecision(4)})`;
    lines.push(`  checkpoints: ${[best, saved.last && `last epoch ${saved.last.epoch}`].filter(Boolean).join(', ') || 'none saved'}`);
  }
  if (last?.layers?.length) {
    lines.push(`  layer norms at epoch ${last.epoch} (weights | gradient): ${last.layers.map((layer) => `${layer.name} ${layer.weightNorm.toPrecision(3)} | ${layer.gradientNorm.toPrecision(3)}`).join('; ')}`);
  }
  return lines;
}

/** Whether learner code ran sandboxed, and whether the memory cap covered the whole process. */
export function formatSandbox(sandbox: SandboxState): string[] {
  const { memoryWatch } = sandbox;
  return [
    `sandbox: ${sandbox.on ? 'on' : 'off'} (${sandbox.reason})`,
    `memory cap: ${memoryWatch.on ? 'the whole process' : 'the JavaScript heap only'} (${memoryWatch.on ? '' : 'no resident-memory watch: '}${memoryWatch.reason})`,
  ];
}

export function formatError(error: RunError): string {
  const where = error.location ? `${formatLocation(error.location)}: ` : '';
  return `error (${error.kind}): ${where}${error.message}${error.hint ? `\n${error.hint}` : ''}`;
}

/** NaN and Infinity are not JSON: they become null. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
}

export function progressBar(epoch: number, total: number, metrics: SplitMetrics, width = 30): string {
  const filled = Math.round((epoch / total) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${epoch}/${total} ${formatMetrics(metrics)}`;
}

// ---------------------------------------------------------------------------------- sweeps

function sweepValueText(value: SweepValue): string {
  return typeof value === 'number' ? String(Number(value.toPrecision(4))) : String(value);
}

export function table(rows: string[][], align: ('l' | 'r')[]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  return rows.map((row) => row.map((cell, c) => (align[c] === 'l' ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd());
}

function statsRow(label: string, stats: SweepStats, outcome: OutcomeName, threshold: number | undefined): string[] {
  const f = (value: number | null) => formatOutcome(outcome, value);
  const row = [label, f(stats.mean), f(stats.std), f(stats.min), f(stats.max), String(stats.n)];
  if (threshold !== undefined || outcome === 'epochsToThreshold') row.push(stats.fractionAbove === null ? '-' : stats.fractionAbove.toFixed(2));
  if (stats.failed) row.push(`${stats.failed} failed`);
  return row;
}

/** The outcome by setting: a table for one setting, per-setting tables and a matrix for a grid. */
export function formatSweepTable(sweep: SweepResult): string[] {
  const summary = sweep.summary!;
  const { outcome, threshold } = summary;
  const aboveHeader = outcome === 'epochsToThreshold' ? 'reached' : threshold !== undefined ? `>${sweepValueText(threshold)}` : undefined;
  const header = (name: string) => [name, 'mean', 'std', 'min', 'max', 'n', ...(aboveHeader ? [aboveHeader] : [])];
  const failedColumn = summary.points.some((p) => p.failed > 0) || summary.overall.failed > 0;
  const pad = (rows: string[][]) => rows.map((row) => (failedColumn && row.length < rows[0].length + 1 ? row.concat(Array(rows[0].length + 1 - row.length).fill('')) : row));
  const lines: string[] = [];
  const align: ('l' | 'r')[] = ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'l'];
  if (summary.search === 'random' && summary.axes.length > 1) {
    // The settings drawn, best mean first: the question of a random search is which one won.
    const label = summary.axes.map((axis) => axis.name).join(', ');
    const lowerIsBetter = /loss$/i.test(outcome) || outcome === 'epochsToThreshold';
    const ranked = [...summary.points].sort((a, b) => (a.mean === null ? 1 : b.mean === null ? -1 : lowerIsBetter ? a.mean - b.mean : b.mean - a.mean));
    const rows = [header(label), ...ranked.map((p) => statsRow(summary.axes.map((axis) => sweepValueText(p.values[axis.name])).join(', '), p, outcome, threshold)), statsRow('all', summary.overall, outcome, threshold)];
    lines.push(`random search: ${summary.points.length} settings drawn, best first:`, ...table(pad(rows), align));
  } else if (summary.axes.length === 1) {
    const axis = summary.axes[0];
    const rows = [header(axis.name), ...summary.points.map((p) => statsRow(sweepValueText(p.values[axis.name]), p, outcome, threshold)), statsRow('all', summary.overall, outcome, threshold)];
    lines.push(...table(pad(rows), align));
  } else {
    for (const axis of summary.axes) {
      const rows = [header(axis.name), ...summary.marginals[axis.name].map((p) => statsRow(sweepValueText(p.values[axis.name]), p, outcome, threshold))];
      lines.push(...table(pad(rows), align), '');
    }
    const grid = summary.grid!;
    // The longer axis goes down the page.
    const transpose = grid.columnValues.length > grid.rowValues.length;
    const down = transpose ? grid.columnValues : grid.rowValues;
    const across = transpose ? grid.rowValues : grid.columnValues;
    const cell = (matrix: (number | null)[][], i: number, j: number) => (transpose ? matrix[j][i] : matrix[i][j]);
    const show = (value: number | null) => (value === null ? '-' : isFractionOutcome(outcome) ? (value * 100).toFixed(1) : formatOutcome(outcome, value));
    lines.push(`mean ${describeOutcome({ outcome, threshold })}${isFractionOutcome(outcome) ? ' (%)' : ''}, ${transpose ? grid.columns : grid.rows} down, ${transpose ? grid.rows : grid.columns} across:`);
    const rows = [[transpose ? grid.columns : grid.rows, ...across.map(sweepValueText)], ...down.map((value, i) => [sweepValueText(value), ...across.map((_, j) => show(cell(grid.mean, i, j)))])];
    lines.push(...table(rows, ['l', ...across.map(() => 'r' as const)]));
    lines.push(`all: ${statsRow('', summary.overall, outcome, threshold).slice(1).join('  ')}`);
  }
  return lines;
}

export function formatSweep(sweep: SweepResult, options: { workers?: number } = {}, stepped: readonly SteppedCheck[] = (sweep.checks ?? []).map((check) => ({ result: check }))): string {
  const summary = sweep.summary!;
  const axes = sweep.points
    ? `random search: ${sweep.points.length} draws of ${sweep.axes.map((axis) => axis.name).join(', ')}`
    : sweep.axes.map((axis) => `${axis.name}: ${axis.values.length} value${axis.values.length === 1 ? '' : 's'}`).join(' x ');
  const repeats = sweep.repeats;
  const seeds = sweep.seeds === 'perRun'
    ? `seeds ${sweep.baseSeed}..${sweep.baseSeed + sweep.runs.length - 1}, one per run`
    : repeats === 1 ? `seed ${sweep.baseSeed}` : `seeds ${sweep.baseSeed}..${sweep.baseSeed + repeats - 1}`;
  const lines = [
    `${sweep.exercise}: ${sweep.status === 'cancelled' ? `stopped after ${summary.overall.n + summary.counts.failed} of ${sweep.runs.length}` : `${sweep.status} ${sweep.runs.length}`} runs (${axes}, ${repeats} repeat${repeats === 1 ? '' : 's'}, ${seeds}) on ${options.workers ?? sweep.workers} workers in ${((sweep.wallMs ?? 0) / 1000).toFixed(1)} s${sweep.quick ? ' [reduced sizes of dlx validate]' : ''}`,
    `outcome: ${describeOutcome(sweep.spec)}${summary.threshold !== undefined && sweep.outcome !== 'epochsToThreshold' ? `; threshold ${sweepValueText(summary.threshold)}` : ''}`,
    '',
    ...formatSweepTable(sweep),
    '',
  ];
  lines.push(...formatCurves(sweep));
  if (summary.parameters) {
    const p = summary.parameters;
    lines.push(`${describeOutcome(sweep.spec)} vs trainable parameters (${p.min} to ${p.max}): Spearman rho ${p.rho === null ? 'undefined' : p.rho.toFixed(2)} over ${p.runs} runs`);
  }
  const overall = summary.overall;
  if (overall.fractionAbove !== null) {
    const count = Math.round(overall.fractionAbove * (sweep.outcome === 'epochsToThreshold' ? overall.runs - overall.failed : overall.n));
    lines.push(sweep.outcome === 'epochsToThreshold'
      ? `fraction of runs that reached the threshold: ${overall.fractionAbove.toFixed(2)} (${count} of ${overall.runs - overall.failed})`
      : `fraction of runs above ${sweepValueText(summary.threshold!)}: ${overall.fractionAbove.toFixed(2)} (${count} of ${overall.n})`);
  }
  const failed = sweep.runs.filter((run) => run.status === 'failed');
  for (const run of failed.slice(0, 5)) {
    lines.push(`failed: run ${run.index + 1} (${Object.entries(run.values).map(([k, v]) => `${k} ${sweepValueText(v)}`).join(', ')}, seed ${run.seed}): ${run.error?.message ?? 'no result'}`);
  }
  if (failed.length > 5) lines.push(`... and ${failed.length - 5} more failed runs`);
  const diverged = summary.counts.diverged;
  if (diverged) lines.push(`${diverged} run${diverged === 1 ? '' : 's'} diverged (loss NaN/infinite): their final metrics count as they are.`);
  const shape = summary.shape;
  lines.push(`shape along ${shape.along}: ${shape.shape}${shape.bimodal && shape.shape !== 'bimodal' ? ', with bimodal runs' : ''} (${shape.detail})`);
  if (sweep.prediction) {
    const matches = predictionMatches(sweep.prediction.shape, shape);
    lines.push(`your prediction (committed before the sweep): ${sweep.prediction.shape}${sweep.prediction.note ? ` - "${sweep.prediction.note}"` : ''}: ${matches ? 'matches what happened' : `does not match (observed ${shape.shape}${shape.bimodal && shape.shape !== 'bimodal' ? ', bimodal runs' : ''})`}`);
  }
  const checks = sweep.checks ?? [];
  if (sweep.status === 'cancelled') lines.push('The sweep was stopped: the checks below saw only the runs that finished.');
  if (checks.length > 0) {
    lines.push('Checks:');
    lines.push(...formatChecks(stepped));
    const failing = checks.filter((check) => !check.passed).length;
    lines.push(failing === 0 ? `All ${checks.length} checks passed.` : `${failing} of ${checks.length} checks failed.`);
  } else {
    lines.push('This exercise has no sweep checks.');
  }
  const verification = sweep.verification ?? SWEEP_RECORDED_UNVERIFIED;
  lines.push(`Runs' results: ${verification.state === 'verified' ? `verified (${verification.reason})` : verificationNote(verification)}.`);
  return lines.join('\n');
}

/**
 * For sweeps of up to 12 settings: the mean learning curve of each setting at a few epochs
 * (1, 10, 100, ... and the last), accuracy (train / test) for classifications, else loss.
 */
export function formatCurves(sweep: SweepResult): string[] {
  const summary = sweep.summary!;
  if (summary.points.length > 12) return [];
  const withCurves = sweep.runs.filter((run) => run.curve && (run.status === 'completed' || run.status === 'diverged'));
  if (withCurves.length === 0) return [];
  const last = Math.max(...withCurves.map((run) => run.curve!.epoch[run.curve!.epoch.length - 1]));
  const epochs: number[] = [];
  for (let e = 1; e < last; e *= 10) epochs.push(e);
  epochs.push(last);
  const classification = withCurves.some((run) => run.curve!.trainAccuracy);
  const hasTest = withCurves.some((run) => run.curve!.testLoss);
  const metrics: ('trainAccuracy' | 'testAccuracy' | 'trainLoss' | 'testLoss')[] = classification ? ['trainAccuracy', ...(hasTest ? ['testAccuracy' as const] : [])] : ['trainLoss', ...(hasTest ? ['testLoss' as const] : [])];
  const label = summary.axes.map((axis) => axis.name).join(', ');
  const rows = [[label, ...epochs.map((e) => `epoch ${e}`)]];
  for (const point of summary.points) {
    const runs = withCurves.filter((run) => run.point === point.point);
    const cells = epochs.map((epoch) => metrics.map((metric) => {
      const values = runs.map((run) => runValue(run, metric, epoch)).filter((v): v is number => v !== null);
      if (values.length === 0) return '-';
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      return classification ? (mean * 100).toFixed(1) : mean.toPrecision(3);
    }).join(' / '));
    rows.push([summary.axes.map((axis) => sweepValueText(point.values[axis.name])).join(', '), ...cells]);
  }
  const what = classification ? `mean ${metrics.map((m) => m.replace('Accuracy', '')).join(' / ')} accuracy (%)` : `mean ${metrics.map((m) => m.replace('Loss', '')).join(' / ')} loss`;
  return [`learning curves, ${what} at epoch:`, ...table(rows, ['l', ...epochs.map(() => 'r' as const)]), ''];
}

export function sweepProgress(done: number, total: number, failed: number, seconds: number, width = 30): string {
  const filled = Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} runs${failed ? `, ${failed} failed` : ''}, ${seconds.toFixed(1)} s`;
}

/** `dlx grade`'s progress: learners done, exercise checks per second, and the time left at that rate. */
export function gradeProgress(progress: { learnersDone: number; learners: number; checksDone: number; checks: number }, seconds: number): string {
  const rate = seconds > 0 ? progress.checksDone / seconds : 0;
  const left = progress.checks - progress.checksDone;
  const eta = left === 0 ? 'done' : rate > 0 ? `about ${Math.ceil(left / rate)} s left` : 'time left not known yet';
  return `graded ${progress.learnersDone}/${progress.learners} learners, ${progress.checksDone}/${progress.checks} runs, ${rate.toFixed(2)} runs/s, ${eta}`;
}
