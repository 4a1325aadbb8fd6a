// Questions to the browser, for the checks only a rendered page can answer (webview pixels,
// tree rows). Under the code-server harness, test/e2e/dlx-on-page.mjs runs next to the
// workbench page and answers requests through files in $DLX_E2E_CONTROL_DIR:
//
//   test  -> req-<n>.json  { n, action, ...args }       (written atomically)
//   page  -> res-<n>.json  { ok: true, ...facts } | { ok: false, error }
//
// Requests are numbered from 1 and answered in order. Under @vscode/test-electron (no page)
// askPage resolves undefined at once and the browser-level tests skip themselves.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

// Every suite file is its own bundle with its own copy of this module, but they share one page
// and one numbering: the counter lives on globalThis.
const numbering = ((globalThis as { __dlxPageRequests?: { next: number } }).__dlxPageRequests ??= { next: 1 });

export function hasPage(): boolean {
  return Boolean(process.env.DLX_E2E_CONTROL_DIR) && process.env.DLX_E2E_ON_PAGE === '1';
}

function writeAtomic(file: string, value: unknown): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(value));
  fs.renameSync(tmp, file);
}

export type PageAnswer = { ok: true; [key: string]: unknown } | { ok: false; error: string };

/** Sends one request to the page and waits for its answer; undefined when there is no page. */
export async function askPage<T = Record<string, unknown>>(action: string, args: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<(T & { ok: true }) | undefined> {
  if (!hasPage()) return undefined;
  const dir = process.env.DLX_E2E_CONTROL_DIR!;
  const n = numbering.next++;
  writeAtomic(path.join(dir, `req-${n}.json`), { n, action, ...args });
  const answer = path.join(dir, `res-${n}.json`);
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (fs.existsSync(answer)) {
      const result = JSON.parse(fs.readFileSync(answer, 'utf8')) as PageAnswer;
      if (!result.ok) throw new Error(`page (${action}): ${result.error}`);
      return result as T & { ok: true };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`page (${action}): no answer within ${timeoutMs} ms`);
}

/** The last request: the page side may stop listening. */
export async function finishPage(): Promise<void> {
  if (!hasPage()) return;
  await askPage('done', {}, 10_000).catch(() => undefined);
}

/**
 * Waits until the Experiment panel's webview shows its content. In VS Code's web client a new
 * webview can stay blank for up to 30 s: its host frame waits for the webview service worker to
 * change ("Found unexpected service worker controller ... Waiting for controllerchange" in the
 * browser console), and the new worker only takes over once the old one has no request in
 * flight; a webview closed just before with a resource request pending (seen with the Markdown
 * preview that Open Exercise shows) holds it until that request's 30 s timeout. So: wait up to
 * 45 s, then close and open the panel again (a new webview) once.
 */
export async function ensurePanelLoaded(): Promise<void> {
  if (!hasPage()) return;
  for (const [attempt, timeoutMs] of [[1, 45_000], [2, 30_000]]) {
    const t0 = Date.now();
    const state = await askPage<{ loaded: boolean }>('panelLoaded', { timeoutMs }, timeoutMs + 30_000);
    const took = Date.now() - t0;
    if (took > 5_000) console.log(`        (the Experiment webview took ${(took / 1000).toFixed(1)} s to load${state?.loaded ? '' : ', and did not'})`);
    if (state?.loaded) return;
    if (attempt === 2) break;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('dlExercises.showPanel');
  }
  throw new Error('the Experiment webview did not load');
}

/** One editor group, no side bar or panel: the Experiment panel gets the whole window. */
export async function focusExperimentPanel(): Promise<void> {
  for (const command of ['workbench.action.joinAllGroups', 'workbench.action.closeSidebar', 'workbench.action.closePanel', 'workbench.action.closeAuxiliaryBar', 'notifications.clearAll']) {
    await vscode.commands.executeCommand(command).then(undefined, () => undefined);
  }
  await vscode.commands.executeCommand('dlExercises.showPanel');
  await ensurePanelLoaded();
}

/** What the page says of a drawn canvas: its size, pixels drawn at all, coloured pixels (a curve, not grey axes). */
export type CanvasFacts = { testid: string; width: number; height: number; painted: number; colored: number };
