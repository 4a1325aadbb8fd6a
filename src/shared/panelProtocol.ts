// Extension host <-> "Experiment" webview panel. One union per direction; the host and the
// webview (webview/src) both import this file, so it must stay free of DOM and vscode types.
//
// Handshake: the webview posts `ready` once its script runs (also after a reload); the host
// sends nothing before that, then answers with `replay` (the whole current run), `history`
// and `trust`, and from then on streams run events as they happen.
//
// Sweeps travel the same way: `sweepReplay` (the whole sweep so far, also after `ready`), then
// the finished runs, then `sweepFinished` (or `sweepFailed`). A runner reports one `sweepRun` per
// run; the panel host posts them as `sweepRuns`, every run of a tick (SWEEP_BATCH_MS) in one
// message, and always before whatever comes next. The panel accepts both. It shows whichever of
// the two (the last run, the last sweep) the most recent `replay`/`runStarted` or `sweepReplay`
// was about (see src/shared/panelModel.ts); after `ready` the host sends the one shown last.
//
// Messages travel as JSON: NaN and Infinity (a diverged loss) arrive as `null`.
import type { Backend, EpochMetrics, ErrorKind, RunError, RunResult, SplitMetrics } from '../engine/results';
import type { RunStarted } from '../trainer/protocol';
import type { ExperimentSettings, TaskKind } from '../engine/settings';
import type { OutcomeName, SweepResult, SweepRunResult, SweepShape, SweepSummary } from '../engine/sweep';
import type { FunctionRunResult } from '../engine/functions/types';

/** `running` until the run ends; then the result's status, or `failed` when there is no result. */
export type PanelStatus = 'running' | 'completed' | 'stopped' | 'diverged' | 'failed';

/** Everything the panel shows about one run. Built by `reduceRun` (src/shared/runState.ts). */
export interface PanelSnapshot {
  /** Chosen by the host, unique per run. */
  runId: string;
  /** Host clock, ms since the Unix epoch. Unknown when the run failed before it started. */
  startedAt?: number;
  /** Absolute path of the trained learner file. Unknown when the run failed before it started. */
  learnerFile?: string;
  /** The exercise, known to the host from the start (a run can fail before the trainer says). */
  exercise?: { id: string; title: string };
  /** The trainer's `started` message. Absent when the run failed before (syntax error...). */
  run?: RunStarted;
  status: PanelStatus;
  /**
   * Epoch metrics in epoch order. Long runs are thinned: once more than MAX_STORED_EPOCHS
   * epochs arrived, only epochs with (epoch - 1) % epochStride === 0 are kept.
   */
  epochs: EpochMetrics[];
  /** 1 until thinning starts, then a power of two. */
  epochStride: number;
  /** The most recent epoch, kept even when thinning leaves it out of `epochs`. */
  latest?: EpochMetrics;
  /** The learner's console output, one entry per line, the last MAX_LOG_LINES lines. */
  logs: string[];
  /** Lines dropped from the front of `logs`. */
  droppedLogLines: number;
  result?: RunResult;
  error?: RunError;
}

/** One row of the "recent runs" table. Built by `summarizeRun` (src/shared/history.ts). */
export interface RunSummary {
  runId: string;
  startedAt?: number;
  learnerFile?: string;
  exercise?: string;
  backend?: Backend;
  task?: TaskKind;
  status: PanelStatus;
  /** Final metrics (the result's, else the last epoch's). */
  metrics?: { train: SplitMetrics; test?: SplitMetrics };
  /** Undefined until the run has a result. */
  passed?: boolean;
  checksPassed: number;
  checksTotal: number;
  /** Epochs trained (so far). */
  epochs: number;
  /** Epochs the settings asked for. */
  totalEpochs?: number;
  wallMs?: number;
  errorKind?: ErrorKind;
  /** The knobs learners turn, to compare runs. */
  settings?: Pick<ExperimentSettings, 'loss' | 'optimizer' | 'learningRate' | 'batchSize' | 'epochs'>;
  parameters?: number;
}

/** Everything the panel shows about one sweep. Built by `reduceSweep` (src/shared/sweepState.ts). */
export interface SweepSnapshot {
  /** The record: runs arrive one by one (curves thinned for the panel); checks and `passed` once it ends. */
  sweep: SweepResult;
  exercise: { id: string; title: string };
  /** Runs planned. */
  total: number;
  /** `failed`: stopped by an error that every run would hit (see `error`). */
  status: 'running' | 'completed' | 'cancelled' | 'failed';
  error?: RunError;
  /** Of the runs so far while running; the final one after. */
  summary: SweepSummary;
}

