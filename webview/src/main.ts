// Entry of the Experiment webview (bundled to dist/webview.js, styles to dist/webview.css).
// Driven only by the host's messages (src/shared/panelProtocol.ts): paints the last snapshot
// from the webview state at once, posts `ready`, then applies what arrives at most once per
// animation frame.
import './panel.css';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import { isHostToPanel, type HostToPanel, type PanelSnapshot, type RunSummary } from '../../src/shared/panelProtocol';
import { isTerminal, reduceRun } from '../../src/shared/runHistory';
import { PanelView, type TrustState, type UiState, type ViewModel } from './panel';
import './vscodeApi';

/** What survives a webview reload (vscode.setState). */
interface PersistedState {
  version: 1;
  snapshot?: PanelSnapshot;
  history: RunSummary[];
  trust: TrustState;
  ui: UiState;
}

const PERSIST_INTERVAL_MS = 1000;

const vscode = acquireVsCodeApi<PersistedState>();
const saved = vscode.getState();
let model: ViewModel =
  saved?.version === 1
    ? { snapshot: saved.snapshot, history: saved.history ?? [], trust: saved.trust ?? { trusted: true }, ui: saved.ui }
    : { snapshot: undefined, history: [], trust: { trusted: true }, ui: { logScale: false, normalized: false } };

const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
const view = new PanelView(
  root,
  {
    post: (message) => vscode.postMessage(message),
    uiChanged: (ui) => {
      model = { ...model, ui };
      persist(true);
    },
  },
  model.ui,
);
view.render(model);

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
  let snapshot = model.snapshot;
  let { history, trust } = model;
  let ended = false;
  for (const message of queue.splice(0)) {
    if (message.type === 'history') history = message.runs;
    else if (message.type === 'trust') trust = { trusted: message.trusted, reason: message.reason };
    snapshot = reduceRun(snapshot, message);
    if (message.type === 'finished' || message.type === 'failed' || message.type === 'replay') ended = true;
  }
  model = { ...model, snapshot, history, trust };
  view.render(model);
  persist(ended || !snapshot || isTerminal(snapshot.status));
}

// ---- persistence: serialising thousands of epochs is not free, so at most once a second
let persistTimer: ReturnType<typeof setTimeout> | undefined;
let lastPersist = 0;

function persist(now = false): void {
  const write = () => {
    persistTimer = undefined;
    lastPersist = Date.now();
    vscode.setState({ version: 1, snapshot: model.snapshot, history: model.history, trust: model.trust, ui: model.ui });
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
      view.applyTheme();
    });
  }
});
themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class'] });
themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });

vscode.postMessage({ type: 'ready' });
