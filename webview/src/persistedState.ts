// What survives a webview reload (vscode.setState): the panel model and the learner's toggles.
// Version 2 stores the model as is; version 1 (the release before the panel model) stored its
// parts side by side and still loads. No DOM: unit-tested in test/webview/persistedState.test.ts.
import { emptyPanelModel, type PanelModel, type TrustState, type ViewName } from '../../src/shared/panelModel';
import type { PanelSnapshot, RunSummary, SweepListing, SweepSnapshot } from '../../src/shared/panelProtocol';
import { withSummary } from '../../src/shared/sweepState';
import type { SweepResult } from '../../src/shared/engineView';
import type { CurveChoice } from './sweep/sweepChartData';

export interface RunUi {
  logScale: boolean;
  normalized: boolean;
}

export interface SweepUi {
  /** The learning-curve column picked by the learner; undefined: the outcome's own. */
  curve?: CurveChoice;
  logScale: boolean;
}

export interface UiPrefs {
  run: RunUi;
  sweep: SweepUi;
}

export interface PersistedState {
  version: 2;
  model: PanelModel;
  ui: UiPrefs;
}

/** Saved by the release before the panel model. The sweep fields came later still: states without them load as "no sweep". */
interface PersistedStateV1 {
  version: 1;
  snapshot?: PanelSnapshot;
  history?: RunSummary[];
  trust?: TrustState;
  ui?: RunUi;
  sweep?: SweepSnapshot;
  sweepHistory?: SweepListing[];
  compare?: SweepResult;
  view?: ViewName;
  sweepUi?: SweepUi;
}

export function defaultUiPrefs(): UiPrefs {
  return { run: { logScale: false, normalized: false }, sweep: { logScale: false } };
}

export function persistedState(model: PanelModel, ui: UiPrefs): PersistedState {
  return { version: 2, model, ui };
}

/** The model and toggles of a saved state; empty ones for anything else (nothing saved, an unknown version). */
export function readPersistedState(saved: unknown): { model: PanelModel; ui: UiPrefs } {
  const empty = { model: emptyPanelModel(), ui: defaultUiPrefs() };
  if (typeof saved !== 'object' || saved === null) return empty;
  const state = saved as PersistedState | PersistedStateV1;
  if (state.version === 2) {
    return { model: { ...empty.model, ...state.model }, ui: { run: { ...empty.ui.run, ...state.ui?.run }, sweep: { ...empty.ui.sweep, ...state.ui?.sweep } } };
  }
  if (state.version !== 1) return empty;
  return {
    model: {
      run: state.snapshot,
      runHistory: state.history ?? [],
      trust: state.trust ?? empty.model.trust,
      sweep: state.sweep,
      sweepHistory: state.sweepHistory ?? [],
      compare: state.compare && withSummary(state.compare),
      focus: state.view === 'sweep' ? 'sweep' : 'run',
    },
    ui: { run: state.ui ?? empty.ui.run, sweep: state.sweepUi ?? empty.ui.sweep },
  };
}
