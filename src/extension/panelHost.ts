// The "Experiment" webview panel: driven only by messages. It says `ready`, the host replays its
// panel model (src/shared/panelModel.ts), then streams the runners' events (a sweep's runs in
// batches, src/shared/panelOutbox.ts). Restored after a window reload by a serializer.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { reducePanel, replayMessages, restoredPanelModel, type PanelModel, type TrustState } from '../shared/panelModel';
import { PanelOutbox } from '../shared/panelOutbox';
import { isPanelToHost, isSweepEvent, type HostToPanel, type PanelGuidance, type PanelSnapshot } from '../shared/panelProtocol';
import type { PanelGuide } from './guidance';
import { RESTRICTED_MODE_MESSAGE, type ExperimentRunner } from './runner';
import type { SweepRunner } from './sweepRunner';

export const PANEL_VIEW_TYPE = 'dlExercises.experiment';

export class ExperimentPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  /**
   * What the panel shows. Taken from the runners when a panel first opens (they read the saved
   * runs and sweeps then, not at activation), then kept up to date by their events.
   */
  private model: PanelModel | undefined;
  // A hidden panel's webview is gone (no retainContextWhenHidden): it says `ready` again when shown
  // and gets the replay, so nothing is serialized for it meanwhile; the status bar shows the progress.
  private readonly outbox = new PanelOutbox((message) => {
    if (this.panel?.visible && this.ready) void this.panel.webview.postMessage(message);
  });
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly runner: ExperimentRunner,
    private readonly sweeps: SweepRunner,
    private readonly guide: PanelGuide,
  ) {
    this.disposables.push(
      guide.onDidReveal(() => this.updateGuidance()),
      runner.onEvent((event) => this.apply(event)),
      sweeps.onEvent((event) => this.apply(event)),
      runner.onWillRun(() => this.show(true)),
      sweeps.onWillRun(() => this.show(true)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.apply({ type: 'trust', ...this.trust() })),
    );
  }

  show(preserveFocus = false): void {
    if (this.panel) {
      this.panel.reveal(undefined, preserveFocus);
      return;
    }
    this.attach(vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'Experiment', { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, this.options()));
  }

  /** Takes over a panel: a new one, or one VS Code restores after a reload. */
  attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    this.model ??= restoredPanelModel({
      run: this.runner.snapshot,
      runHistory: this.runner.history,
      sweep: this.sweeps.snapshot,
      sweepHistory: this.sweeps.history,
      compare: this.sweeps.compare,
      trust: this.trust(),
      ...this.guidanceOf(this.runner.snapshot),
    });
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.svg');
    panel.webview.options = this.options();
    panel.webview.html = this.html(panel.webview);
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    }, null, this.disposables);
    panel.webview.onDidReceiveMessage((message: unknown) => {
      if (!isPanelToHost(message)) return;
      switch (message.type) {
        case 'ready':
          this.ready = true;
          this.outbox.clear();
          for (const replay of replayMessages(this.model!)) void panel.webview.postMessage(replay);
          return;
        case 'stop':
          return this.runner.stop();
        case 'rerun':
          return void this.runner.rerun();
        case 'resume':
          return void this.runner.resume(message.runId);
        case 'showRun':
          return this.runner.showRun(message.runId);
        case 'stopSweep':
          return this.sweeps.stop();
        case 'rerunSweep':
          return void this.sweeps.rerun();
        case 'showSweep':
          return this.sweeps.showSweep(message.sweepId);
        case 'compareSweep':
          return this.sweeps.compareWith(message.sweepId);
        case 'showHint':
          return void this.guide.showHintFor(this.model?.run, message.check);
        case 'openStep':
          return void this.guide.openStep(this.model?.run, message.step);
        case 'insertHint':
          return void this.guide.insertRevealed(this.model?.run, message.hint);
        case 'openInstructions':
          return void vscode.commands.executeCommand('dlExercises.openInstructions', vscode.Uri.file(message.file));
        case 'openFile': {
          const position = new vscode.Position((message.line ?? 1) - 1, (message.column ?? 1) - 1);
          return void vscode.window.showTextDocument(vscode.Uri.file(message.file), { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.One });
        }
      }
    }, null, this.disposables);
  }

  private trust(): TrustState {
    return vscode.workspace.isTrusted ? { trusted: true } : { trusted: false, reason: RESTRICTED_MODE_MESSAGE };
  }

  /** Before a panel first opens there is nothing to keep: the runners hold it, read on opening. */
  private apply(message: HostToPanel): void {
    if (!this.model) return;
    // The sweep runner folded its event into its snapshot before telling: the panel shows that
    // snapshot (reducing the event again would recompute the sweep's summary a second time).
    const shared = isSweepEvent(message) && this.sweeps.snapshot?.sweep.id === message.sweepId;
    this.model = reducePanel(shared ? { ...this.model, sweep: this.sweeps.snapshot } : this.model, message);
    this.outbox.send(message);
    // A new run (or one opened from the history) brings its exercise's steps and hints; a finished one its failing checks.
    if (message.type === 'runStarted' || message.type === 'replay' || message.type === 'finished') this.updateGuidance();
  }

  private guidanceOf(snapshot: PanelSnapshot | undefined): { guidance?: PanelGuidance } {
    const guidance = this.guide.forSnapshot(snapshot);
    return guidance ? { guidance } : {};
  }

  private updateGuidance(): void {
    if (this.model) this.apply({ type: 'guidance', guidance: this.guide.forSnapshot(this.model.run) ?? null });
  }

  private options(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  private html(webview: vscode.Webview): string {
    const nonce = randomBytes(16).toString('base64');
    const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', name));
    const csp = [
      "default-src 'none'",
      `img-src ${webview.cspSource} data:`,
      `font-src ${webview.cspSource}`,
      `style-src ${webview.cspSource} 'nonce-${nonce}'`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('webview.css')}" nonce="${nonce}">
<title>Experiment</title>
</head>
<body>
<div id="app"></div>
<script nonce="${nonce}" src="${asset('webview.js')}"></script>
</body>
</html>`;
  }

  dispose(): void {
    this.outbox.clear();
    this.panel?.dispose();
    this.disposables.forEach((d) => d.dispose());
  }
}

export function register(extensionUri: vscode.Uri, runner: ExperimentRunner, sweeps: SweepRunner, guide: PanelGuide): { panel: ExperimentPanel; disposables: vscode.Disposable[] } {
  const panel = new ExperimentPanel(extensionUri, runner, sweeps, guide);
  const serializer = vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
    async deserializeWebviewPanel(webviewPanel) {
      panel.attach(webviewPanel);
    },
  });
  return { panel, disposables: [panel, serializer] };
}
