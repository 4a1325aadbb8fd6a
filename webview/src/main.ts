// Entry of the Experiment webview (bundled to dist/webview.js, styles to dist/webview.css).
// Driven only by the host's messages (src/shared/panelProtocol.ts): paints the last snapshot
// from the webview state at once, posts `ready`, then applies what arrives at most once per
// animation frame.
//
// Two views share the panel: the last run (PanelView) and the last sweep (SweepView). The most
// recent `replay`/`runStarted` or `sweepReplay` decides which one shows; when there are both, a
// tab bar lets the learner switch, and the choice survives a reload.
import './panel.css';
import './sweep.css';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import type { SweepResult } from '../../src/engine/sweep';
import { isHostToPanel, type HostToPanel, type PanelSnapshot, type RunSummary, type SweepListing, type SweepSnapshot } from '../../src/shared/panelProtocol';
import { isTerminal, reduceRun } from '../../src/shared/runHistory';
import { reduceSweep } from '../../src/shared/sweepState';
import { h } from './dom';
import { PanelView, type TrustState, type UiState, type ViewModel } from './panel';
import { SweepView, type SweepUiState } from './sweepView';
import './vscodeApi';

type ViewName = 'run' | 'sweep';

/**
 * What survives a webview reload (vscode.setState). The sweep fields came later: states saved
 * before them lack them, and load as "no sweep".
 */
interface PersistedState {
  version: 1;
  snapshot?: PanelSnapshot;
  history: RunSummary[];
  trust: TrustState;
  ui: UiState;
  sweep?: SweepSnapshot;
  sweepHistory?: SweepListing[];
  compare?: SweepResult;
  view?: ViewName;
  sweepUi?: SweepUiState;
}

interface Model extends ViewModel {
  sweep: SweepSnapshot | undefined;
  sweepHistory: SweepListing[];
  /** An earlier sweep drawn beside the current one (its runs without curves: only the summary is drawn). */
  compare: SweepResult | undefined;
  /** The view asked for; see shownView for the one on screen. */
  view: ViewName;
  sweepUi: SweepUiState;
}

const PERSIST_INTERVAL_MS = 1000;

const vscode = acquireVsCodeApi<PersistedState>();
const saved = vscode.getState();
let model: Model = {
  snapshot: undefined,
  history: [],
  trust: { trusted: true },
  ui: { logScale: false, normalized: false },
  sweep: undefined,
  sweepHistory: [],
  compare: undefined,
  view: 'run',
  sweepUi: { logScale: false },
};
if (saved?.version === 1) {
  model = {
    ...model,
    snapshot: saved.snapshot,
    history: saved.history ?? [],
    trust: saved.trust ?? model.trust,
    ui: saved.ui ?? model.ui,
    sweep: saved.sweep,
    sweepHistory: saved.sweepHistory ?? [],
    compare: saved.compare,
    view: saved.view === 'sweep' ? 'sweep' : 'run',
    sweepUi: saved.sweepUi ?? model.sweepUi,
  };
}

/** The view on screen: the one asked for when it has something to show, else the other. */
function shownView(m: Model): ViewName {
  if (m.view === 'sweep') return m.sweep ? 'sweep' : 'run';
  return !m.snapshot && m.sweep ? 'sweep' : 'run';
}

// ---- layout: tab bar, then one container per view
const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
const tabs = {
  run: h('button', { class: 'tab', testid: 'tab-run', attrs: { type: 'button', role: 'tab', id: 'tab-run', 'aria-controls': 'view-run' } }, 'Run'),
  sweep: h('button', { class: 'tab', testid: 'tab-sweep', attrs: { type: 'button', role: 'tab', id: 'tab-sweep', 'aria-controls': 'view-sweep' } }, 'Sweep'),
};
const tabBar = h('div', { class: 'tabs', attrs: { role: 'tablist', 'aria-label': 'Experiment view' }, hidden: true }, tabs.run, tabs.sweep);
const runRoot = h('div', { class: 'view', attrs: { role: 'tabpanel', id: 'view-run', 'aria-labelledby': 'tab-run' } });
const sweepRoot = h('div', { class: 'view', attrs: { role: 'tabpanel', id: 'view-sweep', 'aria-labelledby': 'tab-sweep' }, hidden: true });
root.replaceChildren(tabBar, runRoot, sweepRoot);

for (const name of ['run', 'sweep'] as const) {
  tabs[name].addEventListener('click', () => selectView(name));
  tabs[name].addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const next = name === 'run' ? 'sweep' : 'run';
    selectView(next);
    tabs[next].focus();
  });
}

