// The state of one sweep as the Experiment panel shows it, built from the host's messages by a
// pure reducer (part of the panel's, src/shared/panelModel.ts: the host keeps one for
// `sweepReplay`, the webview runs the same on live messages). No DOM, no vscode: unit-tested in
// test/webview/sweepState.test.ts.
import { summarizeSweep, thinValues, updateSweepSummary, type SweepCurve, type SweepResult, type SweepRunResult, type SweepSummary } from '../engine/sweep';
import { isSweepEvent, type HostToPanel, type SweepSnapshot } from './panelProtocol';

/**
 * Curve points the panel keeps over all runs of a sweep (per curve column): 500 runs of 1000
 * epochs would otherwise be megabytes per message and per saved webview state.
 */
export const PANEL_CURVE_BUDGET = 40_000;
/** ...but never fewer than this per run: a curve still shows its shape. */
export const MIN_CURVE_POINTS = 20;

export function curvePointsPerRun(totalRuns: number): number {
  return Math.max(MIN_CURVE_POINTS, Math.floor(PANEL_CURVE_BUDGET / Math.max(1, totalRuns)));
}

/** The curve with at most `max` epochs (first and last kept); the same object when it is short enough. */
export function thinSweepCurve(curve: SweepCurve, max: number): SweepCurve {
  if (curve.epoch.length <= max) return curve;
  const keep = thinValues(curve.epoch.map((_, i) => i), max);
  const out: Record<string, number[]> = {};
  for (const [key, column] of Object.entries(curve) as [string, number[] | undefined][]) {
    if (column) out[key] = keep.map((i) => column[i]);
  }
  return out as unknown as SweepCurve;
}

/** A run as the panel keeps it: its curve thinned to the sweep's share of the budget. The one place the panel thins sweep curves. */
export function panelRun(run: SweepRunResult, totalRuns: number): SweepRunResult {
  return run.curve ? { ...run, curve: thinSweepCurve(run.curve, curvePointsPerRun(totalRuns)) } : run;
}

/** A record without its runs' curves: what a comparison needs (means, spread, shape). */
export function withoutCurves(sweep: SweepResult): SweepResult {
  return { ...sweep, runs: sweep.runs.map(({ curve: _curve, ...run }) => run) };
}

/** A record as the panel keeps it (every run's curve thinned). */
export function panelSweep(sweep: SweepResult, totalRuns = sweep.runs.length): SweepResult {
  return { ...sweep, runs: sweep.runs.map((run) => panelRun(run, totalRuns)) };
}

/** The record with its summary: the saved one, else computed (a record saved mid-sweep has none). */
export function withSummary(sweep: SweepResult): SweepResult & { summary: SweepSummary } {
  return sweep.summary ? (sweep as SweepResult & { summary: SweepSummary }) : { ...sweep, summary: summarizeSweep(sweep) };
}

/** Runs the sweep plans: every combination of the axes' values (a random search: the settings drawn), times the repeats. */
export function plannedRuns(sweep: Pick<SweepResult, 'axes' | 'repeats' | 'points'>): number {
  return (sweep.points?.length ?? sweep.axes.reduce((count, axis) => count * axis.values.length, 1)) * sweep.repeats;
}

/**
 * The snapshot of a sweep: a new one (no runs yet) or a saved one. A saved record that still says
 * `running` has no live sweep behind it (the window closed mid-sweep): pass `live: false`.
 */
export function sweepSnapshot(sweep: SweepResult, exercise: SweepSnapshot['exercise'], live = sweep.status === 'running'): SweepSnapshot {
  const total = plannedRuns(sweep);
  const shown = panelSweep(sweep, total);
  const status = sweep.error ? 'failed' : sweep.status === 'running' && !live ? 'cancelled' : sweep.status;
  return { sweep: shown, exercise, total, status, ...(sweep.error ? { error: sweep.error } : {}), summary: withSummary(shown).summary };
}

/**
 * Folds one host message into the sweep state. Never mutates `state`.
 * - `sweepReplay` returns its state (`undefined` for `null`).
 * - Events for another sweep than `state`'s are ignored (a late run of a replaced sweep).
 * - A run already present (same index) is not added twice; runs after the end are ignored.
 * - The summary follows the added runs (updateSweepSummary, once per message), not recomputed from all runs.
 * - Other messages leave `state` as it is.
 */
export function reduceSweep(state: SweepSnapshot | undefined, message: HostToPanel): SweepSnapshot | undefined {
  if (message.type === 'sweepReplay') return message.state ?? undefined;
  if (!isSweepEvent(message) || !state || state.sweep.id !== message.sweepId) return state;
  switch (message.type) {
    case 'sweepRun':
      return addRuns(state, [message.run]);
    case 'sweepRuns':
      return addRuns(state, message.runs);
    case 'sweepFinished': {
      if (state.status !== 'running') return state;
      const sweep = panelSweep(message.sweep, state.total);
      return { ...state, sweep, status: message.sweep.status === 'running' ? 'completed' : message.sweep.status, summary: withSummary(sweep).summary };
    }
    case 'sweepFailed':
      if (state.status !== 'running') return state;
      return { ...state, status: 'failed', error: message.error, sweep: { ...state.sweep, finishedAt: state.sweep.finishedAt ?? Date.now() } };
  }
}

function addRuns(state: SweepSnapshot, incoming: readonly SweepRunResult[]): SweepSnapshot {
  if (state.status !== 'running') return state;
  const kept = new Set(state.sweep.runs.map((run) => run.index));
  const added: SweepRunResult[] = [];
  for (const run of incoming) {
    if (kept.has(run.index)) continue;
    kept.add(run.index);
    added.push(panelRun(run, state.total));
  }
  if (added.length === 0) return state;
  const sweep = { ...state.sweep, runs: [...state.sweep.runs, ...added] };
  return { ...state, sweep, summary: updateSweepSummary(state.summary, sweep, added) };
}
