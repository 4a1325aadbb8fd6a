// The API VS Code injects into webviews. acquireVsCodeApi() may be called only once per page.
import type { PanelToHost } from '../../src/shared/panelProtocol';

export interface VsCodeApi<State> {
  postMessage(message: PanelToHost): void;
  getState(): State | undefined;
  setState<T extends State>(state: T): T;
}

declare global {
  function acquireVsCodeApi<State = unknown>(): VsCodeApi<State>;
}
