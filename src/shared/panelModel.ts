// Everything the Experiment panel shows, folded from the host's messages by one pure reducer: the
// run and the sweep (reduceRun, reduceSweep), their recent lists, the sweep compared with,
// workspace trust and which view has focus. The panel host keeps one, fed by the runners' events,
// and replays it after `ready`; the webview runs the same reducer on what arrives.
// No DOM, no vscode: unit-tested in test/webview/panelModel.test.ts.
import type { SweepResult, SweepSummary } from '../engine/sweep';
import type { FunctionPanelState, HostToPanel, PanelGuidance, PanelSnapshot, RunSummary, SweepListing, SweepSnapshot } from './panelProtocol';
import { reduceRun } from './runState';
import { reduceSweep, withSummary } from './sweepState';

export type ViewName = 'run' | 'sweep' | 'function';

export interface TrustState {
  trusted: boolean;
  reason?: string;
}

export interface PanelModel {
  run: PanelSnapshot | undefined;
  runHistory: RunSummary[];
  trust: TrustState;
  sweep: SweepSnapshot | undefined;
  sweepHistory: SweepListing[];
  /** An earlier sweep drawn beside the current one: its runs without curves, with its summary. */
  compare: (SweepResult & { summary: SweepSummary }) | undefined;
  /** The last run of a function exercise (src/host/functionRun.ts); absent in states saved before it. */
  fn?: FunctionPanelState;
  /**
   * The view asked for: the run or the sweep that started or was opened last (or the tab the
   * learner picked). Undefined until then: the newer of the two. See shownView.
   */
  focus: ViewName | undefined;
  /** Steps and hints of the shown run's exercise; undefined in models saved before it existed. */
  guidance?: PanelGuidance;
}

export function emptyPanelModel(): PanelModel {
  return { run: undefined, runHistory: [], trust: { trusted: true }, sweep: undefined, sweepHistory: [], compare: undefined, focus: undefined };
}

/** A model from what the runners hold (their saved runs and sweeps), no view asked for yet. */
export function restoredPanelModel(parts: Omit<PanelModel, 'compare' | 'focus'> & { compare: SweepResult | undefined }): PanelModel {
  const { guidance, ...rest } = parts;
  return { ...rest, compare: parts.compare && withSummary(parts.compare), focus: undefined, ...(guidance ? { guidance } : {}) };
}

/** The focus rule: a run that starts or is replayed, or a sweep that is replayed, takes the panel. */
function focusAfter(focus: ViewName | undefined, message: HostToPanel): ViewName | undefined {
  switch (message.type) {
    case 'runStarted':
      return 'run';
    case 'replay':
      return message.state ? 'run' : focus;
    case 'sweepReplay':
      return message.state ? 'sweep' : focus;
    case 'functionRun':
      return message.state ? 'function' : focus;
    default:
      return focus;
  }
}

function trustAfter(trust: TrustState, message: Extract<HostToPanel, { type: 'trust' }>): TrustState {
  if (trust.trusted === message.trusted && trust.reason === message.reason) return trust;
  return message.reason === undefined ? { trusted: message.trusted } : { trusted: message.trusted, reason: message.reason };
}

/**
 * Folds one host message into the model. Never mutates `model`; parts that did not change keep
 * their identity, and a message that changes nothing returns `model` itself (the webview repaints
 * only what changed).
 */
export function reducePanel(model: PanelModel, message: HostToPanel): PanelModel {
  const next: PanelModel = {
    ...model,
    run: reduceRun(model.run, message),
    sweep: reduceSweep(model.sweep, message),
    focus: focusAfter(model.focus, message),
  };
  switch (message.type) {
    case 'history':
      next.runHistory = message.runs;
      break;
    case 'sweepHistory':
      next.sweepHistory = message.sweeps;
      break;
    case 'trust':
      next.trust = trustAfter(model.trust, message);
      break;
    case 'sweepCompare':
      next.compare = message.sweep ? withSummary(message.sweep) : undefined;
      break;
    case 'functionRun':
      next.fn = message.state ?? undefined;
      break;
    case 'guidance':
      next.guidance = message.guidance ?? undefined;
      break;
  }
  const changed = (Object.keys(next) as (keyof PanelModel)[]).some((key) => next[key] !== model[key]);
  return changed ? next : model;
}

/** The view on screen: the one asked for when it has something to show, else the other. */
export function shownView(model: PanelModel): ViewName {
  if (model.focus === 'function' && model.fn) return 'function';
  const wanted = model.focus ?? ((model.sweep?.sweep.startedAt ?? -1) > (model.run?.startedAt ?? 0) ? 'sweep' : 'run');
  if (wanted === 'sweep') return model.sweep ? 'sweep' : 'run';
  if (!model.run && !model.sweep && model.fn) return 'function';
  return !model.run && model.sweep ? 'sweep' : 'run';
}

/** The learner picked a view (a tab). */
export function withFocus(model: PanelModel, view: ViewName): PanelModel {
  return model.focus === view ? model : { ...model, focus: view };
}

/**
 * What the host sends after `ready`: the whole model, the view on screen last (a panel shows what
 * it heard about last), then trust. Folded into any model they give one that shows the same.
 */
export function replayMessages(model: PanelModel): HostToPanel[] {
  const run: HostToPanel[] = [
    { type: 'replay', state: model.run ?? null },
    { type: 'guidance', guidance: model.guidance ?? null },
    { type: 'history', runs: model.runHistory },
  ];
  const sweep: HostToPanel[] = [
    { type: 'sweepReplay', state: model.sweep ?? null },
    { type: 'sweepHistory', sweeps: model.sweepHistory },
    { type: 'sweepCompare', sweep: model.compare ?? null },
  ];
  const fn: HostToPanel[] = [{ type: 'functionRun', state: model.fn ?? null }];
  const shown = shownView(model);
  const ordered = shown === 'function' ? [...run, ...sweep, ...fn] : shown === 'sweep' ? [...fn, ...run, ...sweep] : [...fn, ...sweep, ...run];
  return [...ordered, { type: 'trust', ...model.trust }];
}
