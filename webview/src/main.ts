// Entry of the Experiment webview (bundled to dist/webview.js, styles to dist/webview.css).
// Driven only by the host's messages (src/shared/panelProtocol.ts), folded into the panel model
// (src/shared/panelModel.ts): it paints the model saved in the webview state at once, posts
// `ready`, then repaints what arrives, at most once per animation frame, and while a sweep's runs
// stream in at most every SWEEP_REDRAW_MS (hundreds of runs, each redrawing every chart).
//
// Three views share the panel: the last run (RunView), the last sweep (SweepView) and the last run
// of a function exercise (FunctionView). The model's focus decides which one shows; when there
// are several, a tab bar lets the learner switch.
import './panel.css';
import './sweep/sweep.css';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import { reducePanel, shownView, withFocus, type PanelModel, type ViewName } from '../../src/shared/panelModel';
import { isHostToPanel, isSweepRunMessage, type HostToPanel } from '../../src/shared/panelProtocol';
import { isTerminal } from '../../src/shared/runState';
import { realTimers, Throttle } from '../../src/shared/throttle';
import { h } from './common/dom';
import { persistedState, readPersistedState, type PersistedState, type UiPrefs } from './persistedState';
import { RunView } from './run/runView';
import { SweepView } from './sweep/sweepView';
import { FunctionView } from './function/functionView';
import './vscodeApi';

const PERSIST_INTERVAL_MS = 1000;
/** While a sweep runs: its record is on disk and the host replays it, so the webview's own copy can lag. */
const PERSIST_SWEEP_INTERVAL_MS = 10_000;
/**
 * Once a second: each redraw repaints and rasterizes the sweep's canvases and tables, which costs
 * the sweep's workers about three times the redraw's JavaScript again (CPU profile and counters
 * of the workbench renderer during a 500-run sweep, scripts/README-e2e.md); the status bar counts
 * every 500 ms.
 */
const SWEEP_REDRAW_MS = 1000;

const vscode = acquireVsCodeApi<PersistedState>();
let { model, ui }: { model: PanelModel; ui: UiPrefs } = readPersistedState(vscode.getState());

// ---- layout: tab bar, then one container per view
const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
const tabs = {
  run: h('button', { class: 'tab', testid: 'tab-run', attrs: { type: 'button', role: 'tab', id: 'tab-run', 'aria-controls': 'view-run' } }, 'Run'),
  sweep: h('button', { class: 'tab', testid: 'tab-sweep', attrs: { type: 'button', role: 'tab', id: 'tab-sweep', 'aria-controls': 'view-sweep' } }, 'Sweep'),
  function: h('button', { class: 'tab', testid: 'tab-function', attrs: { type: 'button', role: 'tab', id: 'tab-function', 'aria-controls': 'view-function' } }, 'Function'),
};
const VIEWS = ['run', 'sweep', 'function'] as const;
const tabBar = h('div', { class: 'tabs', attrs: { role: 'tablist', 'aria-label': 'Experiment view' }, hidden: true }, tabs.run, tabs.sweep, tabs.function);
const runRoot = h('div', { class: 'view', attrs: { role: 'tabpanel', id: 'view-run', 'aria-labelledby': 'tab-run' } });
const sweepRoot = h('div', { class: 'view', attrs: { role: 'tabpanel', id: 'view-sweep', 'aria-labelledby': 'tab-sweep' }, hidden: true });
const functionRoot = h('div', { class: 'view', attrs: { role: 'tabpanel', id: 'view-function', 'aria-labelledby': 'tab-function' }, hidden: true });
root.replaceChildren(tabBar, runRoot, sweepRoot, functionRoot);

/** The views with something to show, in tab order. */
const available = (): ViewName[] => VIEWS.filter((name) => (name === 'run' ? Boolean(model.run) : name === 'sweep' ? Boolean(model.sweep) : Boolean(model.fn)));

for (const name of VIEWS) {
  tabs[name].addEventListener('click', () => selectView(name));
  tabs[name].addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const shown = available();
    const next = shown[(shown.indexOf(name) + (event.key === 'ArrowRight' ? 1 : shown.length - 1)) % shown.length] ?? name;
    selectView(next);
    tabs[next].focus();
  });
}

function selectView(name: ViewName): void {
  const next = withFocus(model, name);
  if (next === model) return;
  model = next;
  render();
  persist(true);
}

function uiChanged(change: Partial<UiPrefs>): void {
  ui = { ...ui, ...change };
  persist(true);
}