/** One row of the "recent sweeps" table. Built by `listSweep` (src/shared/history.ts). */
export interface SweepListing {
  sweepId: string;
  exercise: string;
  title?: string;
  learnerFile: string;
  startedAt: number;
  status: SweepSnapshot['status'];
  runs: number;
  /** e.g. ["learningRate x50"] */
  axes: string[];
  repeats: number;
  outcome: OutcomeName;
  threshold?: number;
  mean: number | null;
  fractionAbove: number | null;
  shape?: SweepShape;
  prediction?: SweepShape;
  /** Whether the prediction matches the observed shape (predictionMatches); absent without both. */
  matches?: boolean;
  passed?: boolean;
  checksPassed?: number;
  checksTotal?: number;
  quick: boolean;
  wallMs?: number;
}

/** A function exercise's run (src/host/functionRun.ts): running, then its result or its error. */
export interface FunctionPanelState {
  runId: string;
  startedAt: number;
  learnerFile: string;
  exercise: { id: string; title: string };
  status: 'running' | 'completed' | 'failed';
  result?: FunctionRunResult;
  error?: RunError;
}

/** What the panel shows beside the checks of a run's exercise: steps, hints left, the hints revealed. */
export interface PanelGuidance {
  exerciseId: string;
  /** The exercise's checks in the README's step order; `index` is the check's place in the run's results. */
  checks: { index: number; step?: number; hasHints: boolean }[];
  /** Whether Show Hint has anything left to reveal, for the exercise in general. */
  hintsLeft: boolean;
  /** Every hint revealed so far, in ladder order. */
  revealed: { about: string; index: number; of: number; text: string; code?: string }[];
}

export type HostToPanel =
  | { type: 'runStarted'; runId: string; startedAt: number; learnerFile: string; run: RunStarted }
  | { type: 'progress'; runId: string; epochs: EpochMetrics[] }
  | { type: 'log'; runId: string; text: string }
  | { type: 'finished'; runId: string; result: RunResult }
  | { type: 'failed'; runId: string; error: RunError }
  /** Full catch-up after `ready`: replaces whatever the panel shows. `null`: no run yet. */
  | { type: 'replay'; state: PanelSnapshot | null }
  /** The learner's last few runs, newest first (may include the current one). */
  | { type: 'history'; runs: RunSummary[] }
  /** Workspace trust: when false the panel disables "Run again" and says why. */
  | { type: 'trust'; trusted: boolean; reason?: string }
  /** The whole sweep so far (a new sweep starts with one); `null`: no sweep yet. */
  | { type: 'sweepReplay'; state: SweepSnapshot | null }
  | { type: 'sweepRun'; sweepId: string; run: SweepRunResult }
  /** Several finished runs at once, in the order they finished (what the panel host posts). */
  | { type: 'sweepRuns'; sweepId: string; runs: SweepRunResult[] }
  /** The final record (runs, summary, checks): replaces what the runs built up. */
  | { type: 'sweepFinished'; sweepId: string; sweep: SweepResult }
  | { type: 'sweepFailed'; sweepId: string; error: RunError }
  /** Recent sweeps, newest first (may include the current one). */
  | { type: 'sweepHistory'; sweeps: SweepListing[] }
  /** An earlier sweep to draw beside the current one (its runs without curves); `null`: none. */
  | { type: 'sweepCompare'; sweep: SweepResult | null }
  /** A function exercise's run, whole each time (it starts, it ends); `null`: none yet. */
  | { type: 'functionRun'; state: FunctionPanelState | null }
  /** The guidance of the shown run's exercise (src/engine/hints.ts); `null`: none (no run, or an unknown exercise). */
  | { type: 'guidance'; guidance: PanelGuidance | null };

export type PanelToHost =
  | { type: 'ready' }
  | { type: 'stop' }
  | { type: 'rerun' }
  /** Continue a stopped run from its last checkpoint (src/host/startFrom.ts), as a new run. */
  | { type: 'resume'; runId: string }
  /** Show a saved run (a row of the recent-runs table) in full; the host answers with a `replay`. */
  | { type: 'showRun'; runId: string }
  /** line and column are 1-based. */
  | { type: 'openFile'; file: string; line?: number; column?: number }
  /** The instructions (README) of the exercise of this learner file, in a Markdown preview beside it. */
  | { type: 'openInstructions'; file: string }
  | { type: 'stopSweep' }
  /** The same sweep again (the host asks for a new prediction first). */
  | { type: 'rerunSweep' }
  /** Show a saved sweep; the host answers with a `sweepReplay`. */
  | { type: 'showSweep'; sweepId: string }
  /** Draw a saved sweep beside the one shown (`null`: stop comparing); answered with `sweepCompare`. */
  | { type: 'compareSweep'; sweepId: string | null }
  /** Show Hint for the shown run's exercise, from one of its checks (its index in the results) or in general. */
  | { type: 'showHint'; check?: number }
  /** The README of the shown run's exercise, at the heading "## Step N". */
  | { type: 'openStep'; step: number }
  /** Insert the code of the revealed hint at this position of PanelGuidance.revealed into the learner's file. */
  | { type: 'insertHint'; hint: number };

