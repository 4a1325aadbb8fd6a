// The rows of the panel's "recent runs" and "recent sweeps" tables, and the lists they form.
// No DOM, no vscode: unit-tested in test/webview/history.test.ts.
import { predictionMatches, type SweepResult } from '../engine/sweep';
import type { PanelSnapshot, RunSummary, SweepListing, SweepSnapshot } from './panelProtocol';
import { withSummary } from './sweepState';

/** Default length of the recent-runs and recent-sweeps lists. */
export const HISTORY_LIMIT = 10;

/** One row for the recent-runs table. Fields that are unknown are left out. */
export function summarizeRun(snapshot: PanelSnapshot): RunSummary {
  const { run, result, error, latest } = snapshot;
  const checks = result?.checks ?? [];
  const settings = run?.settings;
  const summary: RunSummary = {
    runId: snapshot.runId,
    startedAt: snapshot.startedAt,
    learnerFile: snapshot.learnerFile,
    exercise: result?.exercise ?? run?.exercise ?? snapshot.exercise?.id,
    backend: result?.backend ?? run?.backend,
    task: run?.task,
    status: snapshot.status,
    metrics: result?.metrics ?? (latest ? withoutUndefined({ train: latest.train, test: latest.test }) : undefined),
    passed: result?.passed,
    checksPassed: checks.filter((check) => check.passed).length,
    checksTotal: checks.length,
    epochs: result?.epochs ?? latest?.epoch ?? 0,
    totalEpochs: settings?.epochs,
    wallMs: result?.wallMs,
    errorKind: error?.kind,
    settings: settings && {
      loss: settings.loss,
      optimizer: settings.optimizer,
      learningRate: settings.learningRate,
      batchSize: settings.batchSize,
      epochs: settings.epochs,
    },
    parameters: run?.model.parameters,
  };
  return withoutUndefined(summary);
}

/** One row of the recent-sweeps table. */
export function listSweep(sweep: SweepResult, options: { title?: string; status?: SweepSnapshot['status'] } = {}): SweepListing {
  const { summary } = withSummary(sweep);
  return withoutUndefined<SweepListing>({
    sweepId: sweep.id,
    exercise: sweep.exercise,
    title: options.title,
    learnerFile: sweep.learnerFile,
    startedAt: sweep.startedAt,
    status: options.status ?? (sweep.error ? 'failed' : sweep.status),
    // The runs that ran: a stop cancels the rest.
    runs: sweep.runs.filter((run) => run.status !== 'cancelled').length,
    // A random search's axes list its distinct draws: "x9" would read as a grid.
    axes: sweep.points ? [`${sweep.points.length} random draws of ${sweep.axes.map((axis) => axis.name).join(', ')}`] : sweep.axes.map((axis) => `${axis.name} x${axis.values.length}`),
    repeats: sweep.repeats,
    outcome: sweep.outcome,
    threshold: sweep.threshold,
    mean: summary.overall.mean,
    fractionAbove: summary.overall.fractionAbove,
    shape: summary.overall.n > 0 ? summary.shape.shape : undefined,
    prediction: sweep.prediction?.shape,
    matches: sweep.prediction && summary.overall.n > 0 ? predictionMatches(sweep.prediction.shape, summary.shape) : undefined,
    passed: sweep.passed,
    checksPassed: sweep.checks?.filter((check) => check.passed).length,
    checksTotal: sweep.checks?.length,
    quick: sweep.quick,
    wallMs: sweep.wallMs,
  });
}

/** `entries` (runs or sweeps) with `entry` first (replacing one with the same id), at most `limit` long. */
export function addToHistory<T extends RunSummary | SweepListing>(entries: readonly T[], entry: T, limit = HISTORY_LIMIT): T[] {
  const id = (item: T) => ('runId' in item ? item.runId : item.sweepId);
  return [entry, ...entries.filter((item) => id(item) !== id(entry))].slice(0, Math.max(0, limit));
}

/** `value` without the fields that are undefined (they would only clutter saved and sent JSON). */
export function withoutUndefined<T extends object>(value: T): T {
  const out = {} as T;
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] !== undefined) out[key] = value[key];
  }
  return out;
}