const runView = new RunView(runRoot, { post: (message) => vscode.postMessage(message), uiChanged: (run) => uiChanged({ run }) }, ui.run);

// Built on first use: most sessions never sweep.
let sweepView: SweepView | undefined;
function sweepViewOf(): SweepView {
  if (!sweepView) {
    sweepView = new SweepView({ post: (message) => vscode.postMessage(message), uiChanged: (sweep) => uiChanged({ sweep }) }, ui.sweep);
    sweepRoot.append(sweepView.element);
  }
  return sweepView;
}

// Built on first use too.
let functionView: FunctionView | undefined;
function functionViewOf(): FunctionView {
  if (!functionView) {
    functionView = new FunctionView({ post: (message) => vscode.postMessage(message) });
    functionRoot.append(functionView.element);
  }
  return functionView;
}

function render(): void {
  const shown = shownView(model);
  // The buttons too, not only the bar: a hidden bar's tabs must not look clickable to a test either.
  const withContent = available();
  tabBar.hidden = withContent.length < 2;
  for (const name of VIEWS) {
    tabs[name].hidden = withContent.length < 2 || !withContent.includes(name);
    const selected = shown === name;
    tabs[name].setAttribute('aria-selected', String(selected));
    tabs[name].tabIndex = selected ? 0 : -1;
    tabs[name].classList.toggle('selected', selected);
  }
  runRoot.hidden = shown !== 'run';
  sweepRoot.hidden = shown !== 'sweep';
  functionRoot.hidden = shown !== 'function';
  // Only the visible view paints; the other catches up when it is shown.
  if (shown === 'function') functionViewOf().render(model.fn);
  else if (shown === 'sweep' && model.sweep) sweepViewOf().render({ sweep: model.sweep, history: model.sweepHistory, compare: model.compare, trust: model.trust });
  else runView.render(model);
}
render();

// ---- messages: the next animation frame paints them, or the sweep throttle when only runs came
const queue: HostToPanel[] = [];
let frame = 0;
// Painting may take at most a small share of the time while runs stream in: the rest is the
// workers'. The share counts only the JavaScript of a redraw; style, layout, paint and raster come
// after it and cost about three times as much again (CPU profile of the panel during a 500-run sweep).
const sweepRedraw = new Throttle(() => flush(), SWEEP_REDRAW_MS, realTimers, 0.05);

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (!isHostToPanel(event.data)) return;
  queue.push(event.data);
  if (isSweepRunMessage(event.data)) sweepRedraw.request();
  else if (!frame) frame = requestAnimationFrame(flush);
});

/** Messages after which the state is worth saving at once. */
const ENDINGS: ReadonlySet<HostToPanel['type']> = new Set(['finished', 'failed', 'replay', 'sweepReplay', 'sweepFinished', 'sweepFailed', 'sweepCompare', 'functionRun']);

function flush(): void {
  cancelAnimationFrame(frame);
  frame = 0;
  sweepRedraw.cancel();
  let ended = false;
  for (const message of queue.splice(0)) {
    model = reducePanel(model, message);
    if (ENDINGS.has(message.type)) ended = true;
  }
  render();
  const idle = (!model.run || isTerminal(model.run.status)) && (!model.sweep || model.sweep.status !== 'running');
  persist(ended || idle);
}

// ---- persistence: serialising thousands of epochs (or a sweep's curves) is not free, so at most once a second (every ten during a sweep)
let persistTimer: ReturnType<typeof setTimeout> | undefined;
let lastPersist = 0;

function persist(now = false): void {
  const write = () => {
    persistTimer = undefined;
    lastPersist = Date.now();
    vscode.setState(persistedState(model, ui));
  };
  const interval = model.sweep?.status === 'running' ? PERSIST_SWEEP_INTERVAL_MS : PERSIST_INTERVAL_MS;
  if (now || Date.now() - lastPersist >= interval) {
    if (persistTimer) clearTimeout(persistTimer);
    write();
  } else if (!persistTimer) {
    persistTimer = setTimeout(write, interval - (Date.now() - lastPersist));
  }
}

// ---- theme changes: VS Code rewrites the body class and the --vscode-* variables on <html>
let themeFrame = 0;
const themeObserver = new MutationObserver(() => {
  if (!themeFrame) {
    themeFrame = requestAnimationFrame(() => {
      themeFrame = 0;
      runView.applyTheme();
      sweepView?.applyTheme();
      functionView?.applyTheme();
    });
  }
});
themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class'] });
themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });

vscode.postMessage({ type: 'ready' });