function selectView(name: ViewName): void {
  if (model.view === name) return;
  model = { ...model, view: name };
  render();
  persist(true);
}

const panelView = new PanelView(
  runRoot,
  {
    post: (message) => vscode.postMessage(message),
    uiChanged: (ui) => {
      model = { ...model, ui };
      persist(true);
    },
  },
  model.ui,
);

// Built on first use: most sessions never sweep.
let sweepView: SweepView | undefined;
function sweepViewOf(): SweepView {
  if (!sweepView) {
    sweepView = new SweepView(
      {
        post: (message) => vscode.postMessage(message),
        uiChanged: (sweepUi) => {
          model = { ...model, sweepUi };
          persist(true);
        },
      },
      model.sweepUi,
    );
    sweepRoot.append(sweepView.element);
  }
  return sweepView;
}

function render(): void {
  const shown = shownView(model);
  // The buttons too, not only the bar: a hidden bar's tabs must not look clickable to a test either.
  const both = Boolean(model.snapshot && model.sweep);
  tabBar.hidden = !both;
  for (const name of ['run', 'sweep'] as const) {
    tabs[name].hidden = !both;
    const selected = shown === name;
    tabs[name].setAttribute('aria-selected', String(selected));
    tabs[name].tabIndex = selected ? 0 : -1;
    tabs[name].classList.toggle('selected', selected);
  }
  runRoot.hidden = shown !== 'run';
  sweepRoot.hidden = shown !== 'sweep';
  // Only the visible view paints; the other catches up when it is shown.
  if (shown === 'sweep' && model.sweep) sweepViewOf().render({ sweep: model.sweep, history: model.sweepHistory, compare: model.compare, trust: model.trust });
  else panelView.render(model);
}
render();

// ---- messages, batched per animation frame
const queue: HostToPanel[] = [];
let frame = 0;

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (!isHostToPanel(event.data)) return;
  queue.push(event.data);
  if (!frame) frame = requestAnimationFrame(flush);
});

function flush(): void {
  frame = 0;
  let { snapshot, history, trust, sweep, sweepHistory, compare, view } = model;
  let ended = false;
  for (const message of queue.splice(0)) {
    switch (message.type) {
      case 'history':
        history = message.runs;
        break;
      case 'trust':
        trust = { trusted: message.trusted, reason: message.reason };
        break;
      case 'sweepHistory':
        sweepHistory = message.sweeps;
        break;
      case 'sweepCompare':
        // The host sends it without curves: it is drawn from its runs' outcomes.
        compare = message.sweep ?? undefined;
        ended = true;
        break;
      case 'replay':
        if (message.state) view = 'run';
        break;
      case 'runStarted':
        view = 'run';
        break;
      case 'sweepReplay':
        if (message.state) view = 'sweep';
        break;
    }
    snapshot = reduceRun(snapshot, message);
    sweep = reduceSweep(sweep, message);
    if (['finished', 'failed', 'replay', 'sweepReplay', 'sweepFinished', 'sweepFailed'].includes(message.type)) ended = true;
  }
  model = { ...model, snapshot, history, trust, sweep, sweepHistory, compare, view };
  render();
  const idle = (!snapshot || isTerminal(snapshot.status)) && (!sweep || sweep.status !== 'running');
  persist(ended || idle);
}

// ---- persistence: serialising thousands of epochs (or a sweep's curves) is not free, so at most once a second
let persistTimer: ReturnType<typeof setTimeout> | undefined;
let lastPersist = 0;

function persist(now = false): void {
  const write = () => {
    persistTimer = undefined;
    lastPersist = Date.now();
    const { snapshot, history, trust, ui, sweep, sweepHistory, compare, view, sweepUi } = model;
    vscode.setState({ version: 1, snapshot, history, trust, ui, sweep, sweepHistory, compare, view, sweepUi });
  };
  if (now || Date.now() - lastPersist >= PERSIST_INTERVAL_MS) {
    if (persistTimer) clearTimeout(persistTimer);
    write();
  } else if (!persistTimer) {
    persistTimer = setTimeout(write, PERSIST_INTERVAL_MS - (Date.now() - lastPersist));
  }
}

// ---- theme changes: VS Code rewrites the body class and the --vscode-* variables on <html>
let themeFrame = 0;
const themeObserver = new MutationObserver(() => {
  if (!themeFrame) {
    themeFrame = requestAnimationFrame(() => {
      themeFrame = 0;
      panelView.applyTheme();
      sweepView?.applyTheme();
    });
  }
});
themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class'] });
themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });

vscode.postMessage({ type: 'ready' });