/** The messages about one run: what the host forwards from the trainer, tagged with a run id. */
export type RunEvent = Extract<HostToPanel, { runId: string }>;
/** The messages about one sweep's progress. */
export type SweepEvent = Extract<HostToPanel, { sweepId: string }>;

export type HostToPanelType = HostToPanel['type'];
export type PanelToHostType = PanelToHost['type'];

/**
 * How long the sweep runner and the panel host gather finished sweep runs into one `sweepRuns`:
 * the panel redraws a running sweep once a second (webview/src/main.ts), and every post costs the
 * workbench renderer a relay into the webview (about 4 ms of its JavaScript each, in a CPU profile
 * of a 500-run sweep batched every 150 ms).
 */
export const SWEEP_BATCH_MS = 1000;

// Records over the union's tags: adding a message type without listing it here does not compile.
const HOST_TO_PANEL_TYPES: Record<HostToPanelType, true> = {
  runStarted: true, progress: true, log: true, finished: true, failed: true, replay: true, history: true, trust: true,
  sweepReplay: true, sweepRun: true, sweepRuns: true, sweepFinished: true, sweepFailed: true, sweepHistory: true, sweepCompare: true, functionRun: true, guidance: true,
};
const PANEL_TO_HOST_TYPES: Record<PanelToHostType, true> = {
  ready: true, stop: true, rerun: true, resume: true, showRun: true, openFile: true, openInstructions: true, stopSweep: true, rerunSweep: true, showSweep: true, compareSweep: true,
  showHint: true, openStep: true, insertHint: true,
};

function hasType(value: unknown): value is { type: string } {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Shallow guard for messages arriving in the webview (checks the `type` tag only). */
export function isHostToPanel(value: unknown): value is HostToPanel {
  return hasType(value) && Object.hasOwn(HOST_TO_PANEL_TYPES, value.type);
}

/** Guard for `webview.onDidReceiveMessage` in the host; checks `openFile`'s fields too. */
export function isPanelToHost(value: unknown): value is PanelToHost {
  if (!hasType(value) || !Object.hasOwn(PANEL_TO_HOST_TYPES, value.type)) return false;
  if (value.type === 'showRun' || value.type === 'resume') return typeof (value as { runId?: unknown }).runId === 'string';
  if (value.type === 'showSweep') return typeof (value as { sweepId?: unknown }).sweepId === 'string';
  if (value.type === 'compareSweep') {
    const id = (value as { sweepId?: unknown }).sweepId;
    return id === null || typeof id === 'string';
  }
  const naturalNumber = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0;
  if (value.type === 'showHint') {
    const check = (value as { check?: unknown }).check;
    return check === undefined || naturalNumber(check);
  }
  if (value.type === 'openStep') return naturalNumber((value as { step?: unknown }).step);
  if (value.type === 'insertHint') return naturalNumber((value as { hint?: unknown }).hint);
  if (value.type === 'openInstructions') {
    const file = (value as { file?: unknown }).file;
    return typeof file === 'string' && file.length > 0;
  }
  if (value.type !== 'openFile') return true;
  const { file, line, column } = value as { file?: unknown; line?: unknown; column?: unknown };
  const optionalPositive = (n: unknown) => n === undefined || (typeof n === 'number' && Number.isInteger(n) && n >= 1);
  return typeof file === 'string' && file.length > 0 && optionalPositive(line) && optionalPositive(column);
}

export function isRunEvent(message: HostToPanel): message is RunEvent {
  return 'runId' in message;
}

export function isSweepEvent(message: HostToPanel): message is SweepEvent {
  return 'sweepId' in message;
}

/** Finished sweep runs: what streams in, hundreds of times, while a sweep runs. */
export function isSweepRunMessage(message: HostToPanel): message is Extract<HostToPanel, { type: 'sweepRun' | 'sweepRuns' }> {
  return message.type === 'sweepRun' || message.type === 'sweepRuns';
}
