// The state of one run as the Experiment panel shows it, built from the host's messages by a pure
// reducer (part of the panel's, src/shared/panelModel.ts). The host keeps a snapshot so that a
// hidden or reloaded webview catches up with one `replay`; the webview runs the same reducer on the
// live messages. No DOM, no vscode: unit-tested in test/webview/runState.test.ts.
import type { EpochMetrics } from '../engine/results';
import { isRunEvent, type HostToPanel, type PanelSnapshot, type PanelStatus, type RunEvent } from './panelProtocol';

/** Learner console lines kept per run (the oldest are dropped). */
export const MAX_LOG_LINES = 200;
/** Longer lines are cut and end with an ellipsis. */
export const MAX_LOG_LINE_CHARS = 2000;
/** More epochs than this and the snapshot keeps every 2nd, 4th... epoch (see PanelSnapshot.epochs). */
export const MAX_STORED_EPOCHS = 20_000;

export function isTerminal(status: PanelStatus): boolean {
  return status !== 'running';
}

/** The epoch a stopped run can be resumed after (its last checkpoint's), or undefined when it cannot. */
export function resumableAfter(s: PanelSnapshot | undefined): number | undefined {
  return s?.status === 'stopped' ? s.result?.checkpoints?.last?.epoch : undefined;
}

export function emptySnapshot(runId: string): PanelSnapshot {
  return { runId, status: 'running', epochs: [], epochStride: 1, logs: [], droppedLogLines: 0 };
}

/** A run as it starts (the runner's and `dlx run`'s): its file and exercise, and the epochs of the run it resumes. */
export function startingSnapshot(runId: string, startedAt: number, learnerFile: string, exercise: { id: string; title: string }, earlier: EpochMetrics[] = []): PanelSnapshot {
  return { ...emptySnapshot(runId), startedAt, learnerFile, exercise: { id: exercise.id, title: exercise.title }, epochs: earlier, ...(earlier.length ? { latest: earlier[earlier.length - 1] } : {}) };
}

/**
 * Folds one host message into the panel state. Never mutates `state`; parts that did not change
 * keep their identity (the webview uses that to repaint only what changed).
 *
 * - A run event for another run id than `state`'s starts a new snapshot (events that arrive
 *   before `runStarted`, e.g. logs or a syntax error, belong to the run they name).
 * - After `finished`/`failed`, further progress and endings are ignored; logs are still kept.
 * - Epochs at or before the last one received are ignored, so a repeated batch is harmless.
 * - `replay` returns its state (`undefined` for `null`); other messages (history, trust, sweeps) leave `state` as is.
 */
export function reduceRun(state: PanelSnapshot | undefined, message: RunEvent): PanelSnapshot;
export function reduceRun(state: PanelSnapshot | undefined, message: HostToPanel): PanelSnapshot | undefined;
export function reduceRun(state: PanelSnapshot | undefined, message: HostToPanel): PanelSnapshot | undefined {
  switch (message.type) {
    case 'replay':
      return message.state ?? undefined;
  }
  if (!isRunEvent(message)) return state;
  const base = state && state.runId === message.runId ? state : emptySnapshot(message.runId);
  const ended = isTerminal(base.status);
  switch (message.type) {
    case 'runStarted':
      return { ...base, startedAt: message.startedAt, learnerFile: message.learnerFile, run: message.run };
    case 'progress': {
      if (ended) return base;
      const last = base.latest?.epoch ?? 0;
      const fresh = message.epochs.filter((e) => e.epoch > last);
      if (fresh.length === 0) return base;
      const { epochs, epochStride } = appendEpochs(base.epochs, base.epochStride, fresh);
      return { ...base, epochs, epochStride, latest: fresh[fresh.length - 1] };
    }
    case 'log': {
      const lines = splitLines(message.text);
      const all = base.logs.concat(lines);
      const drop = Math.max(0, all.length - MAX_LOG_LINES);
      return { ...base, logs: drop > 0 ? all.slice(drop) : all, droppedLogLines: base.droppedLogLines + drop };
    }
    case 'finished':
      if (ended) return base;
      return { ...base, status: message.result.status, result: message.result };
    case 'failed':
      if (ended) return base;
      return { ...base, status: 'failed', error: message.error };
  }
}

function appendEpochs(stored: EpochMetrics[], stride: number, incoming: EpochMetrics[]): { epochs: EpochMetrics[]; epochStride: number } {
  let epochs = stored.concat(stride === 1 ? incoming : incoming.filter((e) => (e.epoch - 1) % stride === 0));
  let epochStride = stride;
  while (epochs.length > MAX_STORED_EPOCHS) {
    epochStride *= 2;
    const keep = epochStride;
    epochs = epochs.filter((e) => (e.epoch - 1) % keep === 0);
  }
  return { epochs, epochStride };
}

function splitLines(text: string): string[] {
  const lines = String(text).split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => (line.length > MAX_LOG_LINE_CHARS ? `${line.slice(0, MAX_LOG_LINE_CHARS - 1)}…` : line));
}
