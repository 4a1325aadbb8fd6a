// The "Experiment" webview panel: driven only by messages. It says `ready`, the host replays
// the current run and the current sweep (the one in focus last), then streams events. Restored
// after a window reload by a serializer.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { isPanelToHost, type HostToPanel } from '../shared/panelProtocol';
import { RESTRICTED_MODE_MESSAGE, type ExperimentRunner } from './runner';
import type { SweepRunner } from './sweepRunner';

export const PANEL_VIEW_TYPE = 'dlExercises.experiment';

export class ExperimentPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  /**
   * What the panel shows: the latest run, or the latest sweep, whichever started (or was opened)
   * last; until one does, the newer of the saved ones (read when the panel first asks).
   */
  private focus: 'run' | 'sweep' | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly runner: ExperimentRunner,
    private readonly sweeps: SweepRunner,
  ) {
    this.disposables.push(
      runner.onEvent((event) => {
        if ((event.type === 'replay' && event.state) || event.type === 'runStarted') this.focus = 'run';
        this.post(event);
      }),
      sweeps.onEvent((event) => {
        if (event.type === 'sweepReplay' && event.state) this.focus = 'sweep';
        this.post(event);
      }),
      runner.onWillRun(() => this.show(true)),
      sweeps.onWillRun(() => this.show(true)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.post(this.trustMessage())),
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
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.svg');
    panel.webview.options = this.options();
    panel.webview.html = this.html(panel.webview);
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    }, null, this.disposables);
    panel.webview.onDidReceiveMessage((message: unknown) => {
      if (!isPanelToHost(message)) return;
      switch (message.type) {
        case 'ready': {
          this.ready = true;
          const run: HostToPanel[] = [{ type: 'replay', state: this.runner.snapshot ?? null }, { type: 'history', runs: this.runner.history }];
          const sweep: HostToPanel[] = [
            { type: 'sweepReplay', state: this.sweeps.snapshot ?? null },
            { type: 'sweepHistory', sweeps: this.sweeps.history },
            { type: 'sweepCompare', sweep: this.sweeps.compare ?? null },
          ];
          this.focus ??= (this.sweeps.snapshot?.sweep.startedAt ?? -1) > (this.runner.snapshot?.startedAt ?? 0) ? 'sweep' : 'run';
          // The one in focus goes last: the panel shows what it heard about last.
          for (const message of [...(this.focus === 'sweep' ? [...run, ...sweep] : [...sweep, ...run]), this.trustMessage()]) void panel.webview.postMessage(message);
          return;
        }
        case 'stop':
          return this.runner.stop();
        case 'rerun':
          return void this.runner.rerun();
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
        case 'openFile': {
          const position = new vscode.Position((message.line ?? 1) - 1, (message.column ?? 1) - 1);
          return void vscode.window.showTextDocument(vscode.Uri.file(message.file), { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.One });
        }
      }
    }, null, this.disposables);
  }

  private trustMessage(): HostToPanel {
    return vscode.workspace.isTrusted ? { type: 'trust', trusted: true } : { type: 'trust', trusted: false, reason: RESTRICTED_MODE_MESSAGE };
  }

  private post(message: HostToPanel): void {
    if (this.panel && this.ready) void this.panel.webview.postMessage(message);
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
    this.panel?.dispose();
    this.disposables.forEach((d) => d.dispose());
  }
}

export function register(extensionUri: vscode.Uri, runner: ExperimentRunner, sweeps: SweepRunner): { panel: ExperimentPanel; disposables: vscode.Disposable[] } {
  const panel = new ExperimentPanel(extensionUri, runner, sweeps);
  const serializer = vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
    async deserializeWebviewPanel(webviewPanel) {
      panel.attach(webviewPanel);
    },
  });
  return { panel, disposables: [panel, serializer] };
}
